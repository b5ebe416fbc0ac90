package dev.wse.engine.recovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.wse.engine.filter.MessageFilter;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * The recent publications of one topic: a power-of-two ring of frames addressed by offset
 * (from 0), under one epoch. The stored frames are the very ones used for live fan-out.
 * <p>
 * Publishing and subscribing with recovery synchronize on the log, so that every
 * publication is either part of a subscriber's replay or delivered to it live, never both
 * and never neither.
 */
public final class TopicLog {

	private static final int MAX_TRACKED_FILTERS = 1024;

	private final String topic;

	private final String epoch;

	private final Entry[] ring;

	private final int mask;

	private final RecoveryStore store;

	private long head;

	private long bytes;

	private volatile long lastWrite;

	private volatile boolean evicted;

	private final Map<MessageFilter, Long> lastMatches = new HashMap<>();

	TopicLog(String topic, String epoch, int capacity, RecoveryStore store, long nowNanos) {
		this.topic = topic;
		this.epoch = epoch;
		this.ring = new Entry[capacity];
		this.mask = capacity - 1;
		this.store = store;
		this.lastWrite = nowNanos;
	}

	/**
	 * Return the topic.
	 * @return the topic
	 */
	public String topic() {
		return this.topic;
	}

	/**
	 * Return the epoch: 8 lowercase hex digits, new for every buffer of the topic.
	 * @return the epoch
	 */
	public String epoch() {
		return this.epoch;
	}

	/**
	 * Return the offset the next publication gets.
	 * @return the head offset
	 */
	public synchronized long head() {
		return this.head;
	}

	/**
	 * Return the oldest offset still held.
	 * @return the tail offset
	 */
	public synchronized long tail() {
		return Math.max(0, this.head - this.ring.length);
	}

	/**
	 * Return whether the log was evicted (by TTL or the memory budget); an evicted log
	 * takes no more publications.
	 * @return {@code true} if evicted
	 */
	public boolean isEvicted() {
		return this.evicted;
	}

	/**
	 * Store the frame of the publication at {@link #head()} and advance the head. Callers
	 * hold the log's monitor from reading the head to fanning the frame out.
	 * @param frame the stamped frame
	 * @param envelope the stamped message (kept to evaluate subscription filters on
	 * replay)
	 * @param messageId the application message id, or {@code null}
	 * @param nowNanos the current time
	 * @return the offset assigned
	 */
	public synchronized long append(OutboundFrame frame, Envelope envelope, @Nullable String messageId, long nowNanos) {
		long offset = this.head++;
		int slot = (int) (offset & this.mask);
		Entry previous = this.ring[slot];
		long delta = frame.size() - ((previous != null) ? previous.frame().size() : 0);
		this.ring[slot] = new Entry(offset, frame, envelope, messageId);
		this.bytes += delta;
		this.lastWrite = nowNanos;
		this.store.adjustBytes(delta);
		return offset;
	}

	/**
	 * Return the entries after an offset, oldest first, when all of them are still held.
	 * @param lastOffset the last offset the client processed
	 * @return the entries, or {@code null} when some were already overwritten
	 */
	public synchronized @Nullable List<Entry> entriesAfter(long lastOffset) {
		long from = lastOffset + 1;
		if (from < tail() || from > this.head) {
			return null;
		}
		List<Entry> entries = new ArrayList<>((int) (this.head - from));
		for (long offset = from; offset < this.head; offset++) {
			entries.add(this.ring[(int) (offset & this.mask)]);
		}
		return entries;
	}

	/**
	 * Return the bytes held.
	 * @return the bytes
	 */
	public synchronized long bytes() {
		return this.bytes;
	}

	/**
	 * Return the offset of the last publication before an offset that a subscription
	 * filter matched, as the {@code fp} of the match at that offset. The first call for a
	 * filter looks back through the ring.
	 * @param filter the filter
	 * @param before the offset of the publication being delivered
	 * @return the offset, or -1 when no earlier match is known
	 */
	public synchronized long lastMatchBefore(MessageFilter filter, long before) {
		Long known = this.lastMatches.get(filter);
		if (known != null && known < before) {
			return known;
		}
		long found = -1;
		for (long offset = before - 1; offset >= tail(); offset--) {
			Entry entry = this.ring[(int) (offset & this.mask)];
			if (entry != null && filter.matches(entry.envelope().payload())) {
				found = offset;
				break;
			}
		}
		remember(filter, found);
		return found;
	}

	/**
	 * Record that a filter matched the publication at an offset.
	 * @param filter the filter
	 * @param offset the offset
	 */
	public synchronized void matched(MessageFilter filter, long offset) {
		remember(filter, offset);
	}

	private void remember(MessageFilter filter, long offset) {
		if (this.lastMatches.size() >= MAX_TRACKED_FILTERS && !this.lastMatches.containsKey(filter)) {
			this.lastMatches.clear();
		}
		this.lastMatches.put(filter, offset);
	}

	long lastWrite() {
		return this.lastWrite;
	}

	/**
	 * Mark evicted and release the held frames.
	 * @return the bytes released
	 */
	synchronized long evict() {
		this.evicted = true;
		long released = this.bytes;
		java.util.Arrays.fill(this.ring, null);
		this.lastMatches.clear();
		this.bytes = 0;
		return released;
	}

	/**
	 * One stored publication.
	 *
	 * @param offset its offset
	 * @param frame the frame sent live and replayed
	 * @param envelope the stamped message
	 * @param messageId the application message id, or {@code null}
	 */
	public record Entry(long offset, OutboundFrame frame, Envelope envelope, @Nullable String messageId) {
	}

}
