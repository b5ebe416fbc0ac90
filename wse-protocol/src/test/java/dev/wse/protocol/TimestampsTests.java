package dev.wse.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTests {

	@Test
	void formatsUtcWithMillisecondsAndZ() {
		assertThat(Timestamps.format(Instant.parse("2026-11-26T09:00:25Z"))).isEqualTo("2026-11-26T09:00:25.000Z");
	}

	@Test
	void truncatesBelowMilliseconds() {
		assertThat(Timestamps.format(Instant.parse("2026-11-26T09:00:00.123987654Z")))
			.isEqualTo("2026-11-26T09:00:00.123Z");
	}

	@Test
	void formatsEpochMillis() {
		assertThat(Timestamps.format(0L)).isEqualTo("1970-01-01T00:00:00.000Z");
		assertThat(Timestamps.format(1_795_000_000_123L))
			.isEqualTo(Timestamps.format(Instant.ofEpochMilli(1_795_000_000_123L)));
	}

	@Test
	void formattedTimestampsParseBackAsInstants() {
		Instant now = Instant.now();
		assertThat(Instant.parse(Timestamps.format(now)).toEpochMilli()).isEqualTo(now.toEpochMilli());
	}

	@Test
	void agreesWithTheJdkFormatterAcrossSecondsAndBeforeTheEpoch() {
		DateTimeFormatter jdk = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
		java.util.Random random = new java.util.Random(42);
		long[] samples = { -1L, -999L, -1000L, -1001L, 1L, 999L, 1000L, 1001L, 253_402_300_799_999L };
		for (long millis : samples) {
			assertThat(Timestamps.format(millis)).as("%d", millis).isEqualTo(jdk.format(Instant.ofEpochMilli(millis)));
		}
		long base = 1_795_000_000_000L;
		for (int i = 0; i < 10_000; i++) {
			// runs of the same second and jumps between seconds
			long millis = base + ((i % 7 == 0) ? random.nextInt(100_000_000) : random.nextInt(3_000));
			assertThat(Timestamps.format(millis)).as("%d", millis).isEqualTo(jdk.format(Instant.ofEpochMilli(millis)));
		}
	}

}
