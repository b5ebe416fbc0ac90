package dev.wse.engine.connection;

/**
 * A token bucket: up to {@code capacity} tokens, refilled continuously at
 * {@code refillPerSecond}. Also throttles the feedback frames it causes to one of each
 * kind per second.
 */
public final class TokenBucket {

	private static final long FEEDBACK_INTERVAL_NANOS = 1_000_000_000L;

	private final double capacity;

	private final double refillPerNano;

	private double tokens;

	private long lastRefill;

	private long lastWarning = Long.MIN_VALUE / 2;

	private long lastLimited = Long.MIN_VALUE / 2;

	/**
	 * Create a full bucket.
	 * @param capacity the capacity (burst)
	 * @param refillPerSecond tokens added per second
	 */
	public TokenBucket(int capacity, int refillPerSecond) {
		this.capacity = capacity;
		this.refillPerNano = refillPerSecond / 1e9;
		this.tokens = capacity;
		this.lastRefill = System.nanoTime();
	}

	/**
	 * Take one token.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return {@code true} if a token was available
	 */
	public synchronized boolean tryAcquire(long nowNanos) {
		refill(nowNanos);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}

	/**
	 * Return the tokens left, after refilling.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the tokens
	 */
	public synchronized double tokens(long nowNanos) {
		refill(nowNanos);
		return this.tokens;
	}

	/**
	 * Return the capacity.
	 * @return the capacity
	 */
	public int capacity() {
		return (int) this.capacity;
	}

	/**
	 * Return whether a warning is due: the bucket is below the ratio and no warning was
	 * sent in the last second. Records the warning when it returns {@code true}.
	 * @param ratio the fraction of the capacity below which to warn
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return {@code true} if the caller should send a warning now
	 */
	public synchronized boolean warningDue(double ratio, long nowNanos) {
		if (this.tokens >= this.capacity * ratio || nowNanos - this.lastWarning < FEEDBACK_INTERVAL_NANOS) {
			return false;
		}
		this.lastWarning = nowNanos;
		return true;
	}

	/**
	 * Return whether a rate-limited error is due (at most one per second). Records it
	 * when it returns {@code true}.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return {@code true} if the caller should send the error now
	 */
	public synchronized boolean limitedNoticeDue(long nowNanos) {
		if (nowNanos - this.lastLimited < FEEDBACK_INTERVAL_NANOS) {
			return false;
		}
		this.lastLimited = nowNanos;
		return true;
	}

	private void refill(long nowNanos) {
		long elapsed = nowNanos - this.lastRefill;
		if (elapsed > 0) {
			this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerNano);
			this.lastRefill = nowNanos;
		}
	}

}
