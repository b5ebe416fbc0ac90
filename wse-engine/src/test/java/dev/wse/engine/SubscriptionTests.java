package dev.wse.engine;

import java.time.Duration;
import java.util.Map;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTests {

	private WseEngine engine = EngineTestSupport
		.start((builder) -> builder.config(EngineTestSupport.config().maxSubscriptionsPerConnection(3).build())
			.topicAuthorizer((principal, topic) -> !topic.startsWith("admin")));

	@AfterEach
	void stop() {
		this.engine.stop(Duration.ofSeconds(1));
	}

	@Test
	void subscribeAckHasTheShapeClientsReadPositionsFrom() {
		TestClient client = TestClient.connect(this.engine);
		Envelope ack = client.subscribe("prices", "news");
		assertThat(ack.effectiveCategory()).isEqualTo(MessageCategory.WSE);
		assertThat(ack.payload().path("action").asString()).isEqualTo("subscribe");
		assertThat(ack.payload().path("success").asBoolean()).isTrue();
		assertThat(ack.payload().path("success_topics").toString()).isEqualTo("[\"prices\",\"news\"]");
		assertThat(ack.payload().path("failed_topics").toString()).isEqualTo("[]");
		assertThat(ack.payload().path("recoverable").asBoolean()).isFalse();
		assertThat(ack.payload().path("recovered").asBoolean()).isFalse();
		assertThat(ack.payload().path("recovery").path("prices").toString())
			.isEqualTo("{\"epoch\":null,\"offset\":0,\"recoverable\":false,\"recovered\":false,\"count\":0}");
	}

	@Test
	void publishReachesExactlyTheSubscribers() {
		TestClient subscriber = TestClient.connect(this.engine);
		TestClient other = TestClient.connect(this.engine);
		subscriber.subscribe("prices");
		other.subscribe("news");
		assertThat(this.engine.publish("prices", "price_update", Map.of("symbol", "AAPL"))).isEqualTo(1);
		Envelope update = subscriber.awaitType("price_update");
		assertThat(update.topic()).isEqualTo("prices");
		assertThat(update.effectiveCategory()).isEqualTo(MessageCategory.U);
		assertThat(update.payload().path("symbol").asString()).isEqualTo("AAPL");
		assertThat(update.id()).isNotNull();
		assertThat(other.ofType("price_update")).isEmpty();
	}

	@Test
	void publicationIsOneSharedTextFrameStartingWithTheTopic() {
		TestClient first = TestClient.connect(this.engine);
		TestClient second = TestClient.connect(this.engine);
		first.subscribe("prices");
		second.subscribe("prices");
		this.engine.publish("prices", "price_update", Map.of("px", 1));
		first.awaitType("price_update");
		second.awaitType("price_update");
		var a = first.session().frames().get(first.session().frames().size() - 1);
		var b = second.session().frames().get(second.session().frames().size() - 1);
		assertThat(a).isSameAs(b);
		assertThat(a.textContent()).startsWith("{\"tp\":\"prices\",\"c\":\"U\",\"t\":\"price_update\"");
	}

	@Test
	void globPatternsMatchAndOverlappingSubscriptionsDeliverOnce() {
		TestClient client = TestClient.connect(this.engine);
		client.subscribe("prices.*", "prices.us.?", "prices.us.a");
		this.engine.publish("prices.us.a", "tick", Map.of());
		this.engine.publish("prices.eu", "tick", Map.of());
		this.engine.publish("news", "tick", Map.of());
		client.await((envelope) -> "prices.eu".equals(envelope.topic()));
		assertThat(client.ofType("tick")).extracting(Envelope::topic).containsExactly("prices.us.a", "prices.eu");
	}

	@Test
	void unsubscribeStopsDeliveryAndIsAcknowledged() {
		TestClient client = TestClient.connect(this.engine);
		client.subscribe("news");
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"unsubscribe\",\"topics\":[\"news\"]}}");
		client.await((envelope) -> envelope.type().equals("subscription_update")
				&& envelope.payload().path("action").asString().equals("unsubscribe"));
		assertThat(this.engine.publish("news", "headline", Map.of())).isZero();
		assertThat(this.engine.topicCount()).isZero();
	}

	@Test
	void deniedTopicsFailWithForbidden() {
		TestClient client = TestClient.connect(this.engine);
		Envelope ack = client.subscribe("admin.secrets", "news");
		assertThat(ack.payload().path("success_topics").toString()).isEqualTo("[\"news\"]");
		assertThat(ack.payload().path("failed_topics").toString()).isEqualTo("[\"admin.secrets\"]");
		assertThat(ack.payload().path("errors").path("admin.secrets").asString()).isEqualTo("FORBIDDEN");
		assertThat(this.engine.publish("admin.secrets", "leak", Map.of())).isZero();
	}

	@Test
	void subscriptionsPerConnectionAreCapped() {
		TestClient client = TestClient.connect(this.engine);
		Envelope ack = client.subscribe("a", "b", "c", "d");
		assertThat(ack.payload().path("errors").path("d").asString()).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
		assertThat(ack.payload().path("success_topics")).hasSize(3);
	}

	@Test
	void invalidTopicsAreRejected() {
		TestClient client = TestClient.connect(this.engine);
		Envelope ack = client.subscribe("", "ok", "x".repeat(300));
		assertThat(ack.payload().path("success_topics").toString()).isEqualTo("[\"ok\"]");
		assertThat(ack.payload().path("errors").path("").asString()).isEqualTo("INVALID_SUBSCRIPTION");
	}

	@Test
	void malformedSubscriptionUpdateGetsInvalidSubscriptionError() {
		TestClient client = TestClient.connect(this.engine);
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"explode\",\"topics\":[\"a\"]}}");
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\"}}");
		client.await((envelope) -> envelope.type().equals("error") && client.ofType("error").size() == 2);
		assertThat(client.ofType("error")).allSatisfy(
				(error) -> assertThat(error.payload().path("code").asString()).isEqualTo("INVALID_SUBSCRIPTION"));
	}

	@Test
	void syncRequestIsAnsweredWithSnapshotComplete() {
		TestClient client = TestClient.connect(this.engine);
		client.send("{\"c\":\"S\",\"t\":\"sync_request\",\"p\":{\"topics\":[\"prices\"]}}");
		Envelope complete = client.awaitType("snapshot_complete");
		assertThat(complete.payload().path("topics").toString()).isEqualTo("[\"prices\"]");
	}

}
