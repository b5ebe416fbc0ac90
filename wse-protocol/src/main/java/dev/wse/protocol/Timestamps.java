package dev.wse.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * UTC timestamps as WSE writes them: ISO-8601 with millisecond precision and a {@code Z},
 * for example {@code 2026-11-26T09:00:00.123Z}.
 */
public final class Timestamps {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private Timestamps() {
	}

	/**
	 * Format an instant, truncated to milliseconds.
	 * @param instant the instant
	 * @return the ISO-8601 UTC text
	 */
	public static String format(Instant instant) {
		return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
	}

	/**
	 * Format epoch milliseconds.
	 * @param epochMillis milliseconds since the epoch
	 * @return the ISO-8601 UTC text
	 */
	public static String format(long epochMillis) {
		return FORMAT.format(Instant.ofEpochMilli(epochMillis));
	}

}
