package dev.wse.protocol;

import java.time.Instant;

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

}
