package dev.wse.engine.internal;

import java.util.Set;

import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.topic.TopicPattern;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handles client {@code publish} messages: validates the topic, the message type and the
 * application id, asks the {@link TopicAuthorizer#canPublish TopicAuthorizer} (denied by
 * default) and publishes through the engine's normal publish path (recovery stamps, dedup
 * by application id, filters). A request with a {@code cid} or {@code id} is answered
 * with {@code publish_ack}.
 */
final class PublishRequests {

	private static final Logger logger = LoggerFactory.getLogger(PublishRequests.class);

	/** The message type a publication gets when the request names none. */
	static final String DEFAULT_TYPE = "message";

	/** The longest message type and application id a client may set. */
	static final int MAX_NAME_LENGTH = 128;

	/** Types of the protocol's own messages, which clients may not publish. */
	private static final Set<String> RESERVED_TYPES = Set.of("server_ready", "server_hello", "client_hello",
			"client_hello_ack", "connection_state_change", "subscription_update", "error", "ping", "PING", "pong",
			"PONG", "rate_limit_warning", "rekey_request", "publish", "publish_ack", "sync_request", "sync_response",
			"health_check", "health_check_response", "metrics_request", "metrics_response", "authenticate",
			"auth_response", "refresh_token");

	/** Prefixes of protocol message families, which clients may not publish. */
	private static final String[] RESERVED_PREFIXES = { "server_", "client_", "snapshot_", "presence_", "room_", "rpc_",
			"wse", "$", "__" };

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final EngineCore core;

	PublishRequests(EngineCore core) {
		this.core = core;
	}

	void publish(Connection connection, Envelope request) {
		JsonNode payload = request.payload();
		JsonNode topicNode = payload.get("topic");
		if (topicNode == null || !topicNode.isString()) {
			refuse(connection, "publish needs a topic (a string)", request);
			return;
		}
		String topic = topicNode.asString();
		String problem = topicProblem(topic);
		if (problem != null) {
			refuse(connection, problem, request);
			return;
		}
		JsonNode typeNode = payload.get("type");
		String type = DEFAULT_TYPE;
		if (typeNode != null && !typeNode.isNull()) {
			if (!typeNode.isString() || !validType(typeNode.asString())) {
				refuse(connection, "publish type must be a message type of 1 to " + MAX_NAME_LENGTH
						+ " characters that is not one of the protocol's own", request);
				return;
			}
			type = typeNode.asString();
		}
		JsonNode idNode = payload.get("id");
		String applicationId = null;
		if (idNode != null && !idNode.isNull()) {
			if (!idNode.isString() || !validName(idNode.asString())) {
				refuse(connection, "publish id must be a string of 1 to " + MAX_NAME_LENGTH + " characters", request);
				return;
			}
			applicationId = idNode.asString();
		}
		if (!allowed(connection, topic)) {
			connection.sendError(ErrorCode.FORBIDDEN, "Publishing to this topic is not allowed", request);
			return;
		}
		JsonNode body = payload.get("payload");
		Envelope.Builder publication = Envelope.builder(type)
			.category(MessageCategory.U)
			.payload((body != null) ? body : NODES.objectNode())
			.id(applicationId)
			.priority(request.priority());
		Set<String> excluded = payload.path("exclude_self").asBoolean(false) ? Set.of(connection.id()) : Set.of();
		this.core.publish(topic, publication.build(), excluded);
		String correlation = Connection.correlationOf(request);
		if (correlation != null) {
			ObjectNode ack = NODES.objectNode();
			ack.put("topic", topic);
			ack.put("type", type);
			if (applicationId != null) {
				ack.put("id", applicationId);
			}
			connection.offerControl(this.core.messages()
				.text(Envelope.builder("publish_ack")
					.category(MessageCategory.WSE)
					.payload(ack)
					.correlationId(correlation)
					.version(SystemMessages.PROTOCOL_VERSION)
					.build()));
		}
	}

	private void refuse(Connection connection, String message, Envelope request) {
		connection.sendError(ErrorCode.INVALID_PUBLICATION, message, request);
	}

	private @Nullable String topicProblem(String topic) {
		if (topic.isEmpty() || topic.length() > this.core.config().maxTopicLength()) {
			return "publish topic must have 1 to " + this.core.config().maxTopicLength() + " characters";
		}
		if (TopicPattern.isPattern(topic)) {
			return "publish topic must not be a pattern (no * or ?)";
		}
		if (hasControlCharacters(topic)) {
			return "publish topic must not contain control characters";
		}
		return null;
	}

	private boolean allowed(Connection connection, String topic) {
		try {
			return this.core.topicAuthorizer().canPublish(connection.principal(), topic);
		}
		catch (RuntimeException ex) {
			logger.warn("TopicAuthorizer failed for a publication on {}; refusing it", connection.id(), ex);
			return false;
		}
	}

	static boolean validType(String type) {
		if (!validName(type) || RESERVED_TYPES.contains(type) || type.contains("_snapshot")) {
			return false;
		}
		for (String prefix : RESERVED_PREFIXES) {
			if (type.startsWith(prefix)) {
				return false;
			}
		}
		return true;
	}

	private static boolean validName(String name) {
		return !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && !hasControlCharacters(name);
	}

	private static boolean hasControlCharacters(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

}
