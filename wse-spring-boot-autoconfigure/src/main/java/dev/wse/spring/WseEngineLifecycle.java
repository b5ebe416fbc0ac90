package dev.wse.spring;

import dev.wse.engine.EngineState;
import dev.wse.engine.WseEngine;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * {@link SmartLifecycle} that starts a {@link WseEngine} once the application context is
 * refreshed (after {@code @WseHandler} discovery, which runs when the singletons are
 * instantiated) and stops it gracefully on shutdown: new connections are refused, open
 * ones are closed with 1001 once their outboxes drain, within the engine's shutdown
 * timeout.
 * <p>
 * The phase is above the web server's graceful shutdown phase, so the engine stops, and
 * clients are told, while the server still carries their connections.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseEngineLifecycle implements SmartLifecycle {

	/**
	 * The lifecycle phase: started after and stopped before the web server
	 * ({@code WebServerGracefulShutdownLifecycle} uses {@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final WseEngine engine;

	/**
	 * Create a lifecycle for an engine.
	 * @param engine the engine
	 */
	public WseEngineLifecycle(WseEngine engine) {
		Assert.notNull(engine, "'engine' must not be null");
		this.engine = engine;
	}

	@Override
	public void start() {
		this.engine.start();
	}

	@Override
	public void stop() {
		this.engine.stop(this.engine.config().shutdownTimeout());
	}

	@Override
	public boolean isRunning() {
		return this.engine.state() == EngineState.RUNNING;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return {@code false}: the engine keeps running while its context is paused (as
	 * Spring's test context cache does with contexts not in use), like the web server
	 * that carries its connections; a stopped engine does not start again.
	 * @return {@code false}
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	/**
	 * Return the engine.
	 * @return the engine
	 */
	public WseEngine getEngine() {
		return this.engine;
	}

}
