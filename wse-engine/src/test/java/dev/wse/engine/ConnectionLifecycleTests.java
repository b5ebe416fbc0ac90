package dev.wse.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConnectionLifecycleTests {

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private WseEngine engine(WseEngineConfig config) {
		this.engine = EngineTestSupport.start((builder) -> builder.config(config)
			.authenticator((request) -> (request.bearerToken() == null)
					? AuthenticationResult.failure(ErrorCode.AUTH_REQUIRED, "No JWT cookie or Authorization header")
					: request.bearerToken().equals("good") ? AuthenticationResult.success(WsePrincipal.of("alice"))
							: AuthenticationResult.failure(ErrorCode.AUTH_FAILED, "Authentication failed")));
		return this.engine;
	}

	private static Map<String, List<String>> bearer(String token) {
		return Map.of("Authorization", List.of("Bearer " + token));
	}

	@Test
	void serverReadyIsTheFirstFrameAndCarriesConnectionAndUser() {
		TestClient client = TestClient.connect(engine(EngineTestSupport.config().build()), "ws://localhost/wse",
				bearer("good"));
		client.awaitType("server_ready");
		OutboundFrame first = client.session().frames().get(0);
		assertThat(first.isText()).isTrue();
		Envelope ready = client.decode(first);
		assertThat(ready.type()).isEqualTo("server_ready");
		assertThat(ready.seq()).isEqualTo(1L);
		assertThat(ready.id()).isNotNull();
		assertThat(ready.timestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		assertThat(ready.payload().path("details").path("user_id").asString()).isEqualTo("alice");
		assertThat(ready.payload().path("details").path("connection_id").asString()).hasSize(36);
		assertThat(ready.payload().path("details").path("features").path("recovery").asBoolean()).isFalse();
		assertThat(this.engine.connectionCount()).isEqualTo(1);
	}

	@Test
	void missingTokenGetsAuthRequiredThenClose4401() {
		TestClient client = TestClient.connect(engine(EngineTestSupport.config().build()), "ws://localhost/wse",
				Map.of());
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4401);
		assertThat(client.session().closeReason()).isEqualTo("Authentication failed");
		List<Envelope> messages = client.messages();
		assertThat(messages).hasSize(1);
		assertThat(messages.get(0).type()).isEqualTo("error");
		assertThat(messages.get(0).payload().path("code").asString()).isEqualTo("AUTH_REQUIRED");
		assertThat(this.engine.connectionCount()).isZero();
		assertThat(this.engine.stats().authFailures()).isEqualTo(1);
	}

	@Test
	void badTokenGetsAuthFailed() {
		TestClient client = TestClient.connect(engine(EngineTestSupport.config().build()), "ws://localhost/wse",
				bearer("forged"));
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4401);
		assertThat(client.messages().get(0).payload().path("code").asString()).isEqualTo("AUTH_FAILED");
	}

	@Test
	void clientHelloGetsServerHelloWithNegotiatedVersion() {
		TestClient client = TestClient.connect(engine(EngineTestSupport.config().build()), "ws://localhost/wse",
				bearer("good"));
		client
			.send("{\"c\":\"WSE\",\"t\":\"client_hello\",\"p\":{\"client_version\":\"2.4.1\",\"protocol_version\":5}}");
		Envelope hello = client.awaitType("server_hello");
		assertThat(hello.payload().path("protocol_version").asInt()).isEqualTo(2);
		assertThat(hello.payload().path("ping_interval").asLong()).isEqualTo(25_000);
		assertThat(hello.payload().path("connection_id").asString()).isEqualTo(client.connectionId());
		assertThat(hello.payload().path("limits").path("max_message_size").asInt()).isEqualTo(1024 * 1024);
		assertThat(hello.id()).isNull();
	}

	@Test
	void pingGetsPongTextFrameStartingWithCategoryAndType() {
		TestClient client = TestClient.connect(engine(EngineTestSupport.config().build()), "ws://localhost/wse",
				bearer("good"));
		client.send("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"timestamp\":1000},\"v\":1}");
		client.awaitType("PONG");
		String pong = client.session().texts().stream().filter((text) -> text.contains("PONG")).findFirst().get();
		assertThat(pong).startsWith("{\"c\":\"WSE\",\"t\":\"PONG\"");
		assertThat(client.awaitType("PONG").payload().path("client_timestamp").asLong()).isEqualTo(1000);
	}

	@Test
	void serverPingsAtTheIntervalAndIdleConnectionIsClosedWith4408() {
		WseEngineConfig config = EngineTestSupport.config()
			.pingInterval(Duration.ofMillis(100))
			.idleTimeout(Duration.ofMillis(600))
			.build();
		TestClient client = TestClient.connect(engine(config), "ws://localhost/wse", bearer("good"));
		Envelope ping = client.awaitType("ping");
		assertThat(ping.payload().path("server_time").asString()).endsWith("Z");
		assertThat(client.session().texts()).anyMatch((text) -> text.startsWith("{\"c\":\"WSE\",\"t\":\"ping\""));
		assertThat(client.session().awaitClose(Duration.ofSeconds(3))).isEqualTo(CloseCode.IDLE_TIMEOUT.code());
		assertThat(this.engine.connectionCount()).isZero();
	}

	@Test
	void inboundDataKeepsTheConnectionAlive() throws Exception {
		WseEngineConfig config = EngineTestSupport.config()
			.pingInterval(Duration.ofMillis(100))
			.idleTimeout(Duration.ofMillis(400))
			.build();
		TestClient client = TestClient.connect(engine(config), "ws://localhost/wse", bearer("good"));
		for (int i = 0; i < 10; i++) {
			Thread.sleep(100);
			client.send("{\"c\":\"WSE\",\"t\":\"PONG\",\"p\":{}}");
		}
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void connectionsBeyondTheCapAreClosedWith1013() {
		WseEngine engine = engine(EngineTestSupport.config().maxConnections(2).build());
		TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		TestClient third = TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		assertThat(third.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.TRY_AGAIN_LATER.code());
		assertThat(engine.connectionCount()).isEqualTo(2);
	}

	@Test
	void stopClosesWith1001AfterQueuedFramesAndRefusesNewConnections() {
		WseEngine engine = engine(EngineTestSupport.config().build());
		TestClient client = TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		client.subscribe("news");
		engine.publish("news", "headline", Map.of("title", "last words"));
		engine.stop(Duration.ofSeconds(2));
		assertThat(client.session().closeCode()).isEqualTo(1001);
		assertThat(client.ofType("headline")).hasSize(1);
		assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
		TestClient late = TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		assertThat(late.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(1001);
		assertThat(late.messages()).isEmpty();
	}

	@Test
	void stopGivesUpOnAStalledClientAfterTheTimeout() {
		WseEngine engine = engine(EngineTestSupport.config().build());
		TestClient client = TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		client.awaitType("server_ready");
		client.session().stall();
		engine.broadcast("note", Map.of());
		long start = System.nanoTime();
		engine.stop(Duration.ofMillis(300));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(engine.connectionCount()).isZero();
		assertThat(client.session().closeCode()).isEqualTo(1001);
	}

	@Test
	void aStoppedEngineRefusesToStartAgain() {
		WseEngine engine = engine(EngineTestSupport.config().build());
		engine.stop(Duration.ofMillis(100));
		assertThatIllegalStateException().isThrownBy(engine::start).withMessageContaining("cannot be started again");
	}

	@Test
	void peerCloseForgetsTheConnection() {
		WseEngine engine = engine(EngineTestSupport.config().build());
		TestClient client = TestClient.connect(engine, "ws://localhost/wse", bearer("good"));
		client.subscribe("news");
		assertThat(engine.topicCount()).isEqualTo(1);
		client.session().peerClosed(1000);
		assertThat(engine.connectionCount()).isZero();
		assertThat(engine.topicCount()).isZero();
	}

	@Test
	void pingIntervalMustBeShorterThanIdleTimeout() {
		assertThatIllegalArgumentException().isThrownBy(() -> WseEngineConfig.builder()
			.pingInterval(Duration.ofSeconds(60))
			.idleTimeout(Duration.ofSeconds(60))
			.build());
	}

}
