package dev.wse.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.annotation.OnSnapshot;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotAndFilterTests {

	private WseEngine engine;

	private final List<String> board = new ArrayList<>(List.of("AAPL=187", "MSFT=411"));

	private WseEngine start(boolean recovery) {
		HandlerRegistry handlers = new HandlerRegistry();
		handlers.registerAnnotated(new Object() {

			@OnSnapshot(value = "prices", type = "price_snapshot")
			List<Map<String, String>> prices(String topic, WseConnection connection) {
				synchronized (SnapshotAndFilterTests.this.board) {
					return SnapshotAndFilterTests.this.board.stream().map((entry) -> Map.of("quote", entry)).toList();
				}
			}

			@OnSnapshot("broken.*")
			Object broken(String topic) {
				throw new IllegalStateException("database down");
			}

		});
		this.engine = WseEngine.builder()
			.config(EngineTestSupport.config().recoveryEnabled(recovery).build())
			.handlers(handlers)
			.build();
		this.engine.start();
		return this.engine;
	}

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private static void subscribe(TestClient client, String json) {
		int before = client.ofType("subscription_update").size();
		client.send(json);
		client.await((envelope) -> client.ofType("subscription_update").size() > before);
	}

	@Test
	void subscribingSendsTheSnapshotThenSnapshotCompleteThenLiveMessages() {
		WseEngine engine = start(true);
		engine.publish("prices", "tick", Map.of("n", 0));
		TestClient client = TestClient.connect(engine);
		subscribe(client, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"prices\"]}}");
		engine.publish("prices", "tick", Map.of("n", 1));
		client.await((envelope) -> envelope.type().equals("tick"));
		List<String> order = client.messages()
			.stream()
			.map(Envelope::type)
			.filter((type) -> !type.equals("server_ready") && !type.equals("subscription_update"))
			.toList();
		assertThat(order).containsExactly("price_snapshot", "price_snapshot", "snapshot_complete", "tick");
		Envelope snapshot = client.ofType("price_snapshot").get(0);
		assertThat(snapshot.effectiveCategory()).isEqualTo(MessageCategory.S);
		assertThat(snapshot.topic()).isEqualTo("prices");
		assertThat(snapshot.epoch()).isNull();
		Envelope complete = client.awaitType("snapshot_complete");
		assertThat(complete.payload().path("positions").path("prices").path("offset").asLong()).isZero();
		assertThat(client.ofType("tick").get(0).offset()).isEqualTo(1L);
	}

	@Test
	void syncRequestSendsTheSnapshotAgain() {
		WseEngine engine = start(false);
		TestClient client = TestClient.connect(engine);
		subscribe(client, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"prices\"]}}");
		synchronized (this.board) {
			this.board.add("NVDA=120");
		}
		client.send("{\"c\":\"S\",\"t\":\"sync_request\",\"p\":{\"topics\":[\"prices\"]}}");
		client.await((envelope) -> client.ofType("snapshot_complete").size() == 2);
		assertThat(client.ofType("price_snapshot")).hasSize(5);
		assertThat(client.ofType("snapshot_complete")
			.get(1)
			.payload()
			.path("positions")
			.path("prices")
			.path("epoch")
			.isNull()).isTrue();
	}

	@Test
	void aFailingProviderIsReportedAndTheSubscriptionStands() {
		WseEngine engine = start(false);
		TestClient client = TestClient.connect(engine);
		subscribe(client, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"broken.x\"]}}");
		Envelope error = client.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("SNAPSHOT_FAILED");
		assertThat(error.payload().path("message").asString()).doesNotContain("database");
		assertThat(client.awaitType("snapshot_complete").payload().path("failed_topics").toString())
			.isEqualTo("[\"broken.x\"]");
		assertThat(engine.publish("broken.x", "tick", Map.of())).isEqualTo(1);
	}

	@Test
	void aRecoveredSubscriptionGetsNoSnapshot() {
		WseEngine engine = start(true);
		TestClient first = TestClient.connect(engine);
		subscribe(first, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"prices\"]}}");
		engine.publish("prices", "tick", Map.of());
		Envelope tick = first.awaitType("tick");
		TestClient second = TestClient.connect(engine);
		subscribe(second, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"prices\"],"
				+ "\"recover\":true,\"recovery\":{\"prices\":{\"epoch\":\"" + tick.epoch() + "\",\"offset\":0}}}}");
		assertThat(second.ofType("subscription_update").get(0).payload().path("recovered").asBoolean()).isTrue();
		assertThat(second.ofType("price_snapshot")).isEmpty();
		assertThat(second.ofType("snapshot_complete")).isEmpty();
	}

	@Test
	void filteredSubscriptionsReceiveOnlyMatchingMessagesWithFilterStamps() {
		WseEngine engine = start(true);
		TestClient big = TestClient.connect(engine);
		subscribe(big, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"orders\"],"
				+ "\"filter\":{\"amount\":{\"$gte\":100},\"customer.tier\":{\"$in\":[\"gold\",\"platinum\"]}}}}");
		TestClient all = TestClient.connect(engine);
		subscribe(all, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"orders\"]}}");
		engine.publish("orders", "order", Map.of("amount", 150, "customer", Map.of("tier", "gold")));
		engine.publish("orders", "order", Map.of("amount", 50, "customer", Map.of("tier", "gold")));
		engine.publish("orders", "order", Map.of("amount", 500, "customer", Map.of("tier", "basic")));
		engine.publish("orders", "order", Map.of("amount", 900, "customer", Map.of("tier", "platinum")));
		all.await((envelope) -> all.ofType("order").size() == 4);
		big.await((envelope) -> big.ofType("order").size() == 2);
		List<Envelope> orders = big.ofType("order");
		assertThat(orders).extracting(Envelope::offset).containsExactly(0L, 3L);
		assertThat(orders).allSatisfy((order) -> assertThat(order.epoch()).isNull());
		assertThat(orders.get(0).extras().path("fe").asString()).isEqualTo(all.ofType("order").get(0).epoch());
		assertThat(orders.get(0).extras().path("fp").asLong()).isEqualTo(-1);
		assertThat(orders.get(1).extras().path("fp").asLong()).isZero();
	}

	@Test
	void eachDistinctFilterIsEvaluatedOncePerPublication() {
		WseEngine engine = start(false);
		for (int i = 0; i < 20; i++) {
			TestClient client = TestClient.connect(engine);
			String filter = (i % 2 == 0) ? "{\"a\":1,\"b\":{\"$gt\":0}}" : "{\"b\":{\"$gt\":0},\"a\":1}";
			subscribe(client, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"t\"],"
					+ "\"filter\":" + (i < 10 ? filter : "{\"a\":2}") + "}}");
		}
		assertThat(engine.publish("t", "m", Map.of("a", 1, "b", 5))).isEqualTo(10);
		assertThat(engine.stats().filterEvaluations()).isEqualTo(2);
	}

	@Test
	void aFilteredResumeReplaysOnlyMatchesChainedFromThePosition() {
		WseEngine engine = start(true);
		for (int i = 0; i < 6; i++) {
			engine.publish("orders", "order", Map.of("amount", i * 100));
		}
		TestClient probe = TestClient.connect(engine);
		subscribe(probe, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"orders\"]}}");
		String epoch = probe.ofType("subscription_update")
			.get(0)
			.payload()
			.path("recovery")
			.path("orders")
			.path("epoch")
			.asString();
		TestClient client = TestClient.connect(engine);
		subscribe(client,
				"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"orders\"],"
						+ "\"recover\":true,\"recovery\":{\"orders\":{\"epoch\":\"" + epoch + "\",\"offset\":1}},"
						+ "\"filter\":{\"amount\":{\"$gte\":300}}}}");
		assertThat(client.ofType("subscription_update").get(0).payload().path("recovered").asBoolean()).isTrue();
		List<Envelope> replayed = client.ofType("order");
		assertThat(replayed).extracting(Envelope::offset).containsExactly(3L, 4L, 5L);
		assertThat(replayed).extracting((order) -> order.extras().path("fp").asLong()).containsExactly(1L, 3L, 4L);
		engine.publish("orders", "order", Map.of("amount", 50));
		engine.publish("orders", "order", Map.of("amount", 700));
		Envelope live = client.await((envelope) -> Long.valueOf(7).equals(envelope.offset()));
		assertThat(live.extras().path("fp").asLong()).isEqualTo(5);
	}

	@Test
	void malformedFiltersAreRejectedWithInvalidSubscription() {
		WseEngine engine = start(false);
		TestClient client = TestClient.connect(engine);
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"t\"],"
				+ "\"filter\":{\"a\":{\"$bogus\":1}}}}");
		Envelope error = client.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("INVALID_SUBSCRIPTION");
		assertThat(error.payload().path("message").asString()).contains("$bogus");
		assertThat(engine.topicCount()).isZero();
	}

	@Test
	void directSendsCarryAPerConnectionSequence() {
		WseEngine engine = start(false);
		TestClient client = TestClient.connect(engine);
		String id = client.connectionId();
		for (int i = 0; i < 3; i++) {
			engine.sendToConnection(id, "note", Map.of("i", i));
		}
		TestClient other = TestClient.connect(engine);
		engine.sendToConnection(other.connectionId(), "note", Map.of());
		client.await((envelope) -> client.ofType("note").size() == 3);
		assertThat(client.ofType("note")).extracting(Envelope::seq).containsExactly(2L, 3L, 4L);
		assertThat(other.awaitType("note").seq()).isEqualTo(2L);
	}

	@Test
	void priorityNeverReordersATopicsMessages() {
		WseEngine engine = start(false);
		TestClient client = TestClient.connect(engine);
		subscribe(client, "{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"t\"]}}");
		client.session().stall();
		int[] priorities = { 1, 10, 5, 3, 8, 10, 1 };
		for (int i = 0; i < priorities.length; i++) {
			engine.publish("t",
					Envelope.builder("m")
						.priority(priorities[i])
						.payload(tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(i))
						.build());
		}
		client.session().resume();
		client.await((envelope) -> client.ofType("m").size() == priorities.length);
		assertThat(client.ofType("m")).extracting((envelope) -> envelope.payload().asInt())
			.containsExactly(0, 1, 2, 3, 4, 5, 6);
	}

}
