package dev.wse.engine.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Checks that the payload of a text message is valid UTF-8 (RFC 6455 §8.1), once per
 * message, for transports that see the message's bytes (instead of a per-byte frame
 * validator). ASCII, the usual case, is one scan, eight bytes at a time; otherwise the
 * JDK's decoder, which is strict (overlong forms and encoded surrogates are malformed)
 * and replaces what is malformed with U+FFFD, decodes it, and only text that holds U+FFFD
 * is decoded again, strictly, to tell a malformed message from one that carries the
 * character.
 */
public final class Utf8Text {

	private static final char REPLACEMENT = '\uFFFD';

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

	private static final long HIGH_BITS = 0x8080808080808080L;

	private Utf8Text() {
	}

	/**
	 * Return whether bytes are valid UTF-8.
	 * @param bytes the bytes
	 * @param offset where they start
	 * @param length how many
	 * @return {@code true} if valid
	 */
	public static boolean isValid(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int i = offset;
		for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
			if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
				return isValidNonAscii(bytes, offset, length);
			}
		}
		for (; i < end; i++) {
			if (bytes[i] < 0) {
				return isValidNonAscii(bytes, offset, length);
			}
		}
		return true;
	}

	private static boolean isValidNonAscii(byte[] bytes, int offset, int length) {
		String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
		if (text.indexOf(REPLACEMENT) < 0) {
			return true;
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
