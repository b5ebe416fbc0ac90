package dev.wse.client.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Joins the parts in which the JDK WebSocket delivers text and binary messages. Not
 * thread-safe; the JDK delivers the parts of one connection one at a time.
 */
public final class FrameAssembler {

	private final StringBuilder text = new StringBuilder();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	/**
	 * Add a part of a text message.
	 * @param part the part
	 * @param last whether it is the last part
	 * @return the whole message when {@code last}, otherwise {@code null}
	 */
	public @Nullable String appendText(CharSequence part, boolean last) {
		if (last && this.text.length() == 0) {
			return part.toString();
		}
		this.text.append(part);
		if (!last) {
			return null;
		}
		String message = this.text.toString();
		this.text.setLength(0);
		return message;
	}

	/**
	 * Add a part of a binary message. The buffer is consumed.
	 * @param part the part
	 * @param last whether it is the last part
	 * @return the whole message when {@code last}, otherwise {@code null}
	 */
	public byte @Nullable [] appendBinary(ByteBuffer part, boolean last) {
		byte[] bytes = new byte[part.remaining()];
		part.get(bytes);
		if (last && this.binary.size() == 0) {
			return bytes;
		}
		this.binary.write(bytes, 0, bytes.length);
		if (!last) {
			return null;
		}
		byte[] message = this.binary.toByteArray();
		this.binary.reset();
		return message;
	}

}
