package dev.wse.client.internal;

import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.MessageIds;
import dev.wse.protocol.Timestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the messages a client sends: {@code client_hello}, {@code ping}, {@code PONG},
 * {@code subscription_update} and application messages, the way the WSE TypeScript client
 * writes them.
 */
public final class ClientMessages {

	/** Protocol version written in {@code v}. */
	public static final int VERSION = 1;

	/** Priority the reference clients give {@code client_hello}. */
	static final int PRIORITY_CRITICAL = 10;

	/** Priority the reference clients give {@code subscription_update}. */
	static final int PRIORITY_HIGH = 8;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonMapper jsonMapper;

	private final LongSupplier clock;

	/**
	 * Create a message builder.
	 * @param jsonMapper the mapper that converts application payloads to JSON
	 * @param clock the source of the current time in epoch milliseconds
	 */
	public ClientMessages(JsonMapper jsonMapper, LongSupplier clock) {
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	/**
	 * Build a {@code client_hello}.
	 * @param clientVersion the client name and version, for example
	 * {@code wse-java/0.1.0}
	 * @param protocolVersion the protocol version the client speaks
	 * @param features the features the client announces
	 * @return the message
	 */
	public Envelope clientHello(String clientVersion, int protocolVersion, Map<String, ?> features) {
		return clientHello(clientVersion, protocolVersion, features, null);
	}

	/**
	 * Build a {@code client_hello}, asking for encryption when a public key is given.
	 * @param clientVersion the client name and version, for example
	 * {@code wse-java/0.1.0}
	 * @param protocolVersion the protocol version the client speaks
	 * @param features the features the client announces ({@code encryption} is set to
	 * whether a key is given)
	 * @param encryptionPublicKey the client's ECDH public key (base64 SEC1 point), or
	 * {@code null}
	 * @return the message
	 */
	public Envelope clientHello(String clientVersion, int protocolVersion, Map<String, ?> features,
			@Nullable String encryptionPublicKey) {
		return clientHello(clientVersion, protocolVersion, features, encryptionPublicKey, encryptionPublicKey != null,
				false);
	}

	/**
	 * Build a {@code client_hello} asking for encryption, signing or both with a public
	 * key.
	 * @param clientVersion the client name and version
	 * @param protocolVersion the protocol version the client speaks
	 * @param features the features the client announces
	 * @param encryptionPublicKey the client's ECDH public key (base64 SEC1 point), or
	 * {@code null}
	 * @param encryption whether to ask for encryption ({@code features.encryption})
	 * @param signing whether to ask for signing ({@code features.signing})
	 * @return the message
	 */
	public Envelope clientHello(String clientVersion, int protocolVersion, Map<String, ?> features,
			@Nullable String encryptionPublicKey, boolean encryption, boolean signing) {
		ObjectNode payload = NODES.objectNode();
		payload.put("client_version", clientVersion);
		payload.put("protocol_version", protocolVersion);
		ObjectNode featureNode = this.jsonMapper.valueToTree(features);
		if (encryption) {
			featureNode.put("encryption", true);
		}
		if (signing) {
			featureNode.put("signing", true);
		}
		payload.set("features", featureNode);
		if (encryptionPublicKey != null) {
			payload.put("encryption_public_key", encryptionPublicKey);
		}
		return stamped("client_hello", payload).category(MessageCategory.WSE).priority(PRIORITY_CRITICAL).build();
	}

	/**
	 * Build a client {@code ping} carrying the current time.
	 * @return the message
	 */
	public Envelope ping() {
		ObjectNode payload = NODES.objectNode();
		payload.put("timestamp", this.clock.getAsLong());
		return Envelope.builder("ping").category(MessageCategory.WSE).payload(payload).version(VERSION).build();
	}

	/**
	 * Build the {@code PONG} answering a server {@code ping}.
	 * @param ping the server's ping
	 * @return the message, with {@code p.server_timestamp} copied from the ping's
	 * {@code p.server_time}
	 */
	public Envelope pong(Envelope ping) {
		ObjectNode payload = NODES.objectNode();
		JsonNode serverTime = ping.payload().path("server_time");
		payload.set("server_timestamp", serverTime.isMissingNode() ? NODES.nullNode() : serverTime);
		payload.put("client_timestamp", this.clock.getAsLong());
		return Envelope.builder("PONG").category(MessageCategory.WSE).payload(payload).version(VERSION).build();
	}

	/**
	 * Build a {@code subscription_update} request.
	 * @param action {@code subscribe} or {@code unsubscribe}
	 * @param topics the topics or glob patterns
	 * @return the message
	 */
	public Envelope subscription(String action, Collection<String> topics) {
		return subscription(action, topics, null);
	}

	/**
	 * Build a {@code subscription_update} request, recovering when positions are given:
	 * {@code "recover":true,"recovery":{topic:{"epoch":…,"offset":…}}}.
	 * @param action {@code subscribe} or {@code unsubscribe}
	 * @param topics the topics or glob patterns
	 * @param recovery the positions to resume from, keyed by topic (possibly empty), or
	 * {@code null} for a request without recovery
	 * @return the message
	 */
	public Envelope subscription(String action, Collection<String> topics, @Nullable ObjectNode recovery) {
		ObjectNode payload = NODES.objectNode();
		payload.put("action", action);
		ArrayNode array = payload.putArray("topics");
		topics.forEach(array::add);
		if (recovery != null) {
			payload.put("recover", true);
			payload.set("recovery", recovery);
		}
		return stamped("subscription_update", payload).category(MessageCategory.WSE).priority(PRIORITY_HIGH).build();
	}

	/**
	 * Build an {@code authenticate} message (post-connect authentication).
	 * @param token the token
	 * @return the message
	 */
	public Envelope authenticate(String token) {
		ObjectNode payload = NODES.objectNode();
		payload.put("token", token);
		return stamped("authenticate", payload).build();
	}

	/**
	 * Build a {@code refresh_token} message.
	 * @param token the new token
	 * @return the message
	 */
	public Envelope refreshToken(String token) {
		ObjectNode payload = NODES.objectNode();
		payload.put("token", token);
		return stamped("refresh_token", payload).build();
	}

	/**
	 * Answer a {@code challenge}: a {@code challenge_response} carrying the identity, the
	 * nonce and timestamp of the challenge and
	 * {@code HMAC-SHA256(secret, nonce + "\n" + ts + "\n" + identity)} in lowercase hex.
	 * @param challenge the server's challenge
	 * @param identity the identity
	 * @param secret the identity's secret
	 * @return the message
	 */
	public Envelope challengeResponse(Envelope challenge, String identity, byte[] secret) {
		String nonce = challenge.payload().path("nonce").asString("");
		long ts = challenge.payload().path("ts").asLong(0);
		ObjectNode payload = NODES.objectNode();
		payload.put("identity", identity);
		payload.put("nonce", nonce);
		payload.put("ts", ts);
		payload.put("hmac", challengeHmac(secret, nonce, ts, identity));
		return stamped("challenge_response", payload).build();
	}

	/**
	 * Compute the answer to a challenge.
	 * @param secret the secret
	 * @param nonce the challenge nonce
	 * @param ts the challenge timestamp
	 * @param identity the identity
	 * @return lowercase hex of HMAC-SHA256 over
	 * {@code nonce + "\n" + ts + "\n" + identity}
	 */
	public static String challengeHmac(byte[] secret, String nonce, long ts, String identity) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
			return java.util.HexFormat.of()
				.formatHex(mac
					.doFinal((nonce + "\n" + ts + "\n" + identity).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Build an application message; the category follows from the type.
	 * @param type the message type
	 * @param payload the payload, converted to JSON ({@code null} becomes an empty
	 * object)
	 * @return the message
	 */
	public Envelope message(String type, @Nullable Object payload) {
		return stamped(type, toJson(payload)).build();
	}

	/**
	 * Build a client {@code publish}: {@code p} = {@code topic}, {@code type},
	 * {@code payload}, with the correlation id the server's {@code publish_ack} or
	 * {@code error} carries.
	 * @param topic the topic
	 * @param type the message type subscribers receive
	 * @param payload the payload ({@code null} becomes an empty object)
	 * @param correlationId the correlation id
	 * @return the message
	 */
	public Envelope publish(String topic, String type, @Nullable Object payload, String correlationId) {
		ObjectNode body = NODES.objectNode();
		body.put("topic", topic);
		body.put("type", type);
		body.set("payload", toJson(payload));
		return stamped("publish", body).correlationId(correlationId).build();
	}

	/**
	 * Convert a payload to JSON.
	 * @param payload the payload ({@code null} becomes an empty object)
	 * @return the JSON tree
	 */
	public JsonNode toJson(@Nullable Object payload) {
		if (payload == null) {
			return NODES.objectNode();
		}
		if (payload instanceof JsonNode node) {
			return node;
		}
		return this.jsonMapper.valueToTree(payload);
	}

	private Envelope.Builder stamped(String type, JsonNode payload) {
		return Envelope.builder(type)
			.payload(payload)
			.id(MessageIds.next())
			.timestamp(Timestamps.format(this.clock.getAsLong()))
			.version(VERSION);
	}

}
