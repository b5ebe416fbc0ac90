package dev.wse.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTests {

	private WseEngine engine;

	private WseEngine start(WseEngineConfig.Builder config) {
		this.engine = EngineTestSupport.start((builder) -> builder.config(config.recoveryEnabled(true).build()));
		return this.engine;
	}

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private static Envelope resume(TestClient client, String topic, String epoch, long offset) {
		int before = client.ofType("subscription_update").size();
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + topic
				+ "\"],\"recover\":true,\"recovery\":{\"" + topic + "\":{\"epoch\":\"" + epoch + "\",\"offset\":"
				+ offset + "}}}}");
		// Poll rather than await with a predicate over every frame: a resume may replay
		// thousands of frames, and re-reading them all for each new frame is quadratic.
		long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
		List<Envelope> acks = client.ofType("subscription_update");
		while (acks.size() <= before) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("No subscription_update within " + TestClient.TIMEOUT);
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
			acks = client.ofType("subscription_update");
		}
		return acks.get(before);
	}

	private static List<Long> offsets(TestClient client, String type) {
		return client.ofType(type).stream().map(Envelope::offset).toList();
	}

	@Test
	void publicationsCarryTopicEpochAndOffsetAsTheirFirstKeys() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient client = TestClient.connect(engine);
		assertThat(client.awaitType("server_ready")
			.payload()
			.path("details")
			.path("features")
			.path("recovery")
			.asBoolean()).isTrue();
		client.subscribe("prices");
		engine.publish("prices", "tick", Map.of("n", 0));
		engine.publish("prices", "tick", Map.of("n", 1));
		client.await((envelope) -> client.ofType("tick").size() == 2);
		List<String> texts = client.session().texts().stream().filter((text) -> text.contains("\"tick\"")).toList();
		assertThat(texts.get(0))
			.matches("\\{\"tp\":\"prices\",\"e\":\"[0-9a-f]{8}\",\"o\":0,\"c\":\"U\",\"t\":\"tick\".*");
		assertThat(texts.get(1)).contains("\"o\":1,");
	}

	@Test
	void resumingWithAValidPositionReplaysExactlyTheMissedMessagesThenLiveOnes() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient first = TestClient.connect(engine);
		first.subscribe("prices");
		for (int i = 0; i < 5; i++) {
			engine.publish("prices", "tick", Map.of("n", i));
		}
		Envelope third = first.await((envelope) -> Long.valueOf(2).equals(envelope.offset()));
		first.session().peerClosed(1006);
		for (int i = 5; i < 8; i++) {
			engine.publish("prices", "tick", Map.of("n", i));
		}
		TestClient second = TestClient.connect(engine);
		Envelope ack = resume(second, "prices", third.epoch(), 2);
		JsonNode position = ack.payload().path("recovery").path("prices");
		assertThat(ack.payload().path("recovered").asBoolean()).isTrue();
		assertThat(position.path("recovered").asBoolean()).isTrue();
		assertThat(position.path("count").asInt()).isEqualTo(5);
		assertThat(position.path("epoch").asString()).isEqualTo(third.epoch());
		assertThat(position.path("offset").asLong()).isEqualTo(7);
		engine.publish("prices", "tick", Map.of("n", 8));
		second.await((envelope) -> Long.valueOf(8).equals(envelope.offset()));
		assertThat(offsets(second, "tick")).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
	}

	@Test
	void replayedFramesAreTheSameBytesAsTheLiveOnes() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient live = TestClient.connect(engine);
		live.subscribe("prices");
		engine.publish("prices", "tick", Map.of("n", 0));
		Envelope first = live.awaitType("tick");
		engine.publish("prices", "tick", Map.of("n", 1));
		live.await((envelope) -> live.ofType("tick").size() == 2);
		TestClient late = TestClient.connect(engine);
		resume(late, "prices", first.epoch(), 0);
		late.awaitType("tick");
		OutboundFrame liveFrame = live.session().frames().get(live.session().frames().size() - 1);
		OutboundFrame replayed = late.session()
			.frames()
			.stream()
			.filter((frame) -> frame.textContent().contains("\"tick\""))
			.findFirst()
			.get();
		assertThat(replayed).isSameAs(liveFrame);
	}

	@Test
	void aPositionTooFarBehindIsNotRecoveredAndReportsTheCurrentPosition() {
		WseEngine engine = start(EngineTestSupport.config().recoveryBufferSize(16));
		TestClient publisherSide = TestClient.connect(engine);
		publisherSide.subscribe("prices");
		for (int i = 0; i < 40; i++) {
			engine.publish("prices", "tick", Map.of("n", i));
		}
		String epoch = publisherSide.awaitType("tick").epoch();
		TestClient client = TestClient.connect(engine);
		Envelope ack = resume(client, "prices", epoch, 3);
		JsonNode position = ack.payload().path("recovery").path("prices");
		assertThat(ack.payload().path("recovered").asBoolean()).isFalse();
		assertThat(position.path("recovered").asBoolean()).isFalse();
		assertThat(position.path("recoverable").asBoolean()).isTrue();
		assertThat(position.path("offset").asLong()).isEqualTo(39);
		assertThat(position.path("epoch").asString()).isEqualTo(epoch);
		assertThat(client.ofType("tick")).isEmpty();
	}

	@Test
	void anUnknownEpochIsNotRecoveredAndATopicWithoutBufferReportsNullEpoch() {
		WseEngine engine = start(EngineTestSupport.config());
		engine.publish("prices", "tick", Map.of());
		TestClient client = TestClient.connect(engine);
		Envelope ack = resume(client, "prices", "00000000", 0);
		assertThat(ack.payload().path("recovery").path("prices").path("recovered").asBoolean()).isFalse();
		assertThat(ack.payload().path("recovery").path("prices").path("epoch").asString()).matches("[0-9a-f]{8}");
		Envelope none = resume(client, "quiet", "00000000", 0);
		assertThat(none.payload().path("recovery").path("quiet").path("epoch").isNull()).isTrue();
		assertThat(none.payload().path("recovery").path("quiet").path("recoverable").asBoolean()).isFalse();
	}

	@Test
	void aBufferEvictedByTtlComesBackWithANewEpoch() throws InterruptedException {
		WseEngine engine = start(EngineTestSupport.config()
			.recoveryTtl(Duration.ofMillis(100))
			.recoveryCleanupInterval(Duration.ofMillis(20))
			.pingInterval(Duration.ofMillis(50))
			.idleTimeout(Duration.ofSeconds(30)));
		TestClient client = TestClient.connect(engine);
		client.subscribe("prices");
		engine.publish("prices", "tick", Map.of());
		String epoch = client.awaitType("tick").epoch();
		Thread.sleep(400);
		TestClient late = TestClient.connect(engine);
		Envelope ack = resume(late, "prices", epoch, 0);
		assertThat(ack.payload().path("recovery").path("prices").path("epoch").isNull()).isTrue();
		engine.publish("prices", "tick", Map.of());
		Envelope next = late.awaitType("tick");
		assertThat(next.epoch()).isNotEqualTo(epoch);
		assertThat(next.offset()).isZero();
	}

	@Test
	void theMemoryBudgetEvictsBuffers() throws InterruptedException {
		WseEngine engine = start(EngineTestSupport.config().recoveryMemoryBudget(2_000));
		TestClient client = TestClient.connect(engine);
		client.subscribe("a", "b");
		engine.publish("a", "tick", Map.of("pad", "x".repeat(1500)));
		String epochA = client.awaitType("tick").epoch();
		Thread.sleep(5);
		engine.publish("b", "tick", Map.of("pad", "x".repeat(1500)));
		long deadline = System.nanoTime() + 3_000_000_000L;
		Envelope ack;
		do {
			Thread.sleep(20);
			ack = resume(TestClient.connect(engine), "a", epochA, 0);
		}
		while (!ack.payload().path("recovery").path("a").path("epoch").isNull() && System.nanoTime() < deadline);
		assertThat(ack.payload().path("recovery").path("a").path("epoch").isNull()).isTrue();
	}

	@Test
	void publicationsDuringAReplayAreDeliveredOnceAfterTheReplayedOnes() throws Exception {
		WseEngine engine = start(EngineTestSupport.config()
			.recoveryBufferSize(32_768)
			.recoveryMaxMessages(30_000)
			.outboxMaxMessages(100_000)
			.outboxMaxBytes(256L * 1024 * 1024));
		TestClient seed = TestClient.connect(engine);
		seed.subscribe("prices");
		engine.publish("prices", "tick", Map.of());
		String epoch = seed.awaitType("tick").epoch();
		AtomicBoolean running = new AtomicBoolean(true);
		Thread publisher = new Thread(() -> {
			for (int i = 0; i < 20_000 && running.get(); i++) {
				engine.publish("prices", "tick", Map.of());
			}
		});
		publisher.start();
		List<TestClient> resumed = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Thread.sleep(2);
			TestClient client = TestClient.connect(engine);
			resume(client, "prices", epoch, 0);
			resumed.add(client);
		}
		running.set(false);
		publisher.join();
		engine.publish("prices", "tick", Map.of("last", true));
		for (TestClient client : resumed) {
			Envelope last = client.await((envelope) -> envelope.payload().path("last").asBoolean());
			assertThat(client.ofType("subscription_update").get(0).payload().path("recovered").asBoolean()).isTrue();
			List<Long> offsets = offsets(client, "tick");
			assertThat(offsets.get(0)).isEqualTo(1L);
			for (int i = 1; i < offsets.size(); i++) {
				assertThat(offsets.get(i)).isEqualTo(offsets.get(i - 1) + 1);
			}
			assertThat(offsets.get(offsets.size() - 1)).isEqualTo(last.offset());
		}
	}

	@Test
	void aForbiddenTopicRevealsNoPositionAndReplaysNothing() {
		this.engine = EngineTestSupport
			.start((builder) -> builder.config(EngineTestSupport.config().recoveryEnabled(true).build())
				.topicAuthorizer((principal, topic) -> !topic.startsWith("payroll")));
		this.engine.publish("payroll", "salary", Map.of("amount", 1));
		TestClient client = TestClient.connect(this.engine);
		Envelope ack = resume(client, "payroll", "00000000", -1);
		assertThat(ack.payload().path("failed_topics").toString()).isEqualTo("[\"payroll\"]");
		assertThat(ack.payload().path("recovery").has("payroll")).isFalse();
		assertThat(ack.payload().path("recovered").asBoolean()).isFalse();
		assertThat(client.ofType("salary")).isEmpty();
	}

	@Test
	void aReplayDoesNotRedeliverMessagesWithAnApplicationIdThisConnectionAlreadyGot() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient client = TestClient.connect(engine);
		client.subscribe("orders");
		engine.publish("orders", Envelope.builder("order").id("order-1").build());
		engine.publish("orders", Envelope.builder("order").build());
		String epoch = client.awaitType("order").epoch();
		client.await((envelope) -> client.ofType("order").size() == 2);
		resume(client, "orders", epoch, -1);
		assertThat(client.ofType("order")).extracting(Envelope::offset).containsExactly(0L, 1L, 1L);
		assertThat(engine.stats().dropped(DropReason.DUPLICATE)).isEqualTo(1);
	}

}
