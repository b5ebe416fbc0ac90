package dev.wse.protocol.codec;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.crypto.FrameCipher;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes and decodes WSE v2 frames. Thread-safe; one instance is shared by an engine or client.
 * <p>
 * Inbound text: optional legacy prefix ({@code WSE{}, {@code S{}, {@code U{}) stripped, JSON
 * parsed with the depth cap, {@code type}/{@code payload} normalised to {@code t}/{@code p}.
 * Inbound binary: {@code E:} (decrypted, then decoded again), {@code C:} (zlib, inflate capped),
 * {@code M:} MessagePack, raw MessagePack on {@link WireFormat#MSGPACK} connections (a map
 * marker as first byte), otherwise UTF-8 JSON.
 * <p>
 * Outbound: JSON text with key order {@code tp e o c t p id ts seq v cid sig pri} then extras;
 * binary sends as plain JSON bytes, {@code C:} zlib when the JSON is strictly longer than the
 * threshold, or {@code M:} MessagePack; {@code E:} wraps any of them.
 */
public final class FrameCodec {

	/** The {@code C:} prefix of zlib-compressed binary frames. */
	public static final byte[] COMPRESSED_PREFIX = { 'C', ':' };

	/** The {@code M:} prefix of MessagePack binary frames. */
	public static final byte[] MSGPACK_PREFIX = { 'M', ':' };

	/** The {@code E:} prefix of encrypted binary frames. */
	public static final byte[] ENCRYPTED_PREFIX = { 'E', ':' };

	private final JsonMapper jsonMapper;

	private final CodecLimits limits;

	/**
	 * Create a codec.
	 * @param jsonMapper the mapper used for JSON (its stream constraints are tightened to the
	 * limits' depth cap)
	 * @param limits the size and depth limits
	 */
	public FrameCodec(JsonMapper jsonMapper, CodecLimits limits) {
		this.jsonMapper = jsonMapper;
		this.limits = limits;
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Create a codec with a default mapper and {@link CodecLimits#defaults()}.
	 * @return a codec
	 */
	public static FrameCodec withDefaults() {
		return new FrameCodec(JsonMapper.builder().build(), CodecLimits.defaults());
	}

	/**
	 * Return the limits of this codec.
	 * @return the limits
	 */
	public CodecLimits limits() {
		return this.limits;
	}

	/**
	 * Return the JSON mapper of this codec.
	 * @return the mapper
	 */
	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Decode a text frame.
	 * @param text the frame text
	 * @return the message
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for anything that is not a JSON
	 * object with a string {@code t}, or {@code MESSAGE_TOO_LARGE} above the size limit
	 */
	public Envelope decodeText(String text) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Decode a binary frame.
	 * @param frame the frame bytes
	 * @param format the connection's wire format
	 * @param cipher the connection's cipher, or {@code null} when not keyed
	 * @return the message and whether it was encrypted
	 * @throws ProtocolException with {@code INVALID_MESSAGE} (also for {@code E:} without a key or
	 * with a failed tag), or {@code MESSAGE_TOO_LARGE} when inflation exceeds the cap
	 */
	public DecodedFrame decodeBinary(byte[] frame, WireFormat format, @Nullable FrameCipher cipher) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Encode a message as JSON text.
	 * @param envelope the message
	 * @return the JSON text
	 */
	public String encodeText(Envelope envelope) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Encode a message as UTF-8 JSON bytes.
	 * @param envelope the message
	 * @return the JSON bytes
	 */
	public byte[] encodeJson(Envelope envelope) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Encode a message for a binary frame: {@code M:} MessagePack for {@link WireFormat#MSGPACK},
	 * otherwise JSON, {@code C:} zlib-compressed when longer than the threshold.
	 * @param envelope the message
	 * @param format the connection's wire format
	 * @param compressionThreshold compress JSON strictly longer than this many bytes; 0 disables
	 * @return the frame bytes
	 */
	public byte[] encodeBinary(Envelope envelope, WireFormat format, int compressionThreshold) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wrap frame content in an {@code E:} frame: {@code E:} + IV + ciphertext + tag.
	 * @param plaintext the content (JSON text bytes or an {@code M:} frame)
	 * @param cipher the connection's cipher
	 * @return the encrypted frame bytes
	 */
	public byte[] encrypt(byte[] plaintext, FrameCipher cipher) {
		throw new UnsupportedOperationException("TODO");
	}

}
