package dev.wse.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.wse.engine.DropReason;
import dev.wse.engine.EngineStats;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.CodecLimits;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.MessageSigning;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Message signing for the engine: checks the {@code sig} of inbound messages of the
 * signed types and signs outbound ones, for connections that negotiated signing.
 * <p>
 * Inbound, a message of a signed type must carry a {@code sig} whose HMAC verifies under
 * the connection's key ({@code INVALID_SIGNATURE} otherwise), with a nonce not seen
 * before and a timestamp within the window ({@code REPLAY_DETECTED} otherwise); a failed
 * message is dropped, and after too many consecutive failures the connection is closed
 * with 4006. Outbound, each frame of a signed type is decoded, signed and re-encoded for
 * each connection as its writer takes it, so a publication is signed once per subscriber.
 */
final class MessageSignatures {

	private static final Logger logger = LoggerFactory.getLogger(MessageSignatures.class);

	/** Types never signed: the hello sets up the key, heartbeats carry nothing. */
	private static final Set<String> NEVER_SIGNED = Set.of("client_hello", "server_hello", "ping", "PING", "pong",
			"PONG");

	private final WseEngineConfig config;

	private final EngineStats stats;

	private final Set<String> types;

	/**
	 * {@code "t":"<type>"} as the JSON writer writes each signed type, so that plain JSON
	 * frames of other types are passed without decoding; {@code null} when a type would
	 * be escaped (then every frame is decoded).
	 */
	private final @Nullable List<byte[]> needles;

	/** Decodes outbound frames, which may be larger than inbound ones. */
	private final FrameCodec codec;

	MessageSignatures(WseEngineConfig config, JsonMapper jsonMapper, EngineStats stats) {
		this.config = config;
		this.stats = stats;
		Set<String> signed = new TreeSet<>(config.signingTypes());
		signed.removeAll(NEVER_SIGNED);
		this.types = Set.copyOf(signed);
		this.needles = needles(this.types);
		this.codec = new FrameCodec(jsonMapper, new CodecLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
				Math.max(config.maxJsonDepth(), 256), config.compressionLevel()));
	}

	private static @Nullable List<byte[]> needles(Set<String> types) {
		List<byte[]> needles = new ArrayList<>();
		for (String type : types) {
			for (int i = 0; i < type.length(); i++) {
				char c = type.charAt(i);
				if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
					return null;
				}
			}
			needles.add(("\"t\":\"" + type + "\"").getBytes(StandardCharsets.US_ASCII));
		}
		return List.copyOf(needles);
	}

	/**
	 * Return whether clients may negotiate signing.
	 * @return the value
	 */
	boolean enabled() {
		return this.config.signingEnabled();
	}

	/**
	 * Return the signed types, sorted, as announced in {@code server_hello}.
	 * @return the types
	 */
	Set<String> types() {
		return new TreeSet<>(this.types);
	}

	boolean isSigned(String type) {
		return this.types.contains(type);
	}

	/**
	 * Check an inbound message.
	 * @param connection the connection it came from
	 * @param message the message
	 * @return {@code true} if it may be routed; otherwise it was answered with an error
	 * and dropped
	 */
	boolean admit(Connection connection, Envelope message) {
		if (!this.config.signingEnabled() || !this.types.contains(message.type())) {
			return true;
		}
		ConnectionSigning signing = connection.signing();
		if (!signing.isNegotiated()) {
			if (!this.config.signingRequired()) {
				return true;
			}
			this.stats.countDrop(DropReason.SIGNATURE_FAILED);
			connection.sendError(ErrorCode.INVALID_SIGNATURE,
					"Signing required: negotiate signing in client_hello first", message);
			return false;
		}
		MessageSigning.Signature signature = MessageSigning.parse(message.signature());
		if (signature == null) {
			return reject(connection, message, ErrorCode.INVALID_SIGNATURE,
					(message.signature() == null) ? "Missing signature" : "Malformed signature");
		}
		if (!signing.verify(message, signature, System.nanoTime())) {
			return reject(connection, message, ErrorCode.INVALID_SIGNATURE, "Signature does not match");
		}
		switch (signing.replay().check(signature.nonce(), signature.timestamp(), System.currentTimeMillis())) {
			case STALE -> {
				return reject(connection, message, ErrorCode.REPLAY_DETECTED,
						"Signature timestamp outside the replay window");
			}
			case REPLAYED -> {
				return reject(connection, message, ErrorCode.REPLAY_DETECTED, "Signature nonce already used");
			}
			default -> {
				signing.passed();
				return true;
			}
		}
	}

	private boolean reject(Connection connection, Envelope message, ErrorCode code, String detail) {
		this.stats.countDrop(DropReason.SIGNATURE_FAILED);
		connection.sendError(code, code.defaultMessage() + ": " + detail, message);
		int failures = connection.signing().failed();
		if (failures >= this.config.maxSignatureFailures()) {
			logger.info("Closing {}: {} consecutive messages failed their signature check", connection.id(), failures);
			connection.closeGracefully(CloseCode.SIGNATURE_FAILED);
		}
		return false;
	}

	/**
	 * Sign an outbound frame if it holds a message of a signed type.
	 * @param frame the frame as queued (JSON text or bytes, {@code C:} or {@code M:})
	 * @param format the connection's wire format
	 * @param signer the connection's outbound key
	 * @return the signed frame, or the frame itself when its type is not signed or it
	 * cannot be read
	 */
	OutboundFrame sign(OutboundFrame frame, WireFormat format, MessageSigning signer) {
		if (this.types.isEmpty()) {
			return frame;
		}
		byte[] bytes = frame.bytes();
		boolean compressed = !frame.isText() && startsWith(bytes, FrameCodec.COMPRESSED_PREFIX);
		boolean msgpack = !frame.isText() && startsWith(bytes, FrameCodec.MSGPACK_PREFIX);
		if (!compressed && !msgpack && this.needles != null && !containsAny(bytes, this.needles)) {
			return frame;
		}
		Envelope message;
		try {
			message = frame.isText() ? this.codec.decodeText(frame.textContent())
					: this.codec.decodeBinary(bytes, format, null).envelope();
		}
		catch (ProtocolException ex) {
			return frame;
		}
		if (!this.types.contains(message.type())) {
			return frame;
		}
		Envelope signed;
		try {
			signed = signer.sign(message);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Cannot sign a '{}' message (payload not representable in JSON); sent unsigned", message.type(),
					ex);
			return frame;
		}
		if (frame.isText()) {
			return OutboundFrame.text(this.codec.encodeText(signed));
		}
		if (msgpack) {
			return OutboundFrame.binary(this.codec.encodeBinary(signed, WireFormat.MSGPACK, 0));
		}
		return OutboundFrame
			.binary(compressed ? this.codec.encodeBinary(signed, WireFormat.JSON, 1) : this.codec.encodeJson(signed));
	}

	private static boolean containsAny(byte[] bytes, List<byte[]> needles) {
		for (byte[] needle : needles) {
			if (indexOf(bytes, needle) >= 0) {
				return true;
			}
		}
		return false;
	}

	private static int indexOf(byte[] bytes, byte[] needle) {
		outer: for (int i = 0; i <= bytes.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		return bytes.length >= 2 && bytes[0] == prefix[0] && bytes[1] == prefix[1];
	}

}
