package dev.wse.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wse.engine.connection.Priority;
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
 * Handles {@code subscription_update} (subscribe / unsubscribe, answered with the ACK
 * clients take resume positions from) and {@code sync_request}.
 */
final class SubscriptionRequests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final EngineCore core;

	SubscriptionRequests(EngineCore core) {
		this.core = core;
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
		TopicAuthorizer authorizer = this.core.topicAuthorizer();
		JsonNode payload = request.payload();
		boolean recover = payload.path("recover").asBoolean(false);
		JsonNode positions = payload.path("recovery");
		Set<String> success = new LinkedHashSet<>();
		Map<String, String> failed = new LinkedHashMap<>();
		Map<String, RecoveryPlan> plans = new LinkedHashMap<>();
		for (String topic : new LinkedHashSet<>(requested)) {
			ErrorCode problem = validate(topic);
			if (problem == null && !allowed(authorizer, connection, topic)) {
				problem = ErrorCode.FORBIDDEN;
			}
			if (problem == null && !connection.liveSubscriptions().contains(topic)
					&& connection.liveSubscriptions().size() >= this.core.config().maxSubscriptionsPerConnection()) {
				problem = ErrorCode.TOO_MANY_SUBSCRIPTIONS;
			}
			if (problem != null) {
				failed.put(topic, problem.name());
				continue;
			}
			plans.put(topic, subscribeFrom(connection, topic, recover ? positions.path(topic) : null));
			success.add(topic);
		}
		ObjectNode ack = ack("subscribe", success, failed);
		ObjectNode recovery = ack.putObject("recovery");
		boolean allRecovered = recover && !plans.isEmpty();
		boolean anyRecoverable = false;
		for (Map.Entry<String, RecoveryPlan> entry : plans.entrySet()) {
			RecoveryPlan plan = entry.getValue();
			ObjectNode position = recovery.putObject(entry.getKey());
			if (plan.epoch() != null) {
				position.put("epoch", plan.epoch());
			}
			else {
				position.putNull("epoch");
			}
			position.put("offset", plan.offset());
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

	/**
	 * Subscribe to one topic; with a resume position, replay what the connection missed.
	 * The topic log's monitor is held from deciding the replay to registering the
	 * subscription, so publications land either in the replay or in the live stream,
	 * exactly once, in order.
	 */
	private RecoveryPlan subscribeFrom(Connection connection, String topic, @Nullable JsonNode position) {
		RecoveryStore store = this.core.recovery();
		TopicLog log = (store != null && !TopicPattern.isPattern(topic)) ? store.find(topic) : null;
		if (log == null) {
			register(connection, topic);
			return RecoveryPlan.NO_LOG;
		}
		String epoch = null;
		long offset = -1;
		if (position != null && position.path("epoch").isString() && position.path("offset").isIntegralNumber()) {
			epoch = position.path("epoch").asString();
			offset = position.path("offset").asLong();
		}
		synchronized (log) {
			if (log.isEvicted()) {
				register(connection, topic);
				return RecoveryPlan.NO_LOG;
			}
			RecoveryPlan plan = RecoveryPlan.decide(log, epoch, offset, this.core.config().recoveryMaxMessages());
			for (TopicLog.Entry entry : plan.replay()) {
				connection.deliverPublication(entry.frame(), Priority.NORMAL, entry.messageId());
			}
			register(connection, topic);
			return plan;
		}
	}

	private void register(Connection connection, String topic) {
		connection.liveSubscriptions().add(topic);
		this.core.topics().subscribe(connection, topic);
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
			connection.liveSubscriptions().remove(topic);
			this.core.topics().unsubscribe(connection, topic);
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

	void sync(Connection connection, Envelope request) {
		ObjectNode payload = NODES.objectNode();
		ArrayNode topics = payload.putArray("topics");
		List<String> requested = topics(request.payload().get("topics"));
		if (requested != null) {
			requested.forEach(topics::add);
		}
		payload.put("snapshots", 0);
		Envelope envelope = Envelope.builder("snapshot_complete")
			.category(MessageCategory.WSE)
			.payload(payload)
			.correlationId(Connection.correlationOf(request))
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		connection.offerControl(this.core.messages().text(envelope));
	}

}
