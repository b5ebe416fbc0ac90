package dev.wse.engine.transport;

import java.nio.charset.StandardCharsets;

/**
 * An encoded WebSocket frame ready to write. Immutable and shared: one publication's
 * frame is written to every subscriber that uses the same wire variant.
 */
public final class OutboundFrame {

	private final boolean text;

	private final String textContent;

	private final byte[] bytes;

	private OutboundFrame(boolean text, String textContent, byte[] bytes) {
		this.text = text;
		this.textContent = textContent;
		this.bytes = bytes;
	}

	/**
	 * Create a text frame.
	 * @param text the text
	 * @return the frame
	 */
	public static OutboundFrame text(String text) {
		return new OutboundFrame(true, text, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Create a binary frame. The array must not be modified afterwards.
	 * @param bytes the content
	 * @return the frame
	 */
	public static OutboundFrame binary(byte[] bytes) {
		return new OutboundFrame(false, "", bytes);
	}

	/**
	 * Return whether this is a text frame.
	 * @return {@code true} for text, {@code false} for binary
	 */
	public boolean isText() {
		return this.text;
	}

	/**
	 * Return the text of a text frame.
	 * @return the text ({@code ""} for binary frames)
	 */
	public String textContent() {
		return this.textContent;
	}

	/**
	 * Return the bytes of the frame (UTF-8 for text frames). Do not modify.
	 * @return the bytes
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Return the size of the frame's content in bytes.
	 * @return the size
	 */
	public int size() {
		return this.bytes.length;
	}

	@Override
	public String toString() {
		return this.text ? "TEXT " + this.textContent : "BINARY[" + this.bytes.length + "]";
	}

}
