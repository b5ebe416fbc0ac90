package dev.wse.engine.recovery;

import java.time.Duration;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicLogTests {

	private final RecoveryStore store = new RecoveryStore(16, Duration.ofSeconds(300), 1_000_000);

	private static OutboundFrame frame(long i) {
		return OutboundFrame.text("m" + i);
	}

	private TopicLog logWith(int messages) {
		TopicLog log = this.store.logFor("prices", 0);
		for (int i = 0; i < messages; i++) {
			log.append(frame(i), Envelope.builder("m").build(), null, 0);
		}
		return log;
	}

	@Test
	void capacityIsAPowerOfTwoOfAtLeastSixteen() {
		assertThat(RecoveryStore.capacityFor(1)).isEqualTo(16);
		assertThat(RecoveryStore.capacityFor(128)).isEqualTo(128);
		assertThat(RecoveryStore.capacityFor(129)).isEqualTo(256);
	}

	@Test
	void offsetsStartAtZeroAndEpochsAreEightHexDigits() {
		TopicLog log = logWith(3);
		assertThat(log.head()).isEqualTo(3);
		assertThat(log.epoch()).matches("[0-9a-f]{8}");
		assertThat(this.store.logFor("news", 0).epoch()).matches("[0-9a-f]{8}");
	}

	@Test
	void sameEpochWithinTheRingReplaysExactlyTheMissingMessages() {
		TopicLog log = logWith(10);
		RecoveryPlan plan = RecoveryPlan.decide(log, log.epoch(), 6, 500);
		assertThat(plan.recovered()).isTrue();
		assertThat(plan.replay()).extracting(TopicLog.Entry::offset).containsExactly(7L, 8L, 9L);
		assertThat(plan.offset()).isEqualTo(9);
		assertThat(RecoveryPlan.decide(log, log.epoch(), 9, 500).replay()).isEmpty();
		assertThat(RecoveryPlan.decide(log, log.epoch(), 9, 500).recovered()).isTrue();
	}

	@Test
	void aPositionOlderThanTheRingIsNotRecovered() {
		TopicLog log = logWith(40);
		RecoveryPlan plan = RecoveryPlan.decide(log, log.epoch(), 10, 500);
		assertThat(plan.recovered()).isFalse();
		assertThat(plan.recoverable()).isTrue();
		assertThat(plan.offset()).isEqualTo(39);
		assertThat(plan.replay()).isEmpty();
		assertThat(RecoveryPlan.decide(log, log.epoch(), 22, 500).recovered()).isFalse();
		assertThat(RecoveryPlan.decide(log, log.epoch(), 23, 500).replay()).hasSize(16);
	}

	@Test
	void aBacklogOverTheMaximumIsNotRecovered() {
		TopicLog log = logWith(10);
		assertThat(RecoveryPlan.decide(log, log.epoch(), 2, 5).recovered()).isFalse();
	}

	@Test
	void anUnknownEpochOrNoLogIsNotRecovered() {
		TopicLog log = logWith(5);
		RecoveryPlan unknown = RecoveryPlan.decide(log, "deadbeef".equals(log.epoch()) ? "cafebabe" : "deadbeef", 2,
				500);
		assertThat(unknown.recovered()).isFalse();
		assertThat(unknown.epoch()).isEqualTo(log.epoch());
		assertThat(RecoveryPlan.decide(null, "deadbeef", 2, 500)).isEqualTo(RecoveryPlan.NO_LOG);
		assertThat(RecoveryPlan.decide(log, log.epoch(), 7, 500).recovered()).isFalse();
	}

	@Test
	void idleLogsAreEvictedByTtlAndRecreatedWithANewEpoch() {
		RecoveryStore store = new RecoveryStore(16, Duration.ofMillis(10), 1_000_000);
		TopicLog log = store.logFor("prices", 0);
		log.append(frame(0), Envelope.builder("m").build(), null, 0);
		assertThat(store.cleanup(Duration.ofSeconds(1).toNanos())).isEqualTo(1);
		assertThat(log.isEvicted()).isTrue();
		assertThat(store.find("prices")).isNull();
		assertThat(store.totalBytes()).isZero();
		TopicLog again = store.logFor("prices", Duration.ofSeconds(1).toNanos());
		assertThat(again.epoch()).isNotEqualTo(log.epoch());
		assertThat(again.head()).isZero();
	}

	@Test
	void theMemoryBudgetEvictsTheLeastRecentlyWrittenLogsFirst() {
		RecoveryStore store = new RecoveryStore(16, Duration.ofSeconds(300), 100);
		TopicLog old = store.logFor("old", 1);
		old.append(OutboundFrame.text("x".repeat(60)), Envelope.builder("m").build(), null, 1);
		TopicLog recent = store.logFor("recent", 2);
		recent.append(OutboundFrame.text("y".repeat(60)), Envelope.builder("m").build(), null, 2);
		assertThat(store.overBudget()).isTrue();
		assertThat(store.cleanup(3)).isEqualTo(1);
		assertThat(old.isEvicted()).isTrue();
		assertThat(recent.isEvicted()).isFalse();
		assertThat(store.totalBytes()).isEqualTo(60);
	}

	@Test
	void overwrittenSlotsKeepTheByteCountExact() {
		TopicLog log = logWith(100);
		assertThat(log.bytes()).isEqualTo(this.store.totalBytes());
		assertThat(log.bytes()).isEqualTo(16 * 3);
	}

}
