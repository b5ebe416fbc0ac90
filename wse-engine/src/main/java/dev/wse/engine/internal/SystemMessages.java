package dev.wse.engine.internal;

import java.util.Collection;

import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.MessageIds;
import dev.wse.protocol.Timestamps;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.MessageSigning;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the frames the engine emits itself: {@code server_ready}, {@code server_hello},
 * {@code ping}, {@code PONG}, {@code error}, {@code rate_limit_warning},
 * {@code rekey_request}. All are text frames (an encrypted connection's outbox encrypts
 * them as it writes them).
 */
final class SystemMessages {

	static final int PROTOCOL_VERSION = 1;

	private static final int MAX_NEGOTIATED_PROTOCOL = 2;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final FrameCodec codec;

	private final WseEngineConfig config;

	// Templates of the frames every connection gets (see FrameTemplate); null where the
	// codec's output could not be cut, and the codec encodes every such frame.

	private final @Nullable FrameTemplate readyForUser;

	private final @Nullable FrameTemplate readyAnonymous;

	/** {@code server_hello} without a key exchange, by negotiated protocol version. */
	private final @Nullable FrameTemplate[] plainHello;

	private final @Nullable FrameTemplate ping;

	SystemMessages(FrameCodec codec, WseEngineConfig config) {
		this.codec = codec;
		this.config = config;
		this.readyForUser = FrameTemplate.cut(4, (v) -> encodeServerReady(v[0], v[1], v[2], v[3]));
		this.readyAnonymous = FrameTemplate.cut(3, (v) -> encodeServerReady(v[0], null, v[1], v[2]));
		this.plainHello = new FrameTemplate[MAX_NEGOTIATED_PROTOCOL];
		for (int version = 1; version <= MAX_NEGOTIATED_PROTOCOL; version++) {
			long negotiated = version;
			this.plainHello[version - 1] = FrameTemplate.cut(2,
					(v) -> encodeServerHello(v[0], negotiated, null, false, null, v[1]));
		}
		this.ping = FrameTemplate.cut(1, (v) -> encodePing(v[0]));
	}

	/**
	 * Return whether every template could be cut, so that the frames every connection
	 * gets cost no JSON encoding.
	 * @return whether all templates are in use
	 */
	boolean templated() {
		return this.readyForUser != null && this.readyAnonymous != null && this.plainHello[0] != null
				&& this.plainHello[1] != null && this.ping != null;
	}

	private static @Nullable OutboundFrame fill(@Nullable FrameTemplate template, String... values) {
		return (template != null) ? template.fill(values) : null;
	}

	OutboundFrame serverReady(String connectionId, @Nullable String userId) {
		String now = Timestamps.format(System.currentTimeMillis());
		String id = MessageIds.next();
		OutboundFrame frame = (userId != null) ? fill(this.readyForUser, connectionId, userId, now, id)
				: fill(this.readyAnonymous, connectionId, now, id);
		return (frame != null) ? frame : OutboundFrame.text(encodeServerReady(connectionId, userId, now, id));
	}

	private String encodeServerReady(String connectionId, @Nullable String userId, String now, String id) {
		ObjectNode details = NODES.objectNode();
		details.put("connection_id", connectionId);
		if (userId != null) {
			details.put("user_id", userId);
		}
		else {
			details.putNull("user_id");
		}
		details.set("features", features(false));
		details.put("server_time", now);
		details.put("version", PROTOCOL_VERSION);
		ObjectNode payload = NODES.objectNode();
		payload.put("message", "Connection established");
		payload.set("details", details);
		return this.codec.encodeText(Envelope.builder("server_ready")
			.category(MessageCategory.WSE)
			.payload(payload)
			.id(id)
			.timestamp(now)
			.seq(1L)
			.version(PROTOCOL_VERSION)
			.build());
	}

	/**
	 * Build a {@code server_hello}.
	 * @param connectionId the connection
	 * @param clientProtocolVersion the protocol version the client announced
	 * @param encryptionPublicKey the server's public key when this hello completes a key
	 * exchange, else {@code null}
	 * @return the frame
	 */
	OutboundFrame serverHello(String connectionId, long clientProtocolVersion, @Nullable String encryptionPublicKey) {
		return serverHello(connectionId, clientProtocolVersion, encryptionPublicKey, encryptionPublicKey != null, null);
	}

	/**
	 * Build a {@code server_hello}.
	 * @param connectionId the connection id
	 * @param clientProtocolVersion the version the client asked for
	 * @param encryptionPublicKey the server's public key when a key was exchanged
	 * @param encrypted whether the exchange keyed encryption
	 * ({@code features.encryption})
	 * @param signedTypes the signed message types when the exchange negotiated signing
	 * ({@code features.signing} and the {@code signing} object), else {@code null}
	 * @return the frame
	 */
	OutboundFrame serverHello(String connectionId, long clientProtocolVersion, @Nullable String encryptionPublicKey,
			boolean encrypted, @Nullable Collection<String> signedTypes) {
		long version = Math.min(clientProtocolVersion, MAX_NEGOTIATED_PROTOCOL);
		String now = Timestamps.format(System.currentTimeMillis());
		if (encryptionPublicKey == null && !encrypted && signedTypes == null && version >= 1) {
			OutboundFrame frame = fill(this.plainHello[(int) version - 1], connectionId, now);
			if (frame != null) {
				return frame;
			}
		}
		return OutboundFrame
			.text(encodeServerHello(connectionId, version, encryptionPublicKey, encrypted, signedTypes, now));
	}

	private String encodeServerHello(String connectionId, long version, @Nullable String encryptionPublicKey,
			boolean encrypted, @Nullable Collection<String> signedTypes, String now) {
		ObjectNode payload = NODES.objectNode();
		payload.put("connection_id", connectionId);
		if (encryptionPublicKey != null) {
			payload.put("encryption_public_key", encryptionPublicKey);
		}
		ObjectNode features = features(encrypted);
		features.put("cluster", false);
		features.put("signing", signedTypes != null);
		payload.set("features", features);
		if (signedTypes != null) {
			ObjectNode signing = payload.putObject("signing");
			signing.put("algorithm", MessageSigning.ALGORITHM);
			signing.put("version", MessageSigning.VERSION);
			ArrayNode types = signing.putArray("types");
			signedTypes.forEach(types::add);
			signing.put("window_ms", this.config.signingWindow().toMillis());
		}
		ObjectNode limits = payload.putObject("limits");
		limits.put("max_message_size", this.config.maxMessageSize());
		limits.put("rate_limit_capacity", this.config.inboundRateCapacity());
		limits.put("rate_limit_refill", this.config.inboundRateRefill());
		limits.put("max_subscriptions", this.config.maxSubscriptionsPerConnection());
		payload.put("ping_interval", this.config.pingInterval().toMillis());
		payload.put("protocol_version", version);
		payload.put("server_time", now);
		payload.put("server_version", this.config.serverVersion());
		return this.codec.encodeText(Envelope.builder("server_hello")
			.category(MessageCategory.WSE)
			.payload(payload)
			.version(PROTOCOL_VERSION)
			.build());
	}

	private ObjectNode features(boolean encryption) {
		ObjectNode features = NODES.objectNode();
		features.put("batching", true);
		features.put("compression", this.config.compressionThreshold() > 0);
		features.put("encryption", encryption);
		features.put("msgpack", true);
		features.put("priority_queue", true);
		features.put("rate_limiting", this.config.inboundRateCapacity() > 0);
		features.put("recovery", this.config.recoveryEnabled());
		return features;
	}

	OutboundFrame ping() {
		String now = Timestamps.format(System.currentTimeMillis());
		OutboundFrame frame = fill(this.ping, now);
		return (frame != null) ? frame : OutboundFrame.text(encodePing(now));
	}

	private String encodePing(String now) {
		ObjectNode payload = NODES.objectNode();
		payload.put("server_time", now);
		return this.codec.encodeText(Envelope.builder("ping").category(MessageCategory.WSE).payload(payload).build());
	}

	OutboundFrame pong(long clientTimestamp) {
		long now = System.currentTimeMillis();
		ObjectNode payload = NODES.objectNode();
		payload.put("client_timestamp", clientTimestamp);
		payload.put("server_timestamp", now);
		payload.put("latency", (clientTimestamp > 0) ? Math.max(0, now - clientTimestamp) : 0);
		return text(Envelope.builder("PONG")
			.category(MessageCategory.WSE)
			.payload(payload)
			.version(PROTOCOL_VERSION)
			.build());
	}

	OutboundFrame error(String code, String message, @Nullable String correlationId, @Nullable ObjectNode details) {
		ObjectNode payload = NODES.objectNode();
		payload.put("code", code);
		payload.put("message", message);
		payload.put("recoverable", true);
		payload.put("timestamp", Timestamps.format(System.currentTimeMillis()));
		if (details != null) {
			payload.set("details", details);
		}
		return text(Envelope.builder("error")
			.category(MessageCategory.WSE)
			.payload(payload)
			.correlationId(correlationId)
			.version(PROTOCOL_VERSION)
			.build());
	}

	OutboundFrame error(ErrorCode code, String message, @Nullable String correlationId) {
		return error(code.name(), message, correlationId, null);
	}

	OutboundFrame rekeyRequest() {
		return text(
				Envelope.builder("rekey_request").category(MessageCategory.WSE).payload(NODES.objectNode()).build());
	}

	OutboundFrame rateLimited(double retryAfterSeconds) {
		ObjectNode payload = NODES.objectNode();
		payload.put("code", ErrorCode.RATE_LIMITED.name());
		payload.put("message", ErrorCode.RATE_LIMITED.defaultMessage());
		payload.put("retry_after", retryAfterSeconds);
		return text(Envelope.builder("error")
			.category(MessageCategory.WSE)
			.payload(payload)
			.version(PROTOCOL_VERSION)
			.build());
	}

	OutboundFrame rateLimitWarning(int capacity, double tokens) {
		ObjectNode payload = NODES.objectNode();
		payload.put("current_rate", (long) (capacity - tokens));
		payload.put("limit", capacity);
		payload.put("remaining", (long) tokens);
		payload.put("retry_after", 1.0);
		return text(Envelope.builder("rate_limit_warning")
			.category(MessageCategory.WSE)
			.payload(payload)
			.version(PROTOCOL_VERSION)
			.build());
	}

	OutboundFrame text(Envelope envelope) {
		return OutboundFrame.text(this.codec.encodeText(envelope));
	}

}
