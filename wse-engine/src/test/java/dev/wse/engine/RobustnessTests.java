package dev.wse.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.InMemorySession;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regressions for races and resource leaks found in review.
 */
class RobustnessTests {

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private static void eventually(Runnable assertion) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (;;) {
			try {
				assertion.run();
				return;
			}
			catch (AssertionError ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(20);
			}
		}
	}

	@Test
	void concurrentOpensUnderEvictOldestLeakNoConnectionSlots() throws Exception {
		this.engine = EngineTestSupport.start(
				(builder) -> builder
					.config(EngineTestSupport.config()
						.maxConnections(100)
						.connectionsPerUser(1)
						.connectionsPerUserPolicy(WseEngineConfig.UserLimitPolicy.EVICT_OLDEST)
						.defaultSubscriptions(List.of("user:{sub}"))
						.build())
					.authenticator((request) -> AuthenticationResult.success(WsePrincipal.of("mallory"))));
		List<InMemorySession> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 2_000; i++) {
			pool.execute(() -> sessions.add(TestClient.connect(this.engine).session()));
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		eventually(() -> assertThat(this.engine.connectionCount()).isLessThanOrEqualTo(1));
		synchronized (sessions) {
			sessions.forEach((session) -> session.peerClosed(1000));
		}
		eventually(() -> assertThat(this.engine.connectionCount()).isZero());
		assertThat(this.engine.topicCount()).isZero();
		for (int i = 0; i < 3; i++) {
			assertThat(TestClient.connect(this.engine).awaitType("server_ready")).isNotNull();
		}
	}

	@Test
	void aSubscriptionQueuedBehindASlowHandlerDoesNotOutliveItsConnection() throws Exception {
		HandlerRegistry handlers = new HandlerRegistry();
		handlers.register("slow", (message) -> {
			Thread.sleep(200);
			return null;
		});
		handlers.registerSnapshot("board", "board_snapshot", (topic, connection) -> List.of(), "test");
		this.engine = WseEngine.builder().config(EngineTestSupport.config().build()).handlers(handlers).build();
		this.engine.start();
		TestClient client = TestClient.connect(this.engine);
		client.awaitType("server_ready");
		client.send("{\"t\":\"slow\",\"p\":{}}");
		client.send(
				"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"a\",\"b\",\"board\"]}}");
		client.session().peerClosed(1006);
		Thread.sleep(400);
		assertThat(this.engine.topicCount()).isZero();
		assertThat(this.engine.connectionCount()).isZero();
	}

	@Test
	void aSnapshotThatCannotBeConvertedIsReportedAsFailed() {
		HandlerRegistry handlers = new HandlerRegistry();
		Object unconvertible = new Object() {

			@SuppressWarnings("unused")
			public Object getSelf() {
				throw new IllegalStateException("no");
			}

		};
		handlers.registerSnapshot("board", "board_snapshot",
				(topic, connection) -> List.of(Map.of("ok", 1), unconvertible), "test");
		this.engine = WseEngine.builder().config(EngineTestSupport.config().build()).handlers(handlers).build();
		this.engine.start();
		TestClient client = TestClient.connect(this.engine);
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"board\"]}}");
		Envelope complete = client.awaitType("snapshot_complete");
		assertThat(complete.payload().path("failed_topics").toString()).isEqualTo("[\"board\"]");
		assertThat(client.awaitType("error").payload().path("code").asString()).isEqualTo("SNAPSHOT_FAILED");
		assertThat(client.ofType("board_snapshot")).isEmpty();
		assertThat(client.awaitType("subscription_update").payload().path("success_topics").toString())
			.isEqualTo("[\"board\"]");
	}

	@Test
	void aGracefulCloseToAPeerThatDoesNotReadEndsAtTheDeadline() throws Exception {
		this.engine = EngineTestSupport.start((builder) -> builder.config(EngineTestSupport.config()
			.slowConsumerTimeout(Duration.ofMillis(300))
			.pingInterval(Duration.ofMillis(100))
			.idleTimeout(Duration.ofSeconds(30))
			.build()));
		TestClient client = TestClient.connect(this.engine);
		String id = client.connectionId();
		client.session().stall();
		this.engine.sendToConnection(id, "note", Map.of());
		this.engine.connection(id).close(CloseCode.NORMAL);
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"late\"]}}");
		assertThat(this.engine.topicCount()).isZero();
		eventually(() -> assertThat(this.engine.connectionCount()).isZero());
		assertThat(client.session().closeCode()).isEqualTo(CloseCode.NORMAL.code());
	}

	@Test
	void globPatternsPerConnectionAreCapped() {
		this.engine = EngineTestSupport
			.start((builder) -> builder.config(EngineTestSupport.config().maxPatternsPerConnection(2).build()));
		TestClient client = TestClient.connect(this.engine);
		Envelope ack = client.subscribe("a.*", "b.*", "c.*", "plain");
		assertThat(ack.payload().path("success_topics").toString()).isEqualTo("[\"a.*\",\"b.*\",\"plain\"]");
		assertThat(ack.payload().path("errors").path("c.*").asString()).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
	}

}
