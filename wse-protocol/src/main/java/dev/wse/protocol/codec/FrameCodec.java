package dev.wse.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.util.Arrays;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.crypto.FrameCipher;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes and decodes WSE v2 frames. Thread-safe; one instance is shared by an engine or
 * client.
 * <p>
 * Inbound text: optional legacy prefix ({@code WSE{}, {@code S{}, {@code U{}) stripped,
 * JSON parsed with the depth cap, {@code type}/{@code payload} normalised to {@code
 * t}/{@code p}. Inbound binary: {@code E:} (decrypted, then decoded again), {@code C:}
 * (zlib, inflate capped), {@code M:} MessagePack, raw MessagePack on {@link
 * WireFormat#MSGPACK} connections (a map marker as first byte), otherwise UTF-8 JSON.
 * <p>
 * Outbound: JSON text with key order {@code tp e o c t p id ts seq v cid sig pri} then
 * extras; binary sends as plain JSON bytes, {@code C:} zlib when the JSON is strictly
 * longer than the threshold, or {@code M:} MessagePack; {@code E:} wraps any of them.
 */
public final class FrameCodec {

	/** The {@code C:} prefix of zlib-compressed binary frames. */
	public static final byte[] COMPRESSED_PREFIX = { 'C', ':' };

	/** The {@code M:} prefix of MessagePack binary frames. */
	public static final byte[] MSGPACK_PREFIX = { 'M', ':' };

	/** The {@code E:} prefix of encrypted binary frames. */
	public static final byte[] ENCRYPTED_PREFIX = { 'E', ':' };

	private static final int MIN_ENCRYPTED_BODY = 12 + 16;

	private final JsonMapper jsonMapper;

	private final CodecLimits limits;

	private final JsonObjectParser jsonParser;

	private final MsgpackTreeReader msgpackReader;

	/**
	 * Create a codec.
	 * @param jsonMapper the mapper used for JSON; inbound JSON is parsed with a copy of
	 * its factory whose nesting depth is capped at the limits' depth (the mapper itself
	 * is not changed)
	 * @param limits the size and depth limits
	 * @throws IllegalArgumentException if a limit is not positive or the compression
	 * level is not a zlib level
	 */
	public FrameCodec(JsonMapper jsonMapper, CodecLimits limits) {
		checkLimits(limits);
		this.jsonMapper = jsonMapper;
		this.limits = limits;
		this.jsonParser = new JsonObjectParser(jsonMapper, limits.maxDepth());
		this.msgpackReader = new MsgpackTreeReader(jsonMapper.getNodeFactory(), limits.maxDepth());
	}

	private static void checkLimits(CodecLimits limits) {
		if (limits.maxMessageSize() < 1 || limits.maxInflatedSize() < 1 || limits.maxDepth() < 1) {
			throw new IllegalArgumentException("Codec limits must be positive: " + limits);
		}
		if (limits.compressionLevel() < -1 || limits.compressionLevel() > 9) {
			throw new IllegalArgumentException("Compression level must be -1 to 9: " + limits.compressionLevel());
		}
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
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for anything that is not a
	 * JSON object with a string {@code t}, or {@code MESSAGE_TOO_LARGE} above the size
	 * limit
	 */
	public Envelope decodeText(String text) {
		if (Utf8.exceeds(text, this.limits.maxMessageSize())) {
			throw tooLarge();
		}
		return decodeJson(text);
	}

	/**
	 * Decode a text frame given as its UTF-8 bytes, which the caller has checked to be
	 * valid UTF-8; parsed without making a string first.
	 * @param utf8 the bytes
	 * @param offset where the text starts
	 * @param length the length of the text in bytes
	 * @return the message
	 * @throws ProtocolException as {@link #decodeText(String)} does
	 */
	public Envelope decodeText(byte[] utf8, int offset, int length) {
		if (length > this.limits.maxMessageSize()) {
			throw tooLarge();
		}
		return EnvelopeTreeReader.read(this.jsonParser.parseTopLevel(utf8, offset, length));
	}

	/**
	 * Decode a binary frame.
	 * @param frame the frame bytes
	 * @param format the connection's wire format
	 * @param cipher the connection's cipher, or {@code null} when not keyed
	 * @return the message and whether it was encrypted
	 * @throws ProtocolException with {@code INVALID_MESSAGE} (also for {@code E:} without
	 * a key or with a failed tag), or {@code MESSAGE_TOO_LARGE} when inflation exceeds
	 * the cap
	 */
	public DecodedFrame decodeBinary(byte[] frame, WireFormat format, @Nullable FrameCipher cipher) {
		if (frame.length > this.limits.maxMessageSize()) {
			throw tooLarge();
		}
		if (hasPrefix(frame, ENCRYPTED_PREFIX)) {
			return new DecodedFrame(decodeUnencrypted(decrypt(frame, cipher), format), true);
		}
		return new DecodedFrame(decodeUnencrypted(frame, format), false);
	}

	private byte[] decrypt(byte[] frame, @Nullable FrameCipher cipher) {
		if (cipher == null) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Encrypted frame without a key");
		}
		if (frame.length - ENCRYPTED_PREFIX.length < MIN_ENCRYPTED_BODY) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
					"Encrypted frame shorter than IV and tag (" + MIN_ENCRYPTED_BODY + " bytes)");
		}
		byte[] plaintext;
		try {
			plaintext = cipher.decrypt(Arrays.copyOfRange(frame, ENCRYPTED_PREFIX.length, frame.length));
		}
		catch (RuntimeException ex) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Encrypted frame failed to decrypt", ex);
		}
		if (hasPrefix(plaintext, ENCRYPTED_PREFIX)) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Encrypted frame inside an encrypted frame");
		}
		return plaintext;
	}

	private Envelope decodeUnencrypted(byte[] frame, WireFormat format) {
		if (hasPrefix(frame, COMPRESSED_PREFIX)) {
			byte[] json = ZlibCodec.inflate(frame, COMPRESSED_PREFIX.length, frame.length - COMPRESSED_PREFIX.length,
					this.limits.maxInflatedSize());
			return decodeJson(Utf8.decode(json, 0, json.length));
		}
		if (hasPrefix(frame, MSGPACK_PREFIX)) {
			return decodeMsgpack(frame, MSGPACK_PREFIX.length);
		}
		if (format == WireFormat.MSGPACK && frame.length > 0 && isMsgpackMap(frame[0])) {
			return decodeMsgpack(frame, 0);
		}
		return decodeJson(Utf8.decode(frame, 0, frame.length));
	}

	private Envelope decodeJson(String text) {
		return EnvelopeTreeReader.read(this.jsonParser.parse(text));
	}

	private Envelope decodeMsgpack(byte[] frame, int offset) {
		return EnvelopeTreeReader.read(this.msgpackReader.readMap(frame, offset, frame.length - offset));
	}

	private static boolean isMsgpackMap(byte first) {
		int marker = first & 0xFF;
		return (marker >= 0x80 && marker <= 0x8F) || marker == 0xDE || marker == 0xDF;
	}

	private static boolean hasPrefix(byte[] frame, byte[] prefix) {
		return frame.length >= 2 && frame[0] == prefix[0] && frame[1] == prefix[1];
	}

	private ProtocolException tooLarge() {
		return new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE,
				"Message larger than " + this.limits.maxMessageSize() + " bytes");
	}

	/**
	 * Encode a message as JSON text.
	 * @param envelope the message
	 * @return the JSON text
	 */
	public String encodeText(Envelope envelope) {
		StringWriter out = new StringWriter(128);
		try (JsonGenerator generator = this.jsonMapper.createGenerator(out)) {
			JsonEnvelopeWriter.write(envelope, generator);
		}
		return Utf16.escapeUnpairedSurrogates(out.toString());
	}

	/**
	 * Encode a message as UTF-8 JSON bytes.
	 * @param envelope the message
	 * @return the JSON bytes
	 */
	public byte[] encodeJson(Envelope envelope) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		try (JsonGenerator generator = this.jsonMapper.createGenerator(out, JsonEncoding.UTF8)) {
			JsonEnvelopeWriter.write(envelope, generator);
		}
		return out.toByteArray();
	}

	/**
	 * Encode a message for a binary frame: {@code M:} MessagePack for
	 * {@link WireFormat#MSGPACK}, otherwise JSON, {@code C:} zlib-compressed when longer
	 * than the threshold.
	 * @param envelope the message
	 * @param format the connection's wire format
	 * @param compressionThreshold compress JSON strictly longer than this many bytes; 0
	 * disables
	 * @return the frame bytes
	 */
	public byte[] encodeBinary(Envelope envelope, WireFormat format, int compressionThreshold) {
		if (format == WireFormat.MSGPACK) {
			return MsgpackEnvelopeWriter.write(MSGPACK_PREFIX, envelope);
		}
		byte[] json = encodeJson(envelope);
		if (compressionThreshold > 0 && json.length > compressionThreshold) {
			return ZlibCodec.deflate(COMPRESSED_PREFIX, json, this.limits.compressionLevel());
		}
		return json;
	}

	/**
	 * Encode a message for an encrypted connection: {@code E:} wrapping the JSON text, or
	 * the {@code M:} frame for {@link WireFormat#MSGPACK}. Encrypted frames are never
	 * compressed.
	 * @param envelope the message
	 * @param format the connection's wire format
	 * @param cipher the connection's cipher
	 * @return the encrypted frame bytes
	 */
	public byte[] encodeEncrypted(Envelope envelope, WireFormat format, FrameCipher cipher) {
		byte[] content = (format == WireFormat.MSGPACK) ? MsgpackEnvelopeWriter.write(MSGPACK_PREFIX, envelope)
				: encodeJson(envelope);
		return encrypt(content, cipher);
	}

	/**
	 * Wrap an encoded frame in an {@code E:} frame for an encrypted connection. The WSE
	 * clients read decrypted content as JSON text (or an {@code M:} frame), so a
	 * {@code C:} frame is inflated back to its JSON first; text and other binary frames
	 * are encrypted as they are.
	 * @param frame the encoded frame's bytes (UTF-8 JSON, {@code C:}, {@code M:})
	 * @param cipher the connection's cipher
	 * @return the encrypted frame bytes
	 * @throws ProtocolException with {@code MESSAGE_TOO_LARGE} when a {@code C:} frame
	 * inflates beyond the cap
	 */
	public byte[] encryptFrame(byte[] frame, FrameCipher cipher) {
		if (hasPrefix(frame, COMPRESSED_PREFIX)) {
			return encrypt(ZlibCodec.inflate(frame, COMPRESSED_PREFIX.length, frame.length - COMPRESSED_PREFIX.length,
					this.limits.maxInflatedSize()), cipher);
		}
		return encrypt(frame, cipher);
	}

	/**
	 * Return whether a binary frame is an {@code E:} frame.
	 * @param frame the frame bytes
	 * @return {@code true} if it starts with {@code E:}
	 */
	public static boolean isEncrypted(byte[] frame) {
		return hasPrefix(frame, ENCRYPTED_PREFIX);
	}

	/**
	 * Wrap frame content in an {@code E:} frame: {@code E:} + IV + ciphertext + tag.
	 * @param plaintext the content (JSON text bytes or an {@code M:} frame)
	 * @param cipher the connection's cipher
	 * @return the encrypted frame bytes
	 */
	public byte[] encrypt(byte[] plaintext, FrameCipher cipher) {
		byte[] body = cipher.encrypt(plaintext);
		byte[] frame = new byte[ENCRYPTED_PREFIX.length + body.length];
		System.arraycopy(ENCRYPTED_PREFIX, 0, frame, 0, ENCRYPTED_PREFIX.length);
		System.arraycopy(body, 0, frame, ENCRYPTED_PREFIX.length, body.length);
		return frame;
	}

}
