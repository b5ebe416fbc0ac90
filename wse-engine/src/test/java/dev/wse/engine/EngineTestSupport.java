package dev.wse.engine;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Builds engines for tests and stops them afterwards.
 */
final class EngineTestSupport {

	private EngineTestSupport() {
	}

	static WseEngine start(Consumer<WseEngine.Builder> customizer) {
		WseEngine.Builder builder = WseEngine.builder();
		customizer.accept(builder);
		WseEngine engine = builder.build();
		engine.start();
		return engine;
	}

	static WseEngineConfig.Builder config() {
		return WseEngineConfig.builder().shutdownTimeout(Duration.ofSeconds(1));
	}

}
