package dev.wse.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TopicSequencer}: the per-topic ordering rules of the WSE client,
 * without a server.
 */
class TopicSequencerTests {

	private static final String EPOCH = "5a1c9e02";

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<String> events = new ArrayList<>();

	private final List<String> requests = new ArrayList<>();

	private final TopicSequencer sequencer = new TopicSequencer(new RecoveryListener() {

		@Override
		public void gapDetected(String topic, TopicPosition last, long receivedOffset) {
			TopicSequencerTests.this.events.add("gap " + topic + " " + last + " got " + receivedOffset);
		}

		@Override
		public void resynced(String topic, @Nullable TopicPosition previous, TopicPosition current) {
			TopicSequencerTests.this.events.add("resync " + topic + " " + previous + " -> " + current);
		}

	}, (topic, last) -> this.requests.add(topic + " from " + last));

	@Test
	void firstStampedMessageIsDeliveredWhateverItsOffsetAndBecomesThePosition() {
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 41))).isTrue();
		assertThat(this.sequencer.positions()).containsExactly(Map.entry("prices", new TopicPosition(EPOCH, 41)));
		assertThat(this.events).isEmpty();
	}

	@Test
	void nextOffsetIsDeliveredAndAdvancesThePosition() {
		this.sequencer.accept(stamped("prices", EPOCH, 0));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 1))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 2))).isTrue();
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 2));
		assertThat(this.sequencer.stats()).isEqualTo(new RecoveryStats(3, 0, 0, 0, 0));
	}

	@Test
	void offsetAlreadyDeliveredIsDroppedAsDuplicate() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 6));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 6))).isFalse();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 3))).isFalse();
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 6));
		assertThat(this.sequencer.stats().duplicates()).isEqualTo(2);
		assertThat(this.requests).isEmpty();
	}

	@Test
	void messagePastAGapIsDroppedAndRecoveryIsRequestedOnceFromTheLastPosition() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 7))).isFalse();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 8))).isFalse();
		assertThat(this.requests).containsExactly("prices from " + EPOCH + "@5");
		assertThat(this.events).containsExactly("gap prices " + EPOCH + "@5 got 7");
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 5));
		assertThat(this.sequencer.stats()).isEqualTo(new RecoveryStats(1, 0, 2, 1, 0));
	}

	@Test
	void replayFillsTheGapAndALaterGapIsRecoveredAgain() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 7));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 7, true, 2));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 6))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 7))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 9))).isFalse();
		assertThat(this.requests).containsExactly("prices from " + EPOCH + "@5", "prices from " + EPOCH + "@7");
	}

	@Test
	void replayWhoseFirstMessageWasLostIsRequestedAgainWhenALaterMessageShowsIt() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 7));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 8, true, 3));
		// the server's full outbox dropped the replayed @6: @7 and @8 still show a gap
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 7))).isFalse();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 8))).isFalse();
		assertThat(this.requests).hasSize(1);
		// a message past the replay's end proves the replay will not fill the gap
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 9))).isFalse();
		assertThat(this.requests).containsExactly("prices from " + EPOCH + "@5", "prices from " + EPOCH + "@5");
		// the second replay arrives whole
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 9, true, 4));
		for (long offset = 6; offset <= 9; offset++) {
			assertThat(this.sequencer.accept(stamped("prices", EPOCH, offset))).isTrue();
		}
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 9));
	}

	@Test
	void failedRecoveringSubscribeIsAskedAgainAtTheNextGap() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 7));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 8))).isFalse();
		assertThat(this.requests).hasSize(1);
		// no acknowledgement in time: the replay may never come
		this.sequencer.recoveryFailed("prices");
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 9))).isFalse();
		assertThat(this.requests).containsExactly("prices from " + EPOCH + "@5", "prices from " + EPOCH + "@5");
	}

	@Test
	void liveMessagesQueuedAheadOfTheReplayDoNotRequestItAgain() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 7));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 10, true, 5));
		// @9 and @10 were queued before the replay: within its end, not a lost replay
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 9))).isFalse();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 10))).isFalse();
		for (long offset = 6; offset <= 10; offset++) {
			assertThat(this.sequencer.accept(stamped("prices", EPOCH, offset))).isTrue();
		}
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 11))).isTrue();
		assertThat(this.requests).containsExactly("prices from " + EPOCH + "@5");
	}

	@Test
	void topicsAreSequencedIndependently() {
		this.sequencer.accept(stamped("a", EPOCH, 0));
		this.sequencer.accept(stamped("b", "0000beef", 10));
		assertThat(this.sequencer.accept(stamped("a", EPOCH, 1))).isTrue();
		assertThat(this.sequencer.accept(stamped("b", "0000beef", 11))).isTrue();
		assertThat(this.sequencer.positions()).containsExactly(Map.entry("a", new TopicPosition(EPOCH, 1)),
				Map.entry("b", new TopicPosition("0000beef", 11)));
	}

	@Test
	void newEpochIsDeliveredAndReportedAsResync() {
		this.sequencer.accept(stamped("prices", EPOCH, 40));
		assertThat(this.sequencer.accept(stamped("prices", "00000001", 3))).isTrue();
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition("00000001", 3));
		assertThat(this.events).containsExactly("resync prices " + EPOCH + "@40 -> 00000001@3");
		assertThat(this.sequencer.stats().resyncs()).isEqualTo(1);
	}

	@Test
	void unstampedMessagesAreAlwaysDelivered() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		assertThat(this.sequencer.accept(Envelope.builder("notice").build())).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", null, 5L))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", "", 5L))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, null))).isTrue();
		assertThat(this.sequencer.accept(stamped("", EPOCH, 5L))).isTrue();
		assertThat(this.sequencer.stats()).isEqualTo(new RecoveryStats(1, 0, 0, 0, 0));
	}

	@Test
	void notRecoveredAckMovesARecoveringTopicToTheReportedPosition() {
		this.sequencer.resumeFrom(Map.of("prices", new TopicPosition(EPOCH, 3)));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 900, false, 0));
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 900));
		assertThat(this.events).containsExactly("resync prices " + EPOCH + "@3 -> " + EPOCH + "@900");
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 899))).as("older message in flight").isFalse();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 901))).isTrue();
	}

	@Test
	void notRecoveredAckWithAnotherEpochMovesTheTopicToThatEpoch() {
		this.sequencer.resumeFrom(Map.of("prices", new TopicPosition("deadbeef", 3)));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 12, false, 0));
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 12));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 13))).isTrue();
	}

	@Test
	void plainSubscribeAckGivesAnUnfollowedTopicItsPositionWithoutResync() {
		this.sequencer.acknowledged(false, ack("prices", EPOCH, 41, false, 0));
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 41));
		assertThat(this.events).isEmpty();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 42))).isTrue();
	}

	@Test
	void plainSubscribeAckLeavesAFollowedTopicAlone() {
		this.sequencer.accept(stamped("prices", EPOCH, 10));
		this.sequencer.acknowledged(false, ack("prices", EPOCH, 20, false, 0));
		assertThat(this.sequencer.positions().get("prices")).isEqualTo(new TopicPosition(EPOCH, 10));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 11))).as("message still on its way").isTrue();
	}

	@Test
	void recoveredAckKeepsTheResumePositionSoTheReplayIsDeliveredInOrder() {
		this.sequencer.resumeFrom(Map.of("prices", new TopicPosition(EPOCH, 3)));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 6, true, 3));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 4))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 5))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 6))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 6))).isFalse();
		assertThat(this.sequencer.stats()).isEqualTo(new RecoveryStats(3, 1, 0, 0, 0));
		assertThat(this.events).isEmpty();
	}

	@Test
	void ackEntryWithoutEpochIsIgnored() {
		this.sequencer.accept(stamped("prices", EPOCH, 10));
		this.sequencer.acknowledged(true, ack("prices", null, 0, false, 0));
		this.sequencer.acknowledged(true, ack("news.*", null, 0, false, 0));
		assertThat(this.sequencer.positions()).containsExactly(Map.entry("prices", new TopicPosition(EPOCH, 10)));
	}

	@Test
	void failedGapRecoveryMovesToTheReportedPositionAndEndsTheRecovery() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 700));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 702, false, 0));
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 701))).isFalse();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 703))).isTrue();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 705))).isFalse();
		assertThat(this.requests).containsExactly("prices from " + EPOCH + "@5", "prices from " + EPOCH + "@703");
		assertThat(this.events).contains("resync prices " + EPOCH + "@5 -> " + EPOCH + "@702");
	}

	@Test
	void recoveredAckWithNothingToReplayEndsTheRecovery() {
		this.sequencer.accept(stamped("prices", EPOCH, 5));
		this.sequencer.accept(stamped("prices", EPOCH, 7));
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 5, true, 0));
		this.sequencer.accept(stamped("prices", EPOCH, 8));
		assertThat(this.requests).hasSize(2);
	}

	@Test
	void unsubscribeForgetsTheTopicAndTheTopicsOfAPattern() {
		this.sequencer.accept(stamped("prices.aapl", EPOCH, 1));
		this.sequencer.accept(stamped("prices.msft", EPOCH, 1));
		this.sequencer.accept(stamped("prices.nvda", EPOCH, 1));
		this.sequencer.accept(stamped("news", EPOCH, 1));
		this.sequencer.unsubscribed(List.of("prices.*"), Set.of("prices.msft"));
		assertThat(this.sequencer.positions()).containsOnlyKeys("prices.msft", "news");
		this.sequencer.unsubscribed(List.of("news"), Set.of());
		assertThat(this.sequencer.positions()).containsOnlyKeys("prices.msft");
	}

	@Test
	void snapshotMovesATopicForwardToThePositionItReflects() {
		this.sequencer.acknowledged(false, ack("board", EPOCH, 10, false, 0));
		this.sequencer
			.snapshotTaken(Map.of("board", new TopicPosition(EPOCH, 14), "fresh", new TopicPosition(EPOCH, 3)));
		assertThat(this.sequencer.positions()).containsEntry("board", new TopicPosition(EPOCH, 14))
			.containsEntry("fresh", new TopicPosition(EPOCH, 3));
		assertThat(this.sequencer.accept(stamped("board", EPOCH, 14))).as("reflected in the snapshot").isFalse();
		assertThat(this.sequencer.accept(stamped("board", EPOCH, 15))).isTrue();
		this.sequencer.snapshotTaken(Map.of("board", new TopicPosition(EPOCH, 12)));
		assertThat(this.sequencer.positions().get("board")).as("never moved back")
			.isEqualTo(new TopicPosition(EPOCH, 15));
		assertThat(this.events).isEmpty();
		assertThat(this.requests).isEmpty();
	}

	@Test
	void afterTheConnectionEndedPositionsAreFinal() {
		this.sequencer.accept(stamped("prices", EPOCH, 1));
		this.sequencer.close();
		assertThat(this.sequencer.accept(stamped("prices", EPOCH, 2))).isFalse();
		assertThat(this.sequencer.accept(Envelope.builder("notice").build())).isTrue();
		this.sequencer.acknowledged(true, ack("prices", EPOCH, 90, false, 0));
		assertThat(this.sequencer.positions()).containsExactly(Map.entry("prices", new TopicPosition(EPOCH, 1)));
	}

	@Test
	void globMatchesLikeTheServer() {
		assertThat(TopicGlob.matches("prices.*", "prices.aapl")).isTrue();
		assertThat(TopicGlob.matches("prices.*", "prices.")).isTrue();
		assertThat(TopicGlob.matches("prices.*", "news.aapl")).isFalse();
		assertThat(TopicGlob.matches("p?ices", "prices")).isTrue();
		assertThat(TopicGlob.matches("p?ices", "pices")).isFalse();
		assertThat(TopicGlob.matches("*.x.*", "a.x.b")).isTrue();
		assertThat(TopicGlob.matches("*", "")).isTrue();
		assertThat(TopicGlob.matches("prices", "prices")).isTrue();
		assertThat(TopicGlob.matches("prices", "prices2")).isFalse();
	}

	private static Envelope stamped(String topic, @Nullable String epoch, @Nullable Long offset) {
		return Envelope.builder("tick").stamp(topic, epoch, offset).build();
	}

	private static Envelope stamped(String topic, String epoch, long offset) {
		return stamped(topic, epoch, Long.valueOf(offset));
	}

	private SubscriptionAck ack(String topic, @Nullable String epoch, long offset, boolean recovered, long count) {
		String epochJson = (epoch != null) ? "\"" + epoch + "\"" : "null";
		return SubscriptionAck.from(Envelope.builder("subscription_update")
			.payload(this.json.readTree("{\"action\":\"subscribe\",\"success\":true,\"success_topics\":[\"" + topic
					+ "\"],\"recovery\":{\"" + topic + "\":{\"epoch\":" + epochJson + ",\"offset\":" + offset
					+ ",\"recoverable\":true,\"recovered\":" + recovered + ",\"count\":" + count + "}}}"))
			.build());
	}

}
