package dev.wse.integration;

import java.util.List;
import java.util.Map;

import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots and subscription filters over real sockets.
 */
class SnapshotAndFilterIntegrationTests extends SharedServerSupport {

	private static Envelope subscribeRaw(WseClient client, String payload) {
		int acks = client.messages().received("subscription_update").size();
		client.sendRaw("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":" + payload + "}");
		return client.messages()
			.awaitMessages(MessageRecorder.ofType("subscription_update"), acks + 1, TestClients.WAIT)
			.get(acks);
	}

	@Test
	void aSubscriptionGetsTheSnapshotThenSnapshotCompleteThenLiveMessages() {
		WseClient client = this.clients.connect("snap-1");
		subscribeRaw(client, "{\"action\":\"subscribe\",\"topics\":[\"board.main\"]}");
		Envelope complete = client.messages().awaitType("snapshot_complete", TestClients.WAIT);
		assertThat(complete.payload().path("topics").toString()).isEqualTo("[\"board.main\"]");
		this.template.publish("board.main", "board_update", Map.of("row", 3));
		client.messages().awaitType("board_update", TestClients.WAIT);
		List<String> types = client.messages()
			.received()
			.stream()
			.map(Envelope::type)
			.filter((type) -> type.startsWith("board") || type.equals("snapshot_complete"))
			.toList();
		assertThat(types).containsExactly("board_snapshot", "board_snapshot", "snapshot_complete", "board_update");
		assertThat(client.messages().received("board_snapshot"))
			.allSatisfy((snapshot) -> assertThat(snapshot.payload().path("topic").asString()).isEqualTo("board.main"));
	}

	@Test
	void syncRequestSendsTheSnapshotAgain() {
		WseClient client = this.clients.connect("snap-2");
		subscribeRaw(client, "{\"action\":\"subscribe\",\"topics\":[\"board.side\"]}");
		client.messages().awaitType("snapshot_complete", TestClients.WAIT);
		client.sendRaw("{\"c\":\"S\",\"t\":\"sync_request\",\"p\":{\"topics\":[\"board.side\"]}}");
		client.messages().awaitMessages(MessageRecorder.ofType("snapshot_complete"), 2, TestClients.WAIT);
		assertThat(client.messages().received("board_snapshot")).hasSize(4);
	}

	@Test
	void aFilteredSubscriptionReceivesOnlyMatchingPublications() {
		WseClient filtered = this.clients.connect("filter-1");
		WseClient everything = this.clients.connect("filter-2");
		Envelope ack = subscribeRaw(filtered,
				"{\"action\":\"subscribe\",\"topics\":[\"orders.eu\"],\"filter\":"
						+ "{\"$or\":[{\"amount\":{\"$gte\":1000}},{\"customer.tier\":\"gold\"}],"
						+ "\"sku\":{\"$regex\":\"^A-\",\"$options\":\"i\"}}}");
		assertThat(ack.payload().path("success_topics").toString()).isEqualTo("[\"orders.eu\"]");
		subscribeRaw(everything, "{\"action\":\"subscribe\",\"topics\":[\"orders.eu\"]}");
		this.template.publish("orders.eu", "order", Map.of("n", 1, "amount", 5000, "sku", "a-1"));
		this.template.publish("orders.eu", "order",
				Map.of("n", 2, "amount", 10, "sku", "A-2", "customer", Map.of("tier", "gold")));
		this.template.publish("orders.eu", "order", Map.of("n", 3, "amount", 10, "sku", "A-3"));
		this.template.publish("orders.eu", "order", Map.of("n", 4, "amount", 9000, "sku", "B-4"));
		this.template.publish("orders.eu", "order", Map.of("n", 5, "amount", 1000, "sku", "A-5"));
		everything.messages().awaitMessages(MessageRecorder.ofType("order"), 5, TestClients.WAIT);
		filtered.messages().awaitMessages(MessageRecorder.ofType("order"), 3, TestClients.WAIT);
		assertThat(filtered.messages().received("order")).extracting((order) -> order.payload().path("n").asInt())
			.containsExactly(1, 2, 5);
	}

	@Test
	void aMalformedFilterIsRefusedWithInvalidSubscription() {
		WseClient client = this.clients.connect("filter-3");
		client.sendRaw("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\","
				+ "\"topics\":[\"orders.eu\"],\"filter\":{\"amount\":{\"$gt\":true}}}}");
		Envelope error = client.messages()
			.awaitMessage(MessageRecorder.errorWithCode("INVALID_SUBSCRIPTION"), TestClients.WAIT);
		assertThat(error.payload().path("message").asString()).contains("amount.$gt");
		assertThat(client.subscribe("still.open").join().success()).isTrue();
	}

}
