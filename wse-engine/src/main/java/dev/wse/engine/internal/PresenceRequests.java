package dev.wse.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wse.engine.connection.Priority;
import dev.wse.engine.presence.PresenceChange;
import dev.wse.engine.presence.PresenceException;
import dev.wse.engine.presence.PresenceMember;
import dev.wse.engine.presence.PresenceRegistry;
import dev.wse.engine.presence.PresenceStats;
import dev.wse.engine.topic.TopicPattern;
import dev.wse.engine.transport.OutboundFrame;
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
 * Presence and rooms: tracks members, announces {@code presence_join} /
 * {@code presence_leave} / {@code presence_update} to a topic's subscribers, answers
 * {@code presence_request}, and handles {@code room_join} / {@code room_leave}.
 */
final class PresenceRequests {

	private static final Logger logger = LoggerFactory.getLogger(PresenceRequests.class);

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final List<String> RESERVED_ROOM_PREFIXES = List.of("$", "wse.", "__");

	private final EngineCore core;

	private final PresenceRegistry registry;

	PresenceRequests(EngineCore core, PresenceRegistry registry) {
		this.core = core;
		this.registry = registry;
	}

	/**
	 * Track a connection as present in a topic and announce a join or update.
	 * @param connection the connection (must have a user)
	 * @param topic the topic
	 * @param data the presence data, or {@code null} for an empty object
	 * @throws PresenceException when the data is invalid or the topic is full
	 */
	void join(Connection connection, String topic, @Nullable JsonNode data) {
		String userId = connection.userId();
		if (userId == null) {
			throw new PresenceException("Anonymous connections have no presence");
		}
		synchronized (this.core.topicLock(topic)) {
			PresenceChange change = this.registry.join(topic, userId, connection.id(), data);
			connection.presenceTopics().add(topic);
			announce(change);
		}
		if (connection.isTerminated()) {
			leave(connection, topic);
		}
	}

	/**
	 * Stop tracking a connection in a topic and announce the user's leave if it was their
	 * last connection there.
	 * @param connection the connection
	 * @param topic the topic
	 */
	void leave(Connection connection, String topic) {
		String userId = connection.userId();
		if (userId != null && connection.presenceTopics().remove(topic)) {
			synchronized (this.core.topicLock(topic)) {
				announce(this.registry.leave(topic, userId, connection.id()));
			}
		}
	}

	/**
	 * Remove a closed connection from every topic it was present in.
	 * @param connection the connection
	 */
	void closed(Connection connection) {
		for (String topic : List.copyOf(connection.presenceTopicsIfAny())) {
			leave(connection, topic);
		}
	}

	/**
	 * Remove members whose connections are gone.
	 */
	void sweep() {
		for (PresenceChange leave : this.registry.sweep((id) -> this.core.connection(id) != null)) {
			synchronized (this.core.topicLock(leave.topic())) {
				announce(leave);
			}
		}
	}

	/**
	 * Handle a client's {@code presence_update}: new data for some or all of its presence
	 * topics.
	 */
	void update(Connection connection, Envelope request) {
		String userId = connection.userId();
		JsonNode data = request.payload().get("data");
		if (userId == null || data == null) {
			connection.sendError(ErrorCode.INVALID_PRESENCE, "presence_update needs a user and a data object", request);
			return;
		}
		List<String> topics = new ArrayList<>();
		JsonNode requested = request.payload().get("topics");
		if (requested != null && requested.isArray()) {
			requested.forEach((topic) -> topics.add(topic.asString("")));
		}
		else {
			topics.addAll(connection.presenceTopicsIfAny());
		}
		try {
			for (String topic : topics) {
				if (connection.presenceTopicsIfAny().contains(topic)) {
					synchronized (this.core.topicLock(topic)) {
						announce(this.registry.update(topic, userId, data));
					}
				}
			}
		}
		catch (PresenceException ex) {
			connection.sendError(ErrorCode.INVALID_PRESENCE, ex.getMessage(), request);
		}
	}

	/**
	 * Answer {@code presence_request}: the members of a topic the connection may
	 * subscribe to.
	 */
	void query(Connection connection, Envelope request) {
		String topic = request.payload().path("topic").asString("");
		if (topic.isEmpty() || TopicPattern.isPattern(topic)) {
			connection.sendError(ErrorCode.INVALID_SUBSCRIPTION, "presence_request needs a topic", request);
			return;
		}
		if (!this.core.subscriptions().allowed(connection, topic)) {
			connection.sendError(ErrorCode.FORBIDDEN, "Presence of '" + topic + "' is not visible", request);
			return;
		}
		ObjectNode payload = state(topic);
		reply(connection, "presence_response", payload, request);
	}

	/**
	 * Return the members and stats of a topic as a payload.
	 * @param topic the topic
	 * @return {@code {topic, members: {user: {data, connections}}, stats: {users,
	 * connections}}}
	 */
	ObjectNode state(String topic) {
		ObjectNode payload = NODES.objectNode();
		payload.put("topic", topic);
		ObjectNode members = payload.putObject("members");
		for (Map.Entry<String, PresenceMember> entry : this.registry.members(topic).entrySet()) {
			ObjectNode member = members.putObject(entry.getKey());
			member.set("data", entry.getValue().data());
			member.put("connections", entry.getValue().connections());
		}
		PresenceStats stats = this.registry.stats(topic);
		ObjectNode statsNode = payload.putObject("stats");
		statsNode.put("users", stats.users());
		statsNode.put("connections", stats.connections());
		return payload;
	}

	/**
	 * Handle {@code room_join}: validate, authorize, subscribe and track presence.
	 */
	void joinRoom(Connection connection, Envelope request) {
		String room = request.payload().path("room").asString("");
		String problem = invalidRoom(room);
		if (problem != null) {
			connection.sendError(ErrorCode.INVALID_SUBSCRIPTION, problem, request);
			return;
		}
		if (!this.core.roomAllowed(connection, room)) {
			connection.sendError(ErrorCode.FORBIDDEN, "Room '" + room + "' is closed to this user", request);
			return;
		}
		if (!this.core.subscriptions().subscribeRoom(connection, room)) {
			connection.sendError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "Too many subscriptions", request);
			return;
		}
		JsonNode data = request.payload().get("data");
		try {
			if (connection.userId() != null) {
				join(connection, room, (data != null && !data.isNull()) ? data : null);
			}
		}
		catch (PresenceException ex) {
			connection.sendError(ErrorCode.INVALID_PRESENCE, ex.getMessage(), request);
		}
		reply(connection, "room_join_response", state(room), request);
	}

	/**
	 * Handle {@code room_leave}.
	 */
	void leaveRoom(Connection connection, Envelope request) {
		String room = request.payload().path("room").asString("");
		String problem = invalidRoom(room);
		if (problem != null) {
			connection.sendError(ErrorCode.INVALID_SUBSCRIPTION, problem, request);
			return;
		}
		this.core.subscriptions().unsubscribeTopic(connection, room);
		ObjectNode payload = NODES.objectNode();
		payload.put("room", room);
		payload.put("left", true);
		reply(connection, "room_leave_response", payload, request);
	}

	private @Nullable String invalidRoom(String room) {
		if (room.isEmpty() || room.length() > this.core.config().maxTopicLength()) {
			return "A room name has 1 to " + this.core.config().maxTopicLength() + " characters";
		}
		if (TopicPattern.isPattern(room)) {
			return "A room name cannot contain '*' or '?'";
		}
		for (String prefix : RESERVED_ROOM_PREFIXES) {
			if (room.startsWith(prefix)) {
				return "Room names starting with '" + prefix + "' are reserved";
			}
		}
		for (int i = 0; i < room.length(); i++) {
			if (room.charAt(i) < 0x20 || room.charAt(i) == 0x7f) {
				return "A room name cannot contain control characters";
			}
		}
		return null;
	}

	private void reply(Connection connection, String type, ObjectNode payload, Envelope request) {
		Envelope envelope = Envelope.builder(type)
			.category(MessageCategory.WSE)
			.payload(payload)
			.correlationId(Connection.correlationOf(request))
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		connection.offer(this.core.messages().text(envelope), Priority.HIGH);
	}

	/**
	 * Announce a change to the topic's subscribers and the application's listeners.
	 * @param change the change, or {@code null} for none
	 */
	void announce(@Nullable PresenceChange change) {
		if (change == null) {
			return;
		}
		ObjectNode payload = NODES.objectNode();
		payload.put("topic", change.topic());
		payload.put("user_id", change.userId());
		payload.set("data", change.data());
		OutboundFrame frame = this.core.messages()
			.text(Envelope.builder(change.kind().type()).category(MessageCategory.WSE).payload(payload).build());
		this.core.topics().forEachSubscriber(change.topic(), (connection) -> connection.offer(frame, Priority.HIGH));
		this.core.presenceChanged(change);
		logger.debug("Presence {} of {} in {}", change.kind(), change.userId(), change.topic());
	}

}
