package dev.wse.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundLimitsTests {

	private WseEngine engine = EngineTestSupport.start((builder) -> builder.config(EngineTestSupport.config()
		.inboundRateCapacity(10)
		.inboundRateRefill(1)
		.outboxMaxMessages(50)
		.slowConsumerTimeout(Duration.ofMillis(300))
		.pingInterval(Duration.ofMillis(100))
		.idleTimeout(Duration.ofSeconds(30))
		.build()));

	@AfterEach
	void stop() {
		this.engine.stop(Duration.ofSeconds(1));
	}

	@Test
	void malformedJsonGetsInvalidMessageAndTheConnectionStaysUsable() {
		TestClient client = TestClient.connect(this.engine);
		client.send("{not json");
		client.send("[1,2]");
		client.send("{\"t\":42}");
		client.await((envelope) -> envelope.type().equals("error") && client.ofType("error").size() == 3);
		assertThat(client.ofType("error"))
			.allSatisfy((error) -> assertThat(error.payload().path("code").asString()).isEqualTo("INVALID_MESSAGE"));
		assertThat(client.subscribe("still.works").payload().path("success").asBoolean()).isTrue();
		assertThat(this.engine.stats().dropped(DropReason.INVALID)).isEqualTo(3);
	}

	@Test
	void garbageBinaryFramesAreInvalidMessages() {
		TestClient client = TestClient.connect(this.engine);
		client.session().receiveBinary(new byte[] { 'C', ':', 1, 2, 3 });
		client.session().receiveBinary(new byte[] { (byte) 0xff, 0, 1 });
		client.await((envelope) -> envelope.type().equals("error") && client.ofType("error").size() == 2);
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void garbageEncryptedFramesAreDroppedSilentlyAndCounted() {
		TestClient client = TestClient.connect(this.engine);
		client.connectionId();
		client.session().receiveBinary(new byte[] { 'E', ':', 1, 2, 3 });
		client.send("{\"t\":\"ping\",\"p\":{}}");
		client.awaitType("PONG");
		assertThat(client.ofType("error")).isEmpty();
		assertThat(this.engine.stats().dropped(DropReason.DECRYPT_FAILED)).isEqualTo(1);
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void anOversizedMessageClosesWith1009() {
		TestClient client = TestClient.connect(this.engine);
		client.send("{\"t\":\"big\",\"p\":\"" + "x".repeat(1024 * 1024) + "\"}");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void aFloodIsRateLimitedWithFeedbackAtMostOncePerSecond() {
		TestClient client = TestClient.connect(this.engine);
		for (int i = 0; i < 40; i++) {
			client.send("{\"t\":\"ping\",\"p\":{\"timestamp\":" + i + "}}");
		}
		client.await((envelope) -> envelope.type().equals("error"));
		assertThat(client.ofType("PONG")).hasSize(10);
		assertThat(client.ofType("error")).hasSize(1)
			.allSatisfy((error) -> assertThat(error.payload().path("code").asString()).isEqualTo("RATE_LIMITED"));
		assertThat(client.ofType("rate_limit_warning")).hasSize(1);
		assertThat(this.engine.stats().dropped(DropReason.INBOUND_RATE_LIMITED)).isEqualTo(30);
	}

	@Test
	void aStalledReaderDoesNotDelayOthersAndIsClosedAsSlowConsumer() {
		TestClient stalled = TestClient.connect(this.engine);
		List<TestClient> healthy = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			healthy.add(TestClient.connect(this.engine));
		}
		stalled.subscribe("ticks");
		healthy.forEach((client) -> client.subscribe("ticks"));
		stalled.session().stall();
		for (int i = 0; i < 500; i++) {
			this.engine.publish("ticks", "tick", Map.of("i", i));
		}
		for (TestClient client : healthy) {
			Envelope last = client
				.await((envelope) -> envelope.type().equals("tick") && envelope.payload().path("i").asInt() == 499);
			assertThat(last).isNotNull();
			assertThat(client.ofType("tick")).hasSize(500);
		}
		assertThat(this.engine.stats().dropped(DropReason.OUTBOX_FULL)).isPositive();
		assertThat(stalled.session().awaitClose(Duration.ofSeconds(3))).isEqualTo(CloseCode.SLOW_CONSUMER.code());
		assertThat(healthy).allMatch((client) -> client.session().isOpen());
	}

}
