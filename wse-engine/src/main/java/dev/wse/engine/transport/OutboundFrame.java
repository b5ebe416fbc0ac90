package dev.wse.engine.transport;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * An encoded WebSocket frame ready to write. Immutable and shared: one publication's
 * frame is written to every subscriber that uses the same wire variant.
 */
public final class OutboundFrame {

	private final boolean text;

	/** The text of a text frame, decoded from its bytes when first asked for. */
	private volatile @Nullable String textContent;

	private final byte[] bytes;

	/**
	 * A transport's own representation of this frame (a Netty buffer, for example), made
	 * once and shared by every connection the frame is written to. Set lazily; a race
	 * between two writers only builds it twice.
	 */
	private volatile @Nullable Object transportCache;

	private OutboundFrame(boolean text, @Nullable String textContent, byte[] bytes) {
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
	 * Create a text frame from its UTF-8 bytes; {@link #textContent()} decodes them when
	 * a transport first asks for the text. The array must hold valid UTF-8 and must not
	 * be modified afterwards.
	 * @param utf8 the text's UTF-8 bytes
	 * @return the frame
	 */
	public static OutboundFrame utf8Text(byte[] utf8) {
		return new OutboundFrame(true, null, utf8);
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
		String content = this.textContent;
		if (content == null) {
			// a race between two readers only decodes twice
			content = new String(this.bytes, StandardCharsets.UTF_8);
			this.textContent = content;
		}
		return content;
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

	/**
	 * Return what a transport cached on this frame with {@link #transportCache(Object)}.
	 * @return the cached object, or {@code null}
	 */
	public @Nullable Object transportCache() {
		return this.transportCache;
	}

	/**
	 * Cache a transport's own representation of this frame so that writing it to the next
	 * connection does not build it again. Only one transport should use the slot; the
	 * object must be safe to share between connections.
	 * @param cache the object to cache
	 */
	public void transportCache(Object cache) {
		this.transportCache = cache;
	}

	@Override
	public String toString() {
		return this.text ? "TEXT " + textContent() : "BINARY[" + this.bytes.length + "]";
	}

}
