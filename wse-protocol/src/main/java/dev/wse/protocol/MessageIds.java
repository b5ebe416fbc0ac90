package dev.wse.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUID version 7 identifiers (RFC 9562): 48 bits of Unix milliseconds, then random bits,
 * so ids sort by creation time.
 */
public final class MessageIds {

	private MessageIds() {
	}

	/**
	 * Create a UUID v7 for the current time.
	 * @return the id
	 */
	public static UUID uuidV7() {
		return uuidV7(System.currentTimeMillis());
	}

	/**
	 * Create a UUID v7 for the given time.
	 * @param epochMillis milliseconds since the epoch
	 * @return the id
	 */
	public static UUID uuidV7(long epochMillis) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long msb = ((epochMillis & 0xFFFF_FFFF_FFFFL) << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(msb, lsb);
	}

	/**
	 * Create a UUID v7 for the current time as a string.
	 * @return the id text
	 */
	public static String next() {
		return uuidV7().toString();
	}

}
