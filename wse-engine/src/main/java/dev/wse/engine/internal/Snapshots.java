package dev.wse.engine.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.wse.engine.connection.Priority;
import dev.wse.engine.handler.HandlerRegistry.SnapshotRegistration;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.MessageIds;
import dev.wse.protocol.Timestamps;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends topic snapshots: the provider's messages with category {@code S}, then
 * {@code snapshot_complete} with the position each snapshot reflects. Both are data
 * frames, so they keep their order relative to the topic's live messages.
 */
final class Snapshots {

	private static final Logger logger = LoggerFactory.getLogger(Snapshots.class);

	private final EngineCore core;

	Snapshots(EngineCore core) {
		this.core = core;
	}

	/**
	 * Ask the provider for a topic's snapshot and queue it for the connection.
	 * @param connection the connection
	 * @param topic the topic
	 * @param registration the provider
	 * @return {@code true} if the snapshot was queued, {@code false} if the provider
	 * failed
	 */
	boolean send(Connection connection, String topic, SnapshotRegistration registration) {
		List<OutboundFrame> frames = new ArrayList<>();
		try {
			for (Object item : items(registration.provider().snapshot(topic, connection))) {
				frames.add(frame(topic, registration.type(), item));
			}
		}
		catch (Exception ex) {
			logger.warn("Snapshot provider {} failed for topic '{}'", registration.description(), topic, ex);
			return false;
		}
		for (OutboundFrame frame : frames) {
			connection.offer(frame, Priority.CRITICAL);
		}
		return true;
	}

	private static List<Object> items(@Nullable Object result) {
		if (result == null) {
			return List.of();
		}
		if (result instanceof Collection<?> collection) {
			return new ArrayList<>(collection);
		}
		return List.of(result);
	}

	private OutboundFrame frame(String topic, String type, Object item) {
		Envelope.Builder builder = (item instanceof Envelope envelope) ? envelope.toBuilder()
				: Envelope.builder(type).payload(this.core.converter().toTree(item));
		Envelope message = builder.category(MessageCategory.S)
			.stamp(topic, null, null)
			.id(MessageIds.next())
			.timestamp(Timestamps.format(System.currentTimeMillis()))
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		return this.core.messages().text(message);
	}

	/**
	 * Queue {@code snapshot_complete} after the snapshots.
	 * @param connection the connection
	 * @param positions per topic, the position each snapshot reflects (epoch {@code null}
	 * without recovery)
	 * @param failed topics whose provider failed
	 * @param request the request answered ({@code sync_request}), or {@code null} for a
	 * subscription
	 */
	void complete(Connection connection, ObjectNode positions, List<String> failed, @Nullable Envelope request) {
		ObjectNode payload = JsonNodeFactory.instance.objectNode();
		var topics = payload.putArray("topics");
		positions.propertyNames().forEach(topics::add);
		payload.set("positions", positions);
		var failures = payload.putArray("failed_topics");
		failed.forEach(failures::add);
		Envelope envelope = Envelope.builder("snapshot_complete")
			.category(MessageCategory.WSE)
			.payload(payload)
			.correlationId(Connection.correlationOf(request))
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		connection.offer(this.core.messages().text(envelope), Priority.CRITICAL);
	}

}
