package dev.wse.protocol.crypto;

import java.time.Duration;

import dev.wse.protocol.crypto.ReplayCache.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplayCache}.
 */
class ReplayCacheTests {

	private static final long NOW = 1_764_165_600_000L;

	private static final long WINDOW = Duration.ofMinutes(5).toMillis();

	@Test
	void acceptsANewNonceOnceAndRejectsItsReuse() {
		ReplayCache cache = new ReplayCache(10, Duration.ofMinutes(5));
		assertThat(cache.check("a", NOW, NOW)).isEqualTo(Result.ACCEPTED);
		assertThat(cache.check("a", NOW, NOW + 1000)).isEqualTo(Result.REPLAYED);
		assertThat(cache.check("b", NOW, NOW + 1000)).isEqualTo(Result.ACCEPTED);
	}

	@Test
	void rejectsTimestampsOutsideTheWindowEitherWay() {
		ReplayCache cache = new ReplayCache(10, Duration.ofMinutes(5));
		assertThat(cache.check("old", NOW - WINDOW - 1, NOW)).isEqualTo(Result.STALE);
		assertThat(cache.check("future", NOW + WINDOW + 1, NOW)).isEqualTo(Result.STALE);
		assertThat(cache.check("edge-old", NOW - WINDOW, NOW)).isEqualTo(Result.ACCEPTED);
		assertThat(cache.check("edge-future", NOW + WINDOW, NOW)).isEqualTo(Result.ACCEPTED);
		assertThat(cache.size()).isEqualTo(2);
	}

	@Test
	void forgetsNoncesOnceTheirTimestampLeftTheWindow() {
		ReplayCache cache = new ReplayCache(10, Duration.ofMinutes(5));
		cache.check("a", NOW, NOW);
		assertThat(cache.check("a", NOW, NOW + WINDOW + 1)).isEqualTo(Result.STALE);
		assertThat(cache.size()).isZero();
	}

	@Test
	void staysBoundedAndNeverLetsAnEvictedNonceBackIn() {
		ReplayCache cache = new ReplayCache(3, Duration.ofMinutes(5));
		for (int i = 0; i < 3; i++) {
			assertThat(cache.check("n" + i, NOW + i, NOW + 10)).isEqualTo(Result.ACCEPTED);
		}
		// a fourth in-window nonce evicts the oldest (n0, ts NOW)
		assertThat(cache.check("n3", NOW + 3, NOW + 10)).isEqualTo(Result.ACCEPTED);
		assertThat(cache.size()).isEqualTo(3);
		// n0 is no longer remembered, but its timestamp is now below the floor
		assertThat(cache.check("n0", NOW, NOW + 10)).isEqualTo(Result.REPLAYED);
		// and so is any new nonce as old as it
		assertThat(cache.check("fresh-but-old", NOW, NOW + 10)).isEqualTo(Result.REPLAYED);
		// newer ones are fine
		assertThat(cache.check("n4", NOW + 4, NOW + 10)).isEqualTo(Result.ACCEPTED);
		assertThat(cache.check("n1", NOW + 1, NOW + 10)).isEqualTo(Result.REPLAYED);
		assertThat(cache.size()).isEqualTo(3);
	}

	@Test
	void tenThousandEntriesByDefaultSizing() {
		ReplayCache cache = new ReplayCache(10_000, Duration.ofMinutes(5));
		for (int i = 0; i < 12_000; i++) {
			assertThat(cache.check("n" + i, NOW + i, NOW + 12_000)).isEqualTo(Result.ACCEPTED);
		}
		assertThat(cache.size()).isEqualTo(10_000);
		assertThat(cache.check("n1999", NOW + 1999, NOW + 12_000)).isEqualTo(Result.REPLAYED);
		assertThat(cache.check("n11999", NOW + 11_999, NOW + 12_000)).isEqualTo(Result.REPLAYED);
	}

}
