package dev.wse.engine.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Every topic's {@link TopicLog}: created on a topic's first publication, evicted when
 * idle for the TTL or, least recently written first, when the global memory budget is
 * exceeded. A log created again for a topic gets a new epoch.
 */
public final class RecoveryStore {

	private final Map<String, TopicLog> logs = new ConcurrentHashMap<>();

	private final Map<String, String> lastEpochs = new ConcurrentHashMap<>();

	private final AtomicLong totalBytes = new AtomicLong();

	private final int capacity;

	private final long ttlNanos;

	private final long memoryBudget;

	/**
	 * Create a store.
	 * @param bufferSize messages per topic (rounded up to a power of two, at least 16)
	 * @param ttl idle time after which a topic's log is evicted
	 * @param memoryBudget bytes held across all topics before the least recently written
	 * logs are evicted
	 */
	public RecoveryStore(int bufferSize, Duration ttl, long memoryBudget) {
		this.capacity = capacityFor(bufferSize);
		this.ttlNanos = ttl.toNanos();
		this.memoryBudget = memoryBudget;
	}

	/**
	 * Round a buffer size up to a power of two, at least 16.
	 * @param bufferSize the requested size
	 * @return the capacity
	 */
	public static int capacityFor(int bufferSize) {
		int size = Math.max(16, bufferSize);
		return (Integer.bitCount(size) == 1) ? size : Integer.highestOneBit(size) << 1;
	}

	/**
	 * Return a topic's log, creating it (with a new epoch) if there is none.
	 * @param topic the topic
	 * @param nowNanos the current time
	 * @return the log
	 */
	public TopicLog logFor(String topic, long nowNanos) {
		TopicLog log = this.logs.get(topic);
		if (log != null && !log.isEvicted()) {
			return log;
		}
		return this.logs.compute(topic, (key, existing) -> (existing != null && !existing.isEvicted()) ? existing
				: new TopicLog(key, newEpoch(key), this.capacity, this, nowNanos));
	}

	/**
	 * Return a topic's live log.
	 * @param topic the topic
	 * @return the log, or {@code null} when the topic has none
	 */
	public @Nullable TopicLog find(String topic) {
		TopicLog log = this.logs.get(topic);
		return (log != null && !log.isEvicted()) ? log : null;
	}

	private String newEpoch(String topic) {
		String previous = this.lastEpochs.get(topic);
		String epoch;
		do {
			epoch = String.format("%08x", ThreadLocalRandom.current().nextInt());
		}
		while (epoch.equals(previous));
		this.lastEpochs.put(topic, epoch);
		if (this.lastEpochs.size() > 100_000) {
			this.lastEpochs.clear();
		}
		return epoch;
	}

	void adjustBytes(long delta) {
		this.totalBytes.addAndGet(delta);
	}

	/**
	 * Evict idle logs and, if the store is over its budget, the least recently written
	 * ones.
	 * @param nowNanos the current time
	 * @return the number of logs evicted
	 */
	public int cleanup(long nowNanos) {
		return cleanup(nowNanos, (topic) -> new Object());
	}

	/**
	 * Evict idle logs and, if the store is over its budget, the least recently written
	 * ones, each while holding the lock that the topic's publishers hold.
	 * @param nowNanos the current time
	 * @param topicLock the lock of a topic
	 * @return the number of logs evicted
	 */
	public int cleanup(long nowNanos, Function<String, Object> topicLock) {
		int evicted = 0;
		for (TopicLog log : this.logs.values()) {
			if (nowNanos - log.lastWrite() > this.ttlNanos) {
				evict(log, topicLock);
				evicted++;
			}
		}
		if (this.totalBytes.get() > this.memoryBudget) {
			List<TopicLog> byAge = new ArrayList<>(this.logs.values());
			byAge.sort(Comparator.comparingLong(TopicLog::lastWrite));
			for (TopicLog log : byAge) {
				if (this.totalBytes.get() <= this.memoryBudget) {
					break;
				}
				evict(log, topicLock);
				evicted++;
			}
		}
		return evicted;
	}

	/**
	 * Return whether the store holds more bytes than its budget.
	 * @return {@code true} when over budget
	 */
	public boolean overBudget() {
		return this.totalBytes.get() > this.memoryBudget;
	}

	private void evict(TopicLog log, Function<String, Object> topicLock) {
		synchronized (topicLock.apply(log.topic())) {
			if (this.logs.remove(log.topic(), log)) {
				this.totalBytes.addAndGet(-log.evict());
			}
		}
	}

	/**
	 * Return the number of topics with a log.
	 * @return the count
	 */
	public int topicCount() {
		return this.logs.size();
	}

	/**
	 * Return the bytes held across all logs.
	 * @return the bytes
	 */
	public long totalBytes() {
		return this.totalBytes.get();
	}

}
