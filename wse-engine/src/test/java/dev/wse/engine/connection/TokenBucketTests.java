package dev.wse.engine.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTests {

	@Test
	void allowsTheBurstThenRefillsOverTime() {
		TokenBucket bucket = new TokenBucket(3, 10);
		long now = System.nanoTime();
		assertThat(bucket.tryAcquire(now)).isTrue();
		assertThat(bucket.tryAcquire(now)).isTrue();
		assertThat(bucket.tryAcquire(now)).isTrue();
		assertThat(bucket.tryAcquire(now)).isFalse();
		assertThat(bucket.tryAcquire(now + 100_000_000L)).isTrue();
		assertThat(bucket.tokens(now + 10_000_000_000L)).isEqualTo(3.0);
	}

	@Test
	void feedbackIsThrottledToOncePerSecond() {
		TokenBucket bucket = new TokenBucket(10, 1);
		long now = System.nanoTime();
		for (int i = 0; i < 9; i++) {
			bucket.tryAcquire(now);
		}
		assertThat(bucket.warningDue(0.2, now)).isTrue();
		assertThat(bucket.warningDue(0.2, now + 500_000_000L)).isFalse();
		assertThat(bucket.limitedNoticeDue(now)).isTrue();
		assertThat(bucket.limitedNoticeDue(now + 999_000_000L)).isFalse();
		assertThat(bucket.limitedNoticeDue(now + 1_000_000_000L)).isTrue();
	}

	@Test
	void noWarningAboveTheRatio() {
		TokenBucket bucket = new TokenBucket(10, 1);
		assertThat(bucket.warningDue(0.2, System.nanoTime())).isFalse();
	}

}
