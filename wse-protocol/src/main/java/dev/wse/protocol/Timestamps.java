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

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
		.withZone(ZoneOffset.UTC);

	/**
	 * The text of the last second formatted: every message carries a timestamp, and most
	 * fall in the same second as the one before.
	 */
	private static volatile Second last = new Second(Long.MIN_VALUE, "");

	private Timestamps() {
	}

	/**
	 * Format an instant, truncated to milliseconds.
	 * @param instant the instant
	 * @return the ISO-8601 UTC text
	 */
	public static String format(Instant instant) {
		long epochMillis;
		try {
			epochMillis = instant.toEpochMilli();
		}
		catch (ArithmeticException ex) {
			return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
		}
		return format(epochMillis);
	}

	/**
	 * Format epoch milliseconds.
	 * @param epochMillis milliseconds since the epoch
	 * @return the ISO-8601 UTC text
	 */
	public static String format(long epochMillis) {
		long epochSecond = Math.floorDiv(epochMillis, 1000);
		int millis = (int) Math.floorMod(epochMillis, 1000);
		Second second = last;
		if (second.epochSecond() != epochSecond) {
			second = new Second(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond)));
			last = second;
		}
		String prefix = second.text();
		StringBuilder text = new StringBuilder(prefix.length() + 4).append(prefix);
		text.append((char) ('0' + millis / 100))
			.append((char) ('0' + millis / 10 % 10))
			.append((char) ('0' + millis % 10))
			.append('Z');
		return text.toString();
	}

	private record Second(long epochSecond, String text) {
	}

}
