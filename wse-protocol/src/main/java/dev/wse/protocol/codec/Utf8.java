package dev.wse.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;

/**
 * Strict UTF-8 decoding and cheap encoded-length checks.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * Decode bytes, rejecting malformed or unmappable sequences.
	 * @param bytes the bytes
	 * @param offset the start
	 * @param length the number of bytes
	 * @return the text
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for invalid UTF-8
	 */
	static String decode(byte[] bytes, int offset, int length) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes, offset, length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message is not valid UTF-8", ex);
		}
	}

	/**
	 * Return whether the UTF-8 encoding of a text is longer than a limit, without
	 * encoding it.
	 * @param text the text
	 * @param limit the maximum number of bytes
	 * @return {@code true} if the encoded text exceeds the limit
	 */
	static boolean exceeds(CharSequence text, int limit) {
		int chars = text.length();
		// Every char takes 1 to 3 bytes (a surrogate pair takes 4 for 2 chars).
		if (chars > limit) {
			return true;
		}
		if ((long) chars * 3 <= limit) {
			return false;
		}
		long bytes = 0;
		for (int i = 0; i < chars; i++) {
			char ch = text.charAt(i);
			if (ch < 0x80) {
				bytes++;
			}
			else if (ch < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(ch) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
			if (bytes > limit) {
				return true;
			}
		}
		return false;
	}

}
