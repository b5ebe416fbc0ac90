package dev.wse.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The server's {@code subscription_update} acknowledgement of a subscribe or unsubscribe:
 * <pre>{"action","success","success_topics","failed_topics","recoverable","recovered",
 * "recovery":{topic:{"epoch","offset","recovered","count"}}}</pre>
 *
 * @param action the acknowledged action ({@code subscribe} or {@code unsubscribe})
 * @param success whether the request succeeded
 * @param successTopics the topics that were subscribed or unsubscribed
 * @param failedTopics the topics that were refused
 * @param recoverable whether the server can recover missed messages for these topics, if
 * it said
 * @param recovered whether every requested recovery succeeded, if it said
 * @param recovery the per-topic resume positions, in the server's order
 * @param envelope the message the acknowledgement was read from
 */
public record SubscriptionAck(String action, boolean success, List<String> successTopics, List<String> failedTopics,
		@Nullable Boolean recoverable, @Nullable Boolean recovered, Map<String, TopicRecovery> recovery,
		Envelope envelope) {

	/**
	 * Read an acknowledgement from a {@code subscription_update} message. Missing fields
	 * read as empty lists, {@code false} or {@code null}.
	 * @param envelope the message
	 * @return the acknowledgement
	 * @throws IllegalArgumentException if the message is not a
	 * {@code subscription_update}
	 */
	public static SubscriptionAck from(Envelope envelope) {
		if (!"subscription_update".equals(envelope.type())) {
			throw new IllegalArgumentException("Not a subscription_update: " + envelope.type());
		}
		JsonNode p = envelope.payload();
		Map<String, TopicRecovery> recovery = new LinkedHashMap<>();
		JsonNode recoveryNode = p.path("recovery");
		if (recoveryNode.isObject()) {
			for (Map.Entry<String, JsonNode> entry : recoveryNode.properties()) {
				recovery.put(entry.getKey(), TopicRecovery.from(entry.getValue()));
			}
		}
		return new SubscriptionAck(text(p.path("action"), ""), p.path("success").asBoolean(false),
				strings(p.path("success_topics")), strings(p.path("failed_topics")), bool(p.path("recoverable")),
				bool(p.path("recovered")), Collections.unmodifiableMap(recovery), envelope);
	}

	private static List<String> strings(JsonNode node) {
		if (!node.isArray()) {
			return List.of();
		}
		List<String> values = new ArrayList<>(node.size());
		for (JsonNode element : node) {
			values.add(text(element, element.toString()));
		}
		return List.copyOf(values);
	}

	private static String text(JsonNode node, String fallback) {
		return node.isString() ? node.stringValue() : fallback;
	}

	private static @Nullable Boolean bool(JsonNode node) {
		return node.isBoolean() ? node.booleanValue() : null;
	}

	/**
	 * The resume position of one topic in an acknowledgement.
	 *
	 * @param epoch the topic buffer's epoch (8 lowercase hex digits), or {@code null}
	 * when the server has no buffer for the topic
	 * @param offset the offset of the last message in the buffer
	 * @param recovered whether missed messages were replayed
	 * @param count how many messages were replayed
	 */
	public record TopicRecovery(@Nullable String epoch, long offset, boolean recovered, long count) {

		/**
		 * Read a position from its JSON object.
		 * @param node the {@code recovery[topic]} object
		 * @return the position
		 */
		public static TopicRecovery from(JsonNode node) {
			JsonNode epoch = node.path("epoch");
			return new TopicRecovery(epoch.isString() ? epoch.stringValue() : null, node.path("offset").asLong(0),
					node.path("recovered").asBoolean(false), node.path("count").asLong(0));
		}

	}

}
