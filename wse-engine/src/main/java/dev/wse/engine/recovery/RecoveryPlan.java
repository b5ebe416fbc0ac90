package dev.wse.engine.recovery;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a subscription with a resume position gets for one topic: the messages to replay
 * and the position to report in the acknowledgement, following the WSE v2 recovery rules.
 *
 * @param epoch the topic's current epoch, or {@code null} when it has no log
 * @param offset the last offset of the topic ({@code head - 1}), or 0 without a log
 * @param recoverable whether the topic has a log a client can resume from
 * @param recovered whether the client's gap is closed by the replay
 * @param replay the entries to replay, oldest first (empty unless recovered)
 */
public record RecoveryPlan(@Nullable String epoch, long offset, boolean recoverable, boolean recovered,
		List<TopicLog.Entry> replay) {

	/**
	 * The plan for a topic without a log.
	 */
	public static final RecoveryPlan NO_LOG = new RecoveryPlan(null, 0, false, false, List.of());

	/**
	 * Decide the plan for a topic. Call while holding the log's monitor, so that the
	 * position and the replay match the live stream that follows.
	 * @param log the topic's log, or {@code null}
	 * @param requestedEpoch the epoch the client resumes from, or {@code null} when it
	 * asked for no recovery
	 * @param lastOffset the last offset the client processed in order
	 * @param maxMessages the largest backlog replayed
	 * @return the plan
	 */
	public static RecoveryPlan decide(@Nullable TopicLog log, @Nullable String requestedEpoch, long lastOffset,
			int maxMessages) {
		if (log == null) {
			return NO_LOG;
		}
		long current = log.head() - 1;
		if (requestedEpoch == null || !requestedEpoch.equals(log.epoch()) || lastOffset > current
				|| current - lastOffset > maxMessages) {
			return new RecoveryPlan(log.epoch(), current, true, false, List.of());
		}
		List<TopicLog.Entry> entries = log.entriesAfter(lastOffset);
		if (entries == null) {
			return new RecoveryPlan(log.epoch(), current, true, false, List.of());
		}
		return new RecoveryPlan(log.epoch(), current, true, true, entries);
	}

	/**
	 * Return the number of replayed messages.
	 * @return the count
	 */
	public int count() {
		return this.replay.size();
	}

}
