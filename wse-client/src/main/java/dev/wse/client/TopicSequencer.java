package dev.wse.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * Puts the stamped publications of each topic in order and keeps the position a client
 * resumes from, following the rule of the WSE TypeScript client
 * ({@code EventSequencer.checkTopicStamp}). A message is stamped when it has a non-empty
 * {@code tp} and {@code e} and an {@code o}. Per topic, with the last position delivered
 * in order:
 * <ul>
 * <li>no position yet, or another epoch: deliver, and go on from the message (a new epoch
 * means the server's buffer was recreated: {@link RecoveryListener#resynced});</li>
 * <li>{@code o <= last}: a duplicate, dropped;</li>
 * <li>{@code o == last + 1}: deliver and advance;</li>
 * <li>{@code o > last + 1}: a gap: dropped, and a recovering subscribe from {@code last}
 * is requested (one at a time per topic: further gap messages are dropped until the topic
 * advances again or the server answers that it cannot recover).</li>
 * </ul>
 * A subscribe acknowledgement that reports {@code recovered:false} with an epoch moves
 * the topic to the reported position when the request asked for recovery or the topic had
 * no position; a plain subscribe to a topic already followed leaves it alone, since
 * messages older than the reported position may still be on their way. A
 * {@code snapshot_complete} moves a topic forward to the position its snapshot reflects
 * (the live messages that follow it have larger offsets), without a resync: the snapshot
 * is the new state. Thread-safe; the listener and the requester are called without
 * holding the lock.
 */
final class TopicSequencer {

	private static final long NO_REPLAY = Long.MIN_VALUE;

	private final RecoveryListener events;

	private final RecoveryRequester requester;

	private final Map<String, Track> tracks = new LinkedHashMap<>();

	private long delivered;

	private long duplicates;

	private long gaps;

	private long recoveryRequests;

	private long resyncs;

	private boolean closed;

	/**
	 * Create a sequencer.
	 * @param events hears gaps and resyncs
	 * @param requester sends the recovering subscribe that fills a gap
	 */
	TopicSequencer(RecoveryListener events, RecoveryRequester requester) {
		this.events = events;
		this.requester = requester;
	}

	/**
	 * Decide whether a message goes to the application, updating the topic's position.
	 * @param message the message
	 * @return {@code true} to deliver it (every unstamped message is delivered)
	 */
	boolean accept(Envelope message) {
		String topic = message.topic();
		String epoch = message.epoch();
		Long offset = message.offset();
		if (topic == null || topic.isEmpty() || epoch == null || epoch.isEmpty() || offset == null) {
			return true;
		}
		TopicPosition received = new TopicPosition(epoch, offset);
		@Nullable TopicPosition resyncedFrom = null;
		@Nullable TopicPosition gapFrom = null;
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			Track track = this.tracks.get(topic);
			if (track == null || !track.position.epoch().equals(epoch)) {
				this.tracks.put(topic, new Track(received));
				this.delivered++;
				if (track == null) {
					return true;
				}
				this.resyncs++;
				resyncedFrom = track.position;
			}
			else if (offset <= track.position.offset()) {
				this.duplicates++;
				return false;
			}
			else if (offset == track.position.offset() + 1) {
				track.position = received;
				track.recovering = false;
				track.replayEnd = NO_REPLAY;
				this.delivered++;
				return true;
			}
			else {
				this.gaps++;
				// A gap past the end of an answered replay: part of the replay was lost
				// (dropped from the server's full outbox), so the topic would wait for it
				// for ever; ask again.
				if (!track.recovering || (track.replayEnd != NO_REPLAY && offset > track.replayEnd)) {
					track.recovering = true;
					track.replayEnd = NO_REPLAY;
					this.recoveryRequests++;
					gapFrom = track.position;
				}
			}
		}
		if (resyncedFrom != null) {
			this.events.resynced(topic, resyncedFrom, received);
			return true;
		}
		if (gapFrom != null) {
			this.events.gapDetected(topic, gapFrom, offset);
			this.requester.recoverFrom(topic, gapFrom);
		}
		return false;
	}

	/**
	 * Take the positions a recovering subscribe resumes from as the topics' positions,
	 * before the request is sent.
	 * @param positions the positions
	 */
	synchronized void resumeFrom(Map<String, TopicPosition> positions) {
		positions.forEach((topic, position) -> this.tracks.put(topic, new Track(position)));
	}

	/**
	 * The recovering subscribe for a topic's gap failed (no acknowledgement in time, or
	 * an error): the topic stops waiting for that replay, so the next message past the
	 * gap asks again.
	 * @param topic the topic
	 */
	synchronized void recoveryFailed(String topic) {
		Track track = this.tracks.get(topic);
		if (track != null) {
			track.recovering = false;
			track.replayEnd = NO_REPLAY;
		}
	}

	/**
	 * Apply the positions of a subscribe acknowledgement.
	 * @param recover whether the acknowledged request asked for recovery
	 * @param ack the acknowledgement
	 */
	void acknowledged(boolean recover, SubscriptionAck ack) {
		List<Runnable> notifications = new ArrayList<>();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			for (Map.Entry<String, SubscriptionAck.TopicRecovery> entry : ack.recovery().entrySet()) {
				String topic = entry.getKey();
				SubscriptionAck.TopicRecovery recovery = entry.getValue();
				String epoch = recovery.epoch();
				if (epoch == null || epoch.isEmpty()) {
					continue;
				}
				Track track = this.tracks.get(topic);
				if (recovery.recovered()) {
					// The replay follows and advances the topic up to the reported
					// offset;
					// with nothing to replay there is no gap left to wait for.
					if (track != null && recovery.count() == 0) {
						track.recovering = false;
					}
					else if (track != null && track.recovering && track.position.epoch().equals(epoch)) {
						track.replayEnd = recovery.offset();
					}
					continue;
				}
				if (track != null && !recover) {
					continue;
				}
				TopicPosition reported = new TopicPosition(epoch, recovery.offset());
				this.tracks.put(topic, new Track(reported));
				if (track != null && !track.position.equals(reported)) {
					this.resyncs++;
					TopicPosition previous = track.position;
					notifications.add(() -> this.events.resynced(topic, previous, reported));
				}
			}
		}
		notifications.forEach(Runnable::run);
	}

	/**
	 * Apply the positions of a {@code snapshot_complete}: a topic behind the position its
	 * snapshot reflects, or without a position or in another epoch, goes on from there.
	 * @param positions the position each snapshot reflects, by topic
	 */
	synchronized void snapshotTaken(Map<String, TopicPosition> positions) {
		if (this.closed) {
			return;
		}
		positions.forEach((topic, position) -> {
			Track track = this.tracks.get(topic);
			if (track == null || !track.position.epoch().equals(position.epoch())
					|| track.position.offset() < position.offset()) {
				this.tracks.put(topic, new Track(position));
			}
		});
	}

	/**
	 * Forget the positions of unsubscribed topics, and of the topics an unsubscribed
	 * pattern matches unless they are still subscribed by name.
	 * @param unsubscribed the unsubscribed topics or patterns
	 * @param subscribed the topics and patterns still subscribed
	 */
	synchronized void unsubscribed(Collection<String> unsubscribed, Set<String> subscribed) {
		for (String pattern : unsubscribed) {
			this.tracks.keySet().removeIf((topic) -> TopicGlob.matches(pattern, topic) && !subscribed.contains(topic));
		}
	}

	/**
	 * Freeze the positions when the connection ended: stamped messages read afterwards
	 * are dropped, acknowledgements ignored.
	 */
	synchronized void close() {
		this.closed = true;
	}

	/**
	 * Return the position of every followed topic.
	 * @return an unmodifiable snapshot, in the order the topics were first seen
	 */
	synchronized Map<String, TopicPosition> positions() {
		Map<String, TopicPosition> positions = new LinkedHashMap<>();
		this.tracks.forEach((topic, track) -> positions.put(topic, track.position));
		return Collections.unmodifiableMap(positions);
	}

	/**
	 * Return the counters.
	 * @return a snapshot
	 */
	synchronized RecoveryStats stats() {
		return new RecoveryStats(this.delivered, this.duplicates, this.gaps, this.recoveryRequests, this.resyncs);
	}

	/**
	 * Sends the recovering subscribe that fills a gap.
	 */
	@FunctionalInterface
	interface RecoveryRequester {

		/**
		 * Ask the server to replay a topic after a position.
		 * @param topic the topic
		 * @param last the position of the last message delivered in order
		 */
		void recoverFrom(String topic, TopicPosition last);

	}

	/**
	 * The state of one topic.
	 */
	private static final class Track {

		private TopicPosition position;

		private boolean recovering;

		/**
		 * The last offset the answered replay of a recovering topic covers, or
		 * {@link #NO_REPLAY}.
		 */
		private long replayEnd = NO_REPLAY;

		Track(TopicPosition position) {
			this.position = position;
		}

		@Override
		public String toString() {
			return this.position + (this.recovering ? " (recovering)" : "");
		}

	}

}
