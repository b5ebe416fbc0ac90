package dev.wse.integration;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

	private volatile CountDownLatch gate = new CountDownLatch(0);

	/**
	 * Make {@code wait} messages wait (at most 30 s each) until the returned latch is
	 * counted down.
	 * @return the latch that lets them through
	 */
	CountDownLatch holdWaitMessages() {
		CountDownLatch gate = new CountDownLatch(1);
		this.gate = gate;
		return gate;
	}

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

	@OnMessage("wait")
	Map<String, Object> waitAtTheGate(Map<String, Object> payload) throws InterruptedException {
		this.gate.await(30, TimeUnit.SECONDS);
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
