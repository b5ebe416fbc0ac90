package dev.wse.integration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.wse.client.RecoveryListener;
import dev.wse.client.SubscribeRequest;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.TopicPosition;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery after a reconnect, over real sockets: a client resumes from the position of
 * its previous connection and gets exactly what it missed, or learns that it cannot and
 * where the topic stands now.
 */
class RecoveryIntegrationTests extends RecoveryServerSupport {

	@Test
	void serverReadyAnnouncesRecovery() {
		WseClient client = this.clients.connect("alice");
		assertThat(client.serverReady().payload().path("details").path("features").path("recovery").asBoolean())
			.isTrue();
	}

	@Test
	void reconnectWithValidPositionReplaysExactlyTheMissedMessagesThenLiveOnes() throws Exception {
		String topic = uniqueTopic("orders");
		publish(topic, 3);
		Deliveries first = new Deliveries();
		WseClient before = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("alice")).messageListener(first));
		SubscriptionAck subscribed = before.subscribe(topic).get(5, TimeUnit.SECONDS);
		String epoch = subscribed.recovery().get(topic).epoch();
		assertThat(epoch).matches("[0-9a-f]{8}");
		assertThat(subscribed.recovery().get(topic).offset()).isEqualTo(2);
		publish(topic, 5);
		Deliveries.awaitOffset(before, topic, 7, TestClients.WAIT);
		before.abort();
		SubscribeRequest resume = before.resumeRequest();
		assertThat(resume.positions()).containsExactly(Map.entry(topic, new TopicPosition(epoch, 7)));

		publish(topic, 10);
		Deliveries second = new Deliveries();
		WseClient after = this.clients.connect((options) -> options.bearerToken(Tokens.valid("alice"))
			.messageListener(second)
			.subscribeOnConnect(resume));
		SubscriptionAck resumed = after.initialSubscription().get(5, TimeUnit.SECONDS);
		publish(topic, 5);
		Deliveries.awaitOffset(after, topic, 22, TestClients.WAIT);

		assertThat(resumed.recovered()).isTrue();
		assertThat(resumed.recoverable()).isTrue();
		assertThat(resumed.recovery().get(topic)).isEqualTo(new SubscriptionAck.TopicRecovery(epoch, 17, true, 10));
		assertThat(first.offsets(topic)).isEqualTo(Deliveries.range(3, 7));
		assertThat(second.offsets(topic)).as("replayed 8..17, then live 18..22").isEqualTo(Deliveries.range(8, 22));
		assertThat(Deliveries.onTheWire(after, topic)).as("nothing sent twice").isEqualTo(Deliveries.range(8, 22));
		assertThat(after.recoveryStats().resyncs()).isZero();
	}

	@Test
	void replayedPublicationsCarryTheSameStampAndBodyAsLiveOnes() throws Exception {
		String topic = uniqueTopic("stamps");
		WseClient live = this.clients.connect("alice");
		live.subscribe(topic).get(5, TimeUnit.SECONDS);
		WseClient resumer = this.clients.connect("bob");
		this.template.publish(topic, "tick", Map.of("n", 0));
		Deliveries.awaitOffset(live, topic, 0, TestClients.WAIT);
		String epoch = live.positions().get(topic).epoch();
		this.template.publish(topic, "tick", Map.of("n", 1));
		resumer.subscribe(SubscribeRequest.resume(Map.of(topic, new TopicPosition(epoch, 0)))).get(5, TimeUnit.SECONDS);
		Deliveries.awaitOffset(live, topic, 1, TestClients.WAIT);
		Deliveries.awaitOffset(resumer, topic, 1, TestClients.WAIT);

		String liveFrame = textOf(live, topic, 1);
		assertThat(liveFrame).startsWith("{\"tp\":\"" + topic + "\",\"e\":\"" + epoch + "\",\"o\":1,");
		assertThat(textOf(resumer, topic, 1)).isEqualTo(liveFrame);
	}

	@Test
	void positionTooFarBehindIsNotRecoveredAndReportsTheCurrentPosition() throws Exception {
		String topic = uniqueTopic("firehose");
		publish(topic, 1);
		WseClient before = this.clients.connect("alice");
		before.subscribe(topic).get(5, TimeUnit.SECONDS);
		publish(topic, 2);
		TopicPosition last = Deliveries.awaitOffset(before, topic, 2, TestClients.WAIT);
		before.abort();

		int missed = RecoveryServerTest.MAX_MESSAGES + 1;
		publish(topic, missed);
		long current = 2 + missed;
		List<String> resyncs = new CopyOnWriteArrayList<>();
		Deliveries deliveries = new Deliveries();
		WseClient after = this.clients.connect((options) -> options.bearerToken(Tokens.valid("alice"))
			.messageListener(deliveries)
			.recoveryListener(new RecoveryListener() {

				@Override
				public void resynced(String t, @Nullable TopicPosition previous, TopicPosition now) {
					resyncs.add(t + " " + previous + " -> " + now);
				}

			})
			.subscribeOnConnect(before.resumeRequest()));
		SubscriptionAck ack = after.initialSubscription().get(5, TimeUnit.SECONDS);
		this.template.publish(topic, "tick", Map.of("n", "live"));
		Deliveries.awaitOffset(after, topic, current + 1, TestClients.WAIT);

		assertThat(ack.recovered()).isFalse();
		assertThat(ack.recoverable()).isTrue();
		assertThat(ack.recovery().get(topic))
			.isEqualTo(new SubscriptionAck.TopicRecovery(last.epoch(), current, false, 0));
		JsonNode position = ack.envelope().payload().path("recovery").path(topic);
		assertThat(position.path("recoverable").asBoolean()).isTrue();
		assertThat(deliveries.offsets(topic)).as("no replay, only the live message").containsExactly(current + 1);
		assertThat(Deliveries.onTheWire(after, topic)).containsExactly(current + 1);
		assertThat(resyncs).containsExactly(topic + " " + last + " -> " + last.epoch() + "@" + current);
	}

	@Test
	void unknownEpochIsNotRecoveredAndReportsTheTopicsEpoch() throws Exception {
		String topic = uniqueTopic("epochs");
		WseClient probe = this.clients.connect("alice");
		probe.subscribe(topic).get(5, TimeUnit.SECONDS);
		publish(topic, 5);
		String epoch = Deliveries.awaitOffset(probe, topic, 4, TestClients.WAIT).epoch();
		String unknown = epoch.equals("00000000") ? "00000001" : "00000000";

		Deliveries deliveries = new Deliveries();
		WseClient client = this.clients.connect((options) -> options.bearerToken(Tokens.valid("bob"))
			.messageListener(deliveries)
			.resumeFrom(Map.of(topic, new TopicPosition(unknown, 2))));
		SubscriptionAck ack = client.initialSubscription().get(5, TimeUnit.SECONDS);
		this.template.publish(topic, "tick", Map.of("n", "live"));
		Deliveries.awaitOffset(client, topic, 5, TestClients.WAIT);

		assertThat(ack.recovered()).isFalse();
		assertThat(ack.recovery().get(topic)).isEqualTo(new SubscriptionAck.TopicRecovery(epoch, 4, false, 0));
		assertThat(deliveries.offsets(topic)).containsExactly(5L);
	}

	@Test
	void topicWithoutBufferReportsNullEpochAndIsNotRecoverable() throws Exception {
		String topic = uniqueTopic("silent");
		WseClient client = this.clients.connect((options) -> options.bearerToken(Tokens.valid("alice"))
			.resumeFrom(Map.of(topic, new TopicPosition("0badc0de", 7))));
		SubscriptionAck ack = client.initialSubscription().get(5, TimeUnit.SECONDS);

		assertThat(ack.recovered()).isFalse();
		assertThat(ack.recoverable()).isFalse();
		assertThat(ack.recovery().get(topic)).isEqualTo(new SubscriptionAck.TopicRecovery(null, 0, false, 0));
		assertThat(ack.envelope().payload().path("recovery").path(topic).path("epoch").isNull()).isTrue();
		assertThat(client.positions()).as("a null epoch leaves the client's position alone")
			.containsExactly(Map.entry(topic, new TopicPosition("0badc0de", 7)));
		this.template.publish(topic, "tick", Map.of("n", 0));
		assertThat(Deliveries.awaitOffset(client, topic, 0, TestClients.WAIT).epoch()).isNotEqualTo("0badc0de");
	}

	@Test
	void resumeThatRecoversGetsNoSnapshotAndOneThatDoesNotGetsTheSnapshotThenLiveMessages() throws Exception {
		String topic = uniqueTopic("board");
		publish(topic, 3);
		WseClient before = this.clients.connect("alice");
		before.subscribe(topic).get(5, TimeUnit.SECONDS);
		before.messages().awaitType("snapshot_complete", TestClients.WAIT);
		publish(topic, 2);
		String epoch = Deliveries.awaitOffset(before, topic, 4, TestClients.WAIT).epoch();
		before.abort();
		publish(topic, 1);

		WseClient recovered = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("bob")).subscribeOnConnect(before.resumeRequest()));
		assertThat(recovered.initialSubscription().get(5, TimeUnit.SECONDS).recovered()).isTrue();
		List<Envelope> types = new CopyOnWriteArrayList<>();
		WseClient resynced = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("carol")).messageListener((message) -> {
				if (topic.equals(message.topic()) || message.type().equals("snapshot_complete")) {
					types.add(message);
				}
			}).resumeFrom(Map.of(topic, new TopicPosition(epoch.equals("00000000") ? "00000001" : "00000000", 4))));
		assertThat(resynced.initialSubscription().get(5, TimeUnit.SECONDS).recovered()).isFalse();
		this.template.publish(topic, "tick", Map.of("n", "live"));
		Deliveries.awaitOffset(recovered, topic, 6, TestClients.WAIT);
		Deliveries.awaitOffset(resynced, topic, 6, TestClients.WAIT);

		assertThat(recovered.messages().received("board_snapshot")).isEmpty();
		assertThat(Deliveries.onTheWire(recovered, topic)).containsExactly(5L, 6L);
		assertThat(types).extracting(Envelope::type)
			.containsExactly("board_snapshot", "board_snapshot", "snapshot_complete", "tick");
		JsonNode position = types.get(2).payload().path("positions").path(topic);
		assertThat(position.path("epoch").stringValue()).isEqualTo(epoch);
		assertThat(position.path("offset").asLong()).isEqualTo(5);
		assertThat(types.get(3).offset()).isEqualTo(6);
	}

	private void publish(String topic, int count) {
		for (int i = 0; i < count; i++) {
			this.template.publish(topic, "tick", Map.of("n", i));
		}
	}

	private static String textOf(WseClient client, String topic, long offset) {
		return client.messages()
			.frames()
			.stream()
			.filter((frame) -> frame.envelope() != null && topic.equals(frame.envelope().topic())
					&& frame.envelope().offset() == offset)
			.map((frame) -> frame.text())
			.findFirst()
			.orElseThrow();
	}

}
