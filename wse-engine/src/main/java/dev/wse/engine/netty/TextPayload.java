package dev.wse.engine.netty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the payload of a text message, refusing invalid UTF-8 (RFC 6455 §8.1). Done
 * once per message instead of Netty's per-byte frame validator: the JDK's decoder is
 * strict (overlong forms and encoded surrogates are malformed) and fast on ASCII, and
 * replaces what is malformed with U+FFFD; only a message whose text holds U+FFFD is
 * decoded again, strictly, to tell a malformed one from one that carries the character.
 */
final class TextPayload {

	private static final char REPLACEMENT = '\uFFFD';

	private TextPayload() {
	}

	/**
	 * Decode a text message.
	 * @param content the payload
	 * @return the text, or {@code null} if the payload is not valid UTF-8
	 */
	static @Nullable String decode(ByteBuf content) {
		int length = content.readableBytes();
		byte[] bytes;
		int offset;
		if (content.hasArray()) {
			bytes = content.array();
			offset = content.arrayOffset() + content.readerIndex();
		}
		else {
			bytes = new byte[length];
			content.getBytes(content.readerIndex(), bytes);
			offset = 0;
		}
		String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
		if (text.indexOf(REPLACEMENT) < 0) {
			return text;
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
			return text;
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
