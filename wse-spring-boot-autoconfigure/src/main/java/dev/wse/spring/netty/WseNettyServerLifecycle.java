package dev.wse.spring.netty;

import dev.wse.engine.WseEngine;
import dev.wse.engine.netty.NettyWseServer;
import dev.wse.spring.WseEngineLifecycle;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * {@link SmartLifecycle} of a {@link NettyWseServer}: it starts listening after the
 * engine has started, and on shutdown it stops accepting, lets the engine stop (which
 * closes the open connections with 1001 once their outboxes drain, within the shutdown
 * timeout) and then shuts the Netty event loops down.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseNettyServerLifecycle implements SmartLifecycle {

	/**
	 * The lifecycle phase: just above the engine's, so the server starts after the engine
	 * and stops before it.
	 */
	public static final int PHASE = WseEngineLifecycle.PHASE + 1;

	private final NettyWseServer server;

	private final WseEngine engine;

	private volatile boolean running;

	/**
	 * Create a lifecycle.
	 * @param server the server
	 * @param engine the engine the server feeds
	 */
	public WseNettyServerLifecycle(NettyWseServer server, WseEngine engine) {
		Assert.notNull(server, "'server' must not be null");
		Assert.notNull(engine, "'engine' must not be null");
		this.server = server;
		this.engine = engine;
	}

	@Override
	public void start() {
		this.server.start();
		this.running = true;
	}

	@Override
	public void stop() {
		try {
			this.server.stopAccepting();
			this.engine.stop(this.engine.config().shutdownTimeout());
		}
		finally {
			this.server.stop();
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return {@code false}: like the engine, the server keeps running while its context
	 * is paused.
	 * @return {@code false}
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	/**
	 * Return the port the server listens on.
	 * @return the bound port, or {@code -1} when not running
	 */
	public int port() {
		return this.server.boundPort();
	}

	/**
	 * Return the server.
	 * @return the server
	 */
	public NettyWseServer getServer() {
		return this.server;
	}

}
