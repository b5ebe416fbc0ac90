package dev.wse.integration;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wse.client.MessageRecorder;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions handled by the engine ({@code subscription_update} and its ACK) and
 * publication to exact topics and glob patterns through {@code WseTemplate}.
 * <p>
 * "Receives nothing" is checked with a barrier: after the publication under test, a
 * second one goes to a topic every client subscribed to. Messages to one connection keep
 * their order, so once a client has the barrier it would already have any earlier
 * message.
 */
class SubscriptionIntegrationTests extends SharedServerSupport {

	private static final String BARRIER = "barrier";

	@Test
	void subscribeToExactTopicIsAcknowledgedWithRecoveryEntries() throws Exception {
		WseClient client = this.clients.connect("alice");
		SubscriptionAck ack = client.subscribe("prices", "news").get(5, TimeUnit.SECONDS);
		assertThat(ack.action()).isEqualTo("subscribe");
		assertThat(ack.success()).isTrue();
		assertThat(ack.successTopics()).containsExactly("prices", "news");
		assertThat(ack.failedTopics()).isEmpty();
		assertThat(ack.recoverable()).isNotNull();
		assertThat(ack.recovered()).isNotNull();
		assertThat(ack.recovery()).containsOnlyKeys("prices", "news");
		assertThat(ack.recovery().get("prices").epoch()).isNull();
		assertThat(ack.recovery().get("prices").recovered()).isFalse();
		assertThat(ack.envelope().category()).hasToString("WSE");
	}

	@Test
	void invalidTopicIsReportedInFailedTopics() throws Exception {
		WseClient client = this.clients.connect("alice");
		SubscriptionAck ack = client.subscribe("valid.topic", "bad\u0001topic").get(5, TimeUnit.SECONDS);
		assertThat(ack.successTopics()).containsExactly("valid.topic");
		assertThat(ack.failedTopics()).containsExactly("bad\u0001topic");
		assertThat(ack.recovery()).doesNotContainKey("bad\u0001topic");
	}

	@Test
	void publishReachesExactlyTheSubscribersOfTheTopic() throws Exception {
		WseClient subscriber = this.clients.connect("alice");
		WseClient otherTopic = this.clients.connect("bob");
		WseClient unsubscribed = this.clients.connect("carol");
		subscriber.subscribe("scores", BARRIER).get(5, TimeUnit.SECONDS);
		otherTopic.subscribe("scores.live", BARRIER).get(5, TimeUnit.SECONDS);
		unsubscribed.subscribe(BARRIER).get(5, TimeUnit.SECONDS);

		int recipients = this.template.publish("scores", "score", Map.of("home", 2, "away", 1));
		this.template.publish(BARRIER, "barrier", Map.of());

		assertThat(recipients).isEqualTo(1);
		Envelope score = subscriber.messages().awaitType("score", TestClients.WAIT);
		assertThat(score.payload().path("home").asInt()).isEqualTo(2);
		assertThat(score.topic()).isIn(null, "scores");
		for (WseClient client : new WseClient[] { subscriber, otherTopic, unsubscribed }) {
			client.messages().awaitType("barrier", TestClients.WAIT);
		}
		assertThat(subscriber.messages().received("score")).hasSize(1);
		assertThat(otherTopic.messages().received("score")).isEmpty();
		assertThat(unsubscribed.messages().received("score")).isEmpty();
	}

	@Test
	void globPatternReceivesMatchingTopicsOnly() throws Exception {
		WseClient client = this.clients.connect("alice");
		SubscriptionAck ack = client.subscribe("prices.*", BARRIER).get(5, TimeUnit.SECONDS);
		assertThat(ack.successTopics()).containsExactly("prices.*", BARRIER);

		this.template.publish("prices.btc", "tick", Map.of("symbol", "btc"));
		this.template.publish("prices.eth", "tick", Map.of("symbol", "eth"));
		this.template.publish("news.btc", "tick", Map.of("symbol", "news"));
		this.template.publish("prices", "tick", Map.of("symbol", "bare"));
		this.template.publish(BARRIER, "barrier", Map.of());

		client.messages().awaitType("barrier", TestClients.WAIT);
		assertThat(client.messages().received("tick")).extracting((tick) -> tick.payload().path("symbol").stringValue())
			.containsExactly("btc", "eth");
	}

	@Test
	void overlappingPatternsDeliverOneCopy() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.subscribe("alerts.*", "alerts.fire", "alerts.?ire").get(5, TimeUnit.SECONDS);
		this.template.publish("alerts.fire", "alert", Map.of("level", 3));
		client.messages().awaitType("alert", TestClients.WAIT);
		client.subscribe(BARRIER).get(5, TimeUnit.SECONDS);
		this.template.publish(BARRIER, "barrier", Map.of());
		client.messages().awaitType("barrier", TestClients.WAIT);
		assertThat(client.messages().received("alert")).hasSize(1);
	}

	@Test
	void unsubscribeIsAcknowledgedAndStopsDelivery() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.subscribe("weather", BARRIER).get(5, TimeUnit.SECONDS);
		SubscriptionAck ack = client.unsubscribe("weather").get(5, TimeUnit.SECONDS);
		assertThat(ack.action()).isEqualTo("unsubscribe");
		assertThat(ack.successTopics()).containsExactly("weather");

		assertThat(this.template.publish("weather", "forecast", Map.of("sky", "clear"))).isZero();
		this.template.publish(BARRIER, "barrier", Map.of());
		client.messages().awaitType("barrier", TestClients.WAIT);
		assertThat(client.messages().count(MessageRecorder.ofType("forecast"))).isZero();
	}

}
