package dev.wse.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * One complete frame received from the server (parts already joined), with the message
 * decoded from it or the reason it could not be decoded.
 */
public final class InboundFrame {

	private final @Nullable String text;

	private final byte @Nullable [] bytes;

	private final @Nullable Envelope envelope;

	private final @Nullable RuntimeException decodeError;

	private final Instant receivedAt;

	private InboundFrame(@Nullable String text, byte @Nullable [] bytes, @Nullable Envelope envelope,
			@Nullable RuntimeException decodeError, Instant receivedAt) {
		this.text = text;
		this.bytes = bytes;
		this.envelope = envelope;
		this.decodeError = decodeError;
		this.receivedAt = receivedAt;
	}

	/**
	 * Create a text frame.
	 * @param text the text
	 * @param envelope the decoded message, or {@code null}
	 * @param decodeError why decoding failed, or {@code null}
	 * @param receivedAt when the last part arrived
	 * @return the frame
	 */
	public static InboundFrame text(String text, @Nullable Envelope envelope, @Nullable RuntimeException decodeError,
			Instant receivedAt) {
		return new InboundFrame(text, null, envelope, decodeError, receivedAt);
	}

	/**
	 * Create a binary frame.
	 * @param bytes the bytes (not copied)
	 * @param envelope the decoded message, or {@code null}
	 * @param decodeError why decoding failed, or {@code null}
	 * @param receivedAt when the last part arrived
	 * @return the frame
	 */
	public static InboundFrame binary(byte[] bytes, @Nullable Envelope envelope, @Nullable RuntimeException decodeError,
			Instant receivedAt) {
		return new InboundFrame(null, bytes, envelope, decodeError, receivedAt);
	}

	/**
	 * Return whether this was a TEXT frame.
	 * @return {@code true} for text, {@code false} for binary
	 */
	public boolean isText() {
		return this.text != null;
	}

	/**
	 * Return the text of a TEXT frame.
	 * @return the text, or {@code null} for a binary frame
	 */
	public @Nullable String text() {
		return this.text;
	}

	/**
	 * Return the payload bytes: the frame's bytes, or the UTF-8 encoding of its text.
	 * @return a copy of the bytes
	 */
	public byte[] bytes() {
		return (this.bytes != null) ? this.bytes.clone() : textOrEmpty().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return the payload size in bytes (UTF-8 for text frames).
	 * @return the size
	 */
	public int size() {
		return (this.bytes != null) ? this.bytes.length : textOrEmpty().getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * Return whether the frame starts with the given ASCII prefix (for example
	 * {@code C:}).
	 * @param prefix the prefix
	 * @return whether the frame starts with it
	 */
	public boolean startsWith(String prefix) {
		if (this.text != null) {
			return this.text.startsWith(prefix);
		}
		byte[] expected = prefix.getBytes(StandardCharsets.UTF_8);
		if (this.bytes == null || this.bytes.length < expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if (this.bytes[i] != expected[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the decoded message.
	 * @return the message, or {@code null} if the frame could not be decoded
	 */
	public @Nullable Envelope envelope() {
		return this.envelope;
	}

	/**
	 * Return why the frame could not be decoded.
	 * @return the decoding failure, or {@code null}
	 */
	public @Nullable RuntimeException decodeError() {
		return this.decodeError;
	}

	/**
	 * Return when the frame was received.
	 * @return the arrival time of its last part
	 */
	public Instant receivedAt() {
		return this.receivedAt;
	}

	private String textOrEmpty() {
		return (this.text != null) ? this.text : "";
	}

	@Override
	public String toString() {
		String kind = isText() ? "TEXT" : "BINARY";
		String type = (this.envelope != null) ? this.envelope.type() : "undecodable";
		return "InboundFrame[" + kind + ", " + size() + " bytes, t=" + type + "]";
	}

}
