package dev.wse.engine.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Checks that the payload of a text message is valid UTF-8 (RFC 6455 §8.1), once per
 * message, for transports that see the message's bytes (instead of a per-byte frame
 * validator). ASCII, the usual case, is one scan; otherwise the JDK's decoder, which is
 * strict (overlong forms and encoded surrogates are malformed) and replaces what is
 * malformed with U+FFFD, decodes it, and only text that holds U+FFFD is decoded again,
 * strictly, to tell a malformed message from one that carries the character.
 */
public final class Utf8Text {

	private static final char REPLACEMENT = '\uFFFD';

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
		for (int i = offset; i < end; i++) {
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
