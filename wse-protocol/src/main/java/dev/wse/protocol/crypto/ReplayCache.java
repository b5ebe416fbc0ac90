package dev.wse.protocol.crypto;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Rejects reused nonces and stale timestamps of signed messages. A message is accepted
 * when its timestamp lies within the window of the current time (either way) and its
 * nonce was not accepted before. Nonces are remembered until their timestamp leaves the
 * window, at most {@code capacity} of them: when more are in the window, the one with the
 * oldest timestamp is forgotten and every timestamp up to its one is refused from then on
 * (the window shrinks), so a forgotten nonce can never be replayed. Thread-safe.
 */
public final class ReplayCache {

	/**
	 * The outcome of a check.
	 */
	public enum Result {

		/** New nonce, timestamp within the window: accepted and remembered. */
		ACCEPTED,

		/** The timestamp is outside the window (too old or too far ahead). */
		STALE,

		/**
		 * The nonce was seen before, or the timestamp is not newer than one forgotten
		 * early to keep the cache bounded.
		 */
		REPLAYED

	}

	private final int capacity;

	private final long windowMillis;

	private final Set<String> nonces = new HashSet<>();

	private final PriorityQueue<Entry> byTimestamp = new PriorityQueue<>(Comparator.comparingLong(Entry::timestamp));

	private long floor = Long.MIN_VALUE;

	/**
	 * Create a cache.
	 * @param capacity the most nonces remembered (at least 1)
	 * @param window how far a timestamp may be from the current time, either way
	 */
	public ReplayCache(int capacity, Duration window) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, got " + window);
		}
		this.capacity = capacity;
		this.windowMillis = window.toMillis();
	}

	/**
	 * Check a signed message's nonce and timestamp, remembering the nonce if accepted.
	 * @param nonce the nonce
	 * @param timestamp the message's timestamp (epoch milliseconds)
	 * @param now the current time (epoch milliseconds)
	 * @return the outcome
	 */
	public synchronized Result check(String nonce, long timestamp, long now) {
		long oldest = now - this.windowMillis;
		while (!this.byTimestamp.isEmpty() && this.byTimestamp.peek().timestamp() < oldest) {
			this.nonces.remove(this.byTimestamp.poll().nonce());
		}
		if (timestamp < oldest || timestamp > now + this.windowMillis) {
			return Result.STALE;
		}
		if (timestamp <= this.floor || this.nonces.contains(nonce)) {
			return Result.REPLAYED;
		}
		this.nonces.add(nonce);
		this.byTimestamp.add(new Entry(nonce, timestamp));
		if (this.nonces.size() > this.capacity) {
			Entry evicted = this.byTimestamp.poll();
			this.nonces.remove(evicted.nonce());
			this.floor = Math.max(this.floor, evicted.timestamp());
		}
		return Result.ACCEPTED;
	}

	/**
	 * Return the number of nonces remembered.
	 * @return the size
	 */
	public synchronized int size() {
		return this.nonces.size();
	}

	private record Entry(String nonce, long timestamp) {

	}

}
