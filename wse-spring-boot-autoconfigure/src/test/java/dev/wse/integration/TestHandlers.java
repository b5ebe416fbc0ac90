package dev.wse.integration;

import java.util.Map;

import dev.wse.engine.handler.WseException;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.spring.annotation.WseHandler;

/**
 * Application message handlers used by the integration tests.
 */
@WseHandler
class TestHandlers {

	/** The application error code {@code fail} answers with. */
	static final String REJECTED = "APP_REJECTED";

	@OnMessage("echo")
	Map<String, Object> echo(Map<String, Object> payload) {
		return payload;
	}

	@OnMessage("fail")
	void fail(Map<String, Object> payload) {
		throw new WseException(REJECTED, "Rejected by the application");
	}

	@OnMessage("crash")
	void crash(Map<String, Object> payload) {
		throw new IllegalStateException("Unexpected failure in the handler");
	}

	@OnMessage("noop")
	void noop(Map<String, Object> payload) {
	}

	@OnMessage("slow")
	Map<String, Object> slow(Map<String, Object> payload) throws InterruptedException {
		Thread.sleep(1);
		return payload;
	}

	@OnMessage(value = "thread", blocking = false)
	Map<String, Object> thread(Map<String, Object> payload) {
		return Map.of("name", Thread.currentThread().getName());
	}

	@OnMessage("thread_pooled")
	Map<String, Object> threadPooled(Map<String, Object> payload) {
		return Map.of("name", Thread.currentThread().getName());
	}

}
