package dev.wse.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A subscribe request: topics or glob patterns, and whether the server should recover
 * what the client missed, from the positions given. Sent with
 * {@link WseClient#subscribe(SubscribeRequest)} as
 * <pre>{"action":"subscribe","topics":[…],"recover":true,
 * "recovery":{topic:{"epoch":"5a1c9e02","offset":41}}}</pre>
 * <p>
 * With {@code recover}, the server replays, for every topic with a position it can still
 * serve, the messages after that position, in order and before live ones, and reports
 * {@code recovered:true}; otherwise it reports {@code recovered:false} with its current
 * position, from which the client goes on (see {@link RecoveryListener#resynced}). Topics
 * without a position are subscribed normally.
 *
 * @param topics the topics or glob patterns, without duplicates, in order
 * @param recover whether to ask the server to recover missed messages
 * @param positions the position to resume from per topic (every key is one of the
 * topics); empty unless {@code recover}
 */
public record SubscribeRequest(List<String> topics, boolean recover, Map<String, TopicPosition> positions) {

	/**
	 * Create a request.
	 * @param topics the topics or glob patterns
	 * @param recover whether to ask the server to recover missed messages
	 * @param positions the position to resume from per topic
	 * @throws IllegalArgumentException if a position names a topic that is not requested,
	 * or if positions are given without {@code recover}
	 */
	public SubscribeRequest {
		topics = List.copyOf(new LinkedHashSet<>(topics));
		positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
		if (!recover && !positions.isEmpty()) {
			throw new IllegalArgumentException("Positions are only sent with recover");
		}
		for (String topic : positions.keySet()) {
			if (!topics.contains(topic)) {
				throw new IllegalArgumentException("Position for " + topic + ", which is not requested");
			}
		}
	}

	/**
	 * Subscribe to topics without recovery.
	 * @param topics the topics or glob patterns
	 * @return the request
	 */
	public static SubscribeRequest of(String... topics) {
		return of(Arrays.asList(topics));
	}

	/**
	 * Subscribe to topics without recovery.
	 * @param topics the topics or glob patterns
	 * @return the request
	 */
	public static SubscribeRequest of(Collection<String> topics) {
		return new SubscribeRequest(List.copyOf(topics), false, Map.of());
	}

	/**
	 * Subscribe to the topics of the positions and recover everything after them, for
	 * example with the {@link WseClient#positions()} of a previous connection.
	 * @param positions the position to resume from per topic
	 * @return the request
	 */
	public static SubscribeRequest resume(Map<String, TopicPosition> positions) {
		return new SubscribeRequest(List.copyOf(positions.keySet()), true, positions);
	}

	/**
	 * Subscribe to topics with recovery: topics with a known position resume from it, the
	 * others are subscribed from now on.
	 * @param topics the topics or glob patterns
	 * @param positions known positions; those of other topics are ignored
	 * @return the request
	 */
	public static SubscribeRequest resume(Collection<String> topics, Map<String, TopicPosition> positions) {
		Map<String, TopicPosition> known = new LinkedHashMap<>();
		for (String topic : topics) {
			TopicPosition position = positions.get(Objects.requireNonNull(topic, "topic"));
			if (position != null) {
				known.put(topic, position);
			}
		}
		return new SubscribeRequest(new ArrayList<>(topics), true, known);
	}

}
