package dev.wse.spring.websocket;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reassembles the parts of one inbound WebSocket message, enforcing the maximum message
 * size as the parts arrive so that an oversized message is never buffered whole. Not
 * thread-safe: the container delivers the parts of a session's messages one after
 * another.
 *
 * @author WSE team
 */
final class MessageAssembler {

	private final int maxSize;

	private @Nullable StringBuilder text;

	private byte @Nullable [] binary;

	private int size;

	/**
	 * Create an assembler.
	 * @param maxSize the maximum message size in bytes
	 */
	MessageAssembler(int maxSize) {
		this.maxSize = maxSize;
	}

	/**
	 * Add a part of a text message.
	 * @param part the part
	 * @param last whether it is the last part
	 * @return the complete message when {@code last}, otherwise {@code null}
	 * @throws MessageTooBigException if the message exceeds the maximum size
	 */
	@Nullable String text(String part, boolean last) {
		int partSize = utf8Length(part);
		ensureCapacity(partSize);
		this.size += partSize;
		if (last && this.text == null) {
			reset();
			return part;
		}
		StringBuilder builder = this.text;
		if (builder == null) {
			builder = new StringBuilder(part.length() * 2);
			this.text = builder;
		}
		builder.append(part);
		if (!last) {
			return null;
		}
		String message = builder.toString();
		reset();
		return message;
	}

	/**
	 * Add a part of a binary message.
	 * @param part the part
	 * @param last whether it is the last part
	 * @return the complete message when {@code last}, otherwise {@code null}
	 * @throws MessageTooBigException if the message exceeds the maximum size
	 */
	byte @Nullable [] binary(ByteBuffer part, boolean last) {
		int partSize = part.remaining();
		ensureCapacity(partSize);
		byte[] buffer = this.binary;
		if (buffer == null) {
			buffer = new byte[Math.max(partSize, (last) ? partSize : Math.min(2 * partSize, this.maxSize))];
		}
		else if (buffer.length < this.size + partSize) {
			buffer = Arrays.copyOf(buffer,
					(int) Math.min(this.maxSize, Math.max(this.size + (long) partSize, 2L * buffer.length)));
		}
		part.get(buffer, this.size, partSize);
		this.size += partSize;
		this.binary = buffer;
		if (!last) {
			return null;
		}
		byte[] message = (buffer.length == this.size) ? buffer : Arrays.copyOf(buffer, this.size);
		reset();
		return message;
	}

	private void ensureCapacity(int partSize) {
		if ((long) this.size + partSize > this.maxSize) {
			reset();
			throw new MessageTooBigException();
		}
	}

	/**
	 * Drop any partially assembled message.
	 */
	void reset() {
		this.text = null;
		this.binary = null;
		this.size = 0;
	}

	static int utf8Length(CharSequence chars) {
		int length = 0;
		for (int i = 0; i < chars.length(); i++) {
			char c = chars.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800 || Character.isSurrogate(c)) {
				// A surrogate pair is four bytes: two per half, even when split across
				// parts.
				length += 2;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	/**
	 * Thrown when a message exceeds the maximum size.
	 */
	static final class MessageTooBigException extends RuntimeException {

		MessageTooBigException() {
			super("Message too big", null, false, false);
		}

	}

}
