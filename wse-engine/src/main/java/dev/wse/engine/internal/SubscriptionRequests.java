package dev.wse.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wse.engine.connection.Priority;
import dev.wse.engine.filter.InvalidFilterException;
import dev.wse.engine.filter.MessageFilter;
import dev.wse.engine.handler.HandlerRegistry.SnapshotRegistration;
import dev.wse.engine.presence.PresenceException;
import dev.wse.engine.recovery.RecoveryPlan;
import dev.wse.engine.recovery.RecoveryStore;
import dev.wse.engine.recovery.TopicLog;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.topic.TopicPattern;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handles {@code subscription_update} (subscribe with optional recovery positions and
 * filter, unsubscribe; answered with the ACK clients take resume positions from) and
 * {@code sync_request} (snapshots).
 * <p>
 * For a topic with a recovery log, deciding the replay, queueing it, taking a snapshot
 * and registering the subscription all happen while the log's monitor is held, so that
 * every publication is either reflected before that point or delivered live after it,
 * exactly once.
 */
final class SubscriptionRequests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final EngineCore core;

	private final Snapshots snapshots;

	SubscriptionRequests(EngineCore core) {
		this.core = core;
		this.snapshots = new Snapshots(core);
	}

	void handle(Connection connection, Envelope envelope) {
		JsonNode payload = envelope.payload();
		String action = payload.path("action").isString() ? payload.path("action").asString() : "";
		List<String> topics = topics(payload.get("topics"));
		if (topics == null || (!action.equals("subscribe") && !action.equals("unsubscribe"))) {
			connection.sendError(ErrorCode.INVALID_SUBSCRIPTION,
					"subscription_update needs an action (subscribe or unsubscribe) and a topics array", envelope);
			return;
		}
		if (action.equals("subscribe")) {
			subscribe(connection, topics, envelope);
		}
		else {
			unsubscribe(connection, topics, envelope);
		}
	}

	private static @Nullable List<String> topics(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return List.of(node.asString());
		}
		if (!node.isArray()) {
			return null;
		}
		List<String> topics = new ArrayList<>();
		for (JsonNode element : node) {
			topics.add(element.isString() ? element.asString() : element.toString());
		}
		return topics;
	}

	private void subscribe(Connection connection, List<String> requested, Envelope request) {
		JsonNode payload = request.payload();
		MessageFilter filter;
		try {
			JsonNode spec = payload.get("filter");
			filter = (spec == null || spec.isNull()) ? null : MessageFilter.compile(spec);
		}
		catch (InvalidFilterException ex) {
			connection.sendError(ErrorCode.INVALID_SUBSCRIPTION, ex.getMessage(), request);
			return;
		}
		boolean recover = payload.path("recover").asBoolean(false);
		JsonNode positions = payload.path("recovery");
		TopicAuthorizer authorizer = this.core.topicAuthorizer();
		Set<String> success = new LinkedHashSet<>();
		Map<String, String> failed = new LinkedHashMap<>();
		Map<String, RecoveryPlan> plans = new LinkedHashMap<>();
		List<String> snapshotFailures = new ArrayList<>();
		for (String topic : new LinkedHashSet<>(requested)) {
			ErrorCode problem = validate(topic);
			if (problem == null && !allowed(authorizer, connection, topic)) {
				problem = ErrorCode.FORBIDDEN;
			}
			if (problem == null && !connection.liveSubscriptions().contains(topic) && tooMany(connection, topic)) {
				problem = ErrorCode.TOO_MANY_SUBSCRIPTIONS;
			}
			if (problem != null) {
				failed.put(topic, problem.name());
				continue;
			}
			JsonNode position = recover ? positions.path(topic) : null;
			plans.put(topic, subscribeFrom(connection, topic, position, filter, snapshotFailures));
			success.add(topic);
		}
		ObjectNode presence = trackPresence(connection, payload.get("presence"), success, request);
		sendAck(connection, request, recover, success, failed, plans, presence);
		reportSnapshotFailures(connection, snapshotFailures, request);
	}

	/**
	 * With presence enabled and {@code presence} data in the request, track the
	 * connection as present in the subscribed topics (patterns excepted).
	 * @return per topic, the members after joining, or {@code null} when presence was not
	 * asked
	 */
	private @Nullable ObjectNode trackPresence(Connection connection, @Nullable JsonNode data, Set<String> topics,
			Envelope request) {
		if (data == null || data.isNull() || !this.core.config().presenceEnabled()) {
			return null;
		}
		if (connection.userId() == null) {
			connection.sendError(ErrorCode.INVALID_PRESENCE, "Anonymous connections have no presence", request);
			return null;
		}
		ObjectNode states = NODES.objectNode();
		for (String topic : topics) {
			if (TopicPattern.isPattern(topic)) {
				continue;
			}
			try {
				this.core.presence().join(connection, topic, data);
				states.set(topic, this.core.presence().state(topic).path("members"));
			}
			catch (PresenceException ex) {
				connection.sendError(ErrorCode.INVALID_PRESENCE, ex.getMessage(), request);
			}
		}
		return states;
	}

	private void sendAck(Connection connection, Envelope request, boolean recover, Set<String> success,
			Map<String, String> failed, Map<String, RecoveryPlan> plans, @Nullable ObjectNode presence) {
		ObjectNode ack = ack("subscribe", success, failed);
		if (presence != null) {
			ack.set("presence", presence);
		}
		ObjectNode recovery = ack.putObject("recovery");
		boolean allRecovered = recover && !plans.isEmpty();
		boolean anyRecoverable = false;
		for (Map.Entry<String, RecoveryPlan> entry : plans.entrySet()) {
			RecoveryPlan plan = entry.getValue();
			ObjectNode position = recovery.putObject(entry.getKey());
			putPosition(position, plan.epoch(), plan.offset());
			position.put("recoverable", plan.recoverable());
			position.put("recovered", plan.recovered());
			position.put("count", plan.count());
			allRecovered &= plan.recovered();
			anyRecoverable |= plan.recoverable();
		}
		ack.put("recoverable", anyRecoverable);
		ack.put("recovered", allRecovered);
		send(connection, ack, request);
	}

	private static void putPosition(ObjectNode node, @Nullable String epoch, long offset) {
		if (epoch != null) {
			node.put("epoch", epoch);
		}
		else {
			node.putNull("epoch");
		}
		node.put("offset", offset);
	}

	/**
	 * Subscribe to one topic; with a resume position, replay what the connection missed;
	 * without a successful recovery, send the topic's snapshot.
	 */
	private RecoveryPlan subscribeFrom(Connection connection, String topic, @Nullable JsonNode position,
			@Nullable MessageFilter filter, List<String> snapshotFailures) {
		boolean pattern = TopicPattern.isPattern(topic);
		SnapshotRegistration snapshot = pattern ? null : this.core.handlers().findSnapshot(topic);
		RecoveryStore store = this.core.recovery();
		synchronized (this.core.topicLock(topic)) {
			TopicLog log = (store != null && !pattern) ? store.find(topic) : null;
			if (log != null) {
				return resume(connection, topic, log, position, filter, snapshot, snapshotFailures);
			}
			register(connection, topic, filter);
			if (snapshot != null) {
				snapshot(connection, topic, snapshot, null, -1, snapshotFailures, null);
			}
			return RecoveryPlan.NO_LOG;
		}
	}

	private RecoveryPlan resume(Connection connection, String topic, TopicLog log, @Nullable JsonNode position,
			@Nullable MessageFilter filter, @Nullable SnapshotRegistration snapshot, List<String> snapshotFailures) {
		String epoch = null;
		long offset = -1;
		if (position != null && position.path("epoch").isString() && position.path("offset").isIntegralNumber()) {
			epoch = position.path("epoch").asString();
			offset = position.path("offset").asLong();
		}
		RecoveryPlan plan = RecoveryPlan.decide(log, epoch, offset, this.core.config().recoveryMaxMessages());
		long previousMatch = offset;
		for (TopicLog.Entry entry : plan.replay()) {
			if (filter == null) {
				connection.deliverPublication(entry.frame(), Priority.NORMAL, entry.messageId());
			}
			else if (filter.matches(entry.envelope().payload())) {
				connection.deliverPublication(this.core.filteredFrame(entry.envelope(), previousMatch), Priority.NORMAL,
						entry.messageId());
				previousMatch = entry.offset();
			}
		}
		if (filter != null) {
			log.lastMatchBefore(filter, log.head());
		}
		register(connection, topic, filter);
		if (snapshot != null && !plan.recovered()) {
			snapshot(connection, topic, snapshot, log.epoch(), log.head() - 1, snapshotFailures, null);
		}
		return plan;
	}

	/**
	 * Queue a topic's snapshot and its {@code snapshot_complete}. Called while the
	 * topic's lock is held, so no live message of the topic can come between them.
	 */
	private void snapshot(Connection connection, String topic, SnapshotRegistration registration,
			@Nullable String epoch, long offset, List<String> failures, @Nullable Envelope request) {
		ObjectNode positions = NODES.objectNode();
		if (this.snapshots.send(connection, topic, registration)) {
			putPosition(positions.putObject(topic), epoch, Math.max(offset, 0));
			this.snapshots.complete(connection, positions, List.of(), request);
		}
		else {
			failures.add(topic);
			this.snapshots.complete(connection, positions, List.of(topic), request);
		}
	}

	private void reportSnapshotFailures(Connection connection, List<String> failures, Envelope request) {
		for (String topic : failures) {
			connection.sendError(ErrorCode.SNAPSHOT_FAILED, "Snapshot of '" + topic + "' failed", request);
		}
	}

	private void register(Connection connection, String topic, @Nullable MessageFilter filter) {
		connection.filter(topic, filter);
		connection.liveSubscriptions().add(topic);
		this.core.topics().subscribe(connection, topic);
		if (connection.isTerminated()) {
			// the connection closed meanwhile: its cleanup may have run before this
			// registration
			connection.liveSubscriptions().remove(topic);
			this.core.topics().unsubscribe(connection, topic);
		}
	}

	private boolean tooMany(Connection connection, String topic) {
		if (connection.liveSubscriptions().size() >= this.core.config().maxSubscriptionsPerConnection()) {
			return true;
		}
		return TopicPattern.isPattern(topic)
				&& connection.liveSubscriptions().stream().filter(TopicPattern::isPattern).count() >= this.core.config()
					.maxPatternsPerConnection();
	}

	/**
	 * Return whether the connection may subscribe to (and see the presence of) a topic.
	 */
	boolean allowed(Connection connection, String topic) {
		return allowed(this.core.topicAuthorizer(), connection, topic);
	}

	/**
	 * Subscribe a connection to a room it was allowed to join.
	 * @return {@code false} when the connection holds the maximum number of subscriptions
	 */
	boolean subscribeRoom(Connection connection, String room) {
		if (!connection.liveSubscriptions().contains(room)
				&& connection.liveSubscriptions().size() >= this.core.config().maxSubscriptionsPerConnection()) {
			return false;
		}
		register(connection, room, null);
		return true;
	}

	/**
	 * Remove a subscription, its filter and the connection's presence in the topic.
	 */
	void unsubscribeTopic(Connection connection, String topic) {
		this.core.presence().leave(connection, topic);
		connection.liveSubscriptions().remove(topic);
		this.core.topics().unsubscribe(connection, topic);
		connection.filter(topic, null);
	}

	private boolean allowed(TopicAuthorizer authorizer, Connection connection, String topic) {
		try {
			return authorizer.canSubscribe(connection.principal(), topic);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void unsubscribe(Connection connection, List<String> requested, Envelope request) {
		Set<String> success = new LinkedHashSet<>();
		Map<String, String> failed = new LinkedHashMap<>();
		for (String topic : new LinkedHashSet<>(requested)) {
			ErrorCode problem = validate(topic);
			if (problem != null) {
				failed.put(topic, problem.name());
				continue;
			}
			unsubscribeTopic(connection, topic);
			success.add(topic);
		}
		ObjectNode ack = ack("unsubscribe", success, failed);
		ack.putObject("recovery");
		send(connection, ack, request);
	}

	private @Nullable ErrorCode validate(String topic) {
		if (topic.isEmpty() || topic.length() > this.core.config().maxTopicLength()) {
			return ErrorCode.INVALID_SUBSCRIPTION;
		}
		for (int i = 0; i < topic.length(); i++) {
			char c = topic.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return ErrorCode.INVALID_SUBSCRIPTION;
			}
		}
		return null;
	}

	private static ObjectNode ack(String action, Set<String> success, Map<String, String> failed) {
		ObjectNode ack = NODES.objectNode();
		ack.put("action", action);
		ack.put("success", !success.isEmpty() || failed.isEmpty());
		ArrayNode successTopics = ack.putArray("success_topics");
		success.forEach(successTopics::add);
		ArrayNode failedTopics = ack.putArray("failed_topics");
		failed.keySet().forEach(failedTopics::add);
		ObjectNode errors = ack.putObject("errors");
		failed.forEach(errors::put);
		ack.put("recoverable", false);
		ack.put("recovered", false);
		return ack;
	}

	private void send(Connection connection, ObjectNode ack, Envelope request) {
		Envelope envelope = Envelope.builder("subscription_update")
			.category(MessageCategory.WSE)
			.payload(ack)
			.correlationId(Connection.correlationOf(request))
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		connection.offerControl(this.core.messages().text(envelope));
	}

	/**
	 * Answer {@code sync_request}: the snapshot of each requested topic the connection
	 * may subscribe to, then {@code snapshot_complete}.
	 */
	void sync(Connection connection, Envelope request) {
		List<String> requested = topics(request.payload().get("topics"));
		List<String> failures = new ArrayList<>();
		ObjectNode withoutProvider = NODES.objectNode();
		if (requested != null) {
			for (String topic : new LinkedHashSet<>(requested)) {
				if (validate(topic) != null || TopicPattern.isPattern(topic)
						|| !allowed(this.core.topicAuthorizer(), connection, topic)) {
					continue;
				}
				SnapshotRegistration registration = this.core.handlers().findSnapshot(topic);
				if (registration == null) {
					putPosition(withoutProvider.putObject(topic), null, 0);
					continue;
				}
				RecoveryStore store = this.core.recovery();
				synchronized (this.core.topicLock(topic)) {
					TopicLog log = (store != null) ? store.find(topic) : null;
					snapshot(connection, topic, registration, (log != null) ? log.epoch() : null,
							(log != null) ? log.head() - 1 : -1, failures, request);
				}
			}
		}
		reportSnapshotFailures(connection, failures, request);
		if (!withoutProvider.isEmpty() || requested == null || requested.isEmpty()) {
			this.snapshots.complete(connection, withoutProvider, List.of(), request);
		}
	}

}
