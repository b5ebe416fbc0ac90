package dev.wse.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A thread-safe latency histogram with logarithmic buckets (2 % wide) from 1 µs to about
 * 20 minutes; values are nanoseconds, percentiles are reported as the upper bound of
 * their bucket.
 *
 * @author WSE team
 */
public final class Histogram {

	private static final double STEP = Math.log(1.02);

	private static final int BUCKETS = 1200;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	/**
	 * Record a value.
	 * @param nanos the value in nanoseconds
	 */
	public void record(long nanos) {
		int index = (nanos < 1000) ? 0 : 1 + (int) (Math.log(nanos / 1000.0) / STEP);
		this.counts.incrementAndGet(Math.min(index, BUCKETS - 1));
	}

	/**
	 * The number of recorded values.
	 * @return the count
	 */
	public long count() {
		long total = 0;
		for (int i = 0; i < BUCKETS; i++) {
			total += this.counts.get(i);
		}
		return total;
	}

	/**
	 * A percentile.
	 * @param percentile the percentile, 0 to 100
	 * @return the value in nanoseconds, 0 when nothing was recorded
	 */
	public long percentile(double percentile) {
		long total = count();
		if (total == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(total * percentile / 100.0);
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.counts.get(i);
			if (seen >= Math.max(rank, 1)) {
				return (i == 0) ? 1000 : (long) (1000 * Math.exp(i * STEP));
			}
		}
		return Long.MAX_VALUE;
	}

	/**
	 * Forget every recorded value.
	 */
	public void reset() {
		for (int i = 0; i < BUCKETS; i++) {
			this.counts.set(i, 0);
		}
	}

}
