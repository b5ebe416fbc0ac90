package dev.wse.engine.presence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Per-topic presence grouped by user: several connections of one user are one member. A
 * user joins with their first connection in a topic and leaves with their last; data
 * changes are updates. Each topic's counts are kept up to date, so {@link #stats(String)}
 * is O(1).
 */
public final class PresenceRegistry {

	private final Map<String, TopicPresence> topics = new ConcurrentHashMap<>();

	private final AtomicInteger users = new AtomicInteger();

	private final int maxDataSize;

	private final int maxMembers;

	/**
	 * Create a registry.
	 * @param maxDataSize the largest presence data, in bytes of compact JSON
	 * @param maxMembers the most users one topic may hold
	 */
	public PresenceRegistry(int maxDataSize, int maxMembers) {
		this.maxDataSize = maxDataSize;
		this.maxMembers = maxMembers;
	}

	/**
	 * Add a connection of a user to a topic.
	 * @param topic the topic
	 * @param userId the user
	 * @param connectionId the connection
	 * @param data the user's data (an object; {@code null} keeps the current data)
	 * @return the change to announce: a join for the user's first connection, an update
	 * when the data changed, else {@code null}
	 * @throws PresenceException when the data is invalid or the topic is full
	 */
	public @Nullable PresenceChange join(String topic, String userId, String connectionId, @Nullable JsonNode data) {
		JsonNode checked = (data != null) ? check(data) : null;
		for (;;) {
			TopicPresence presence = this.topics.computeIfAbsent(topic, (key) -> new TopicPresence());
			synchronized (presence) {
				if (presence.live) {
					return join(presence, topic, userId, connectionId, checked);
				}
			}
		}
	}

	private @Nullable PresenceChange join(TopicPresence presence, String topic, String userId, String connectionId,
			@Nullable JsonNode checked) {
		Member member = presence.members.get(userId);
		if (member == null) {
			if (presence.members.size() >= this.maxMembers) {
				throw new PresenceException("Topic '" + topic + "' has the maximum number of members");
			}
			member = new Member((checked != null) ? checked : JsonNodeFactory.instance.objectNode());
			member.connections.add(connectionId);
			presence.members.put(userId, member);
			presence.connections++;
			this.users.incrementAndGet();
			return new PresenceChange(PresenceChange.Kind.JOIN, topic, userId, member.data);
		}
		if (member.connections.add(connectionId)) {
			presence.connections++;
		}
		return (checked != null) ? update(topic, userId, member, checked) : null;
	}

	/**
	 * Change the data of a user in a topic.
	 * @param topic the topic
	 * @param userId the user
	 * @param data the new data
	 * @return the update to announce, or {@code null} when the user is not present or the
	 * data did not change
	 * @throws PresenceException when the data is invalid
	 */
	public @Nullable PresenceChange update(String topic, String userId, JsonNode data) {
		JsonNode checked = check(data);
		TopicPresence presence = this.topics.get(topic);
		if (presence == null) {
			return null;
		}
		synchronized (presence) {
			Member member = presence.members.get(userId);
			return (member != null) ? update(topic, userId, member, checked) : null;
		}
	}

	private static @Nullable PresenceChange update(String topic, String userId, Member member, JsonNode data) {
		if (member.data.equals(data)) {
			return null;
		}
		member.data = data;
		member.updatedAt = System.currentTimeMillis();
		return new PresenceChange(PresenceChange.Kind.UPDATE, topic, userId, data);
	}

	/**
	 * Remove a connection of a user from a topic.
	 * @param topic the topic
	 * @param userId the user
	 * @param connectionId the connection
	 * @return the leave to announce when it was the user's last connection, else
	 * {@code null}
	 */
	public @Nullable PresenceChange leave(String topic, String userId, String connectionId) {
		TopicPresence presence = this.topics.get(topic);
		if (presence == null) {
			return null;
		}
		synchronized (presence) {
			Member member = presence.members.get(userId);
			if (member == null || !member.connections.remove(connectionId)) {
				return null;
			}
			presence.connections--;
			if (!member.connections.isEmpty()) {
				return null;
			}
			presence.members.remove(userId);
			this.users.decrementAndGet();
			if (presence.members.isEmpty()) {
				presence.live = false;
				this.topics.remove(topic, presence);
			}
			return new PresenceChange(PresenceChange.Kind.LEAVE, topic, userId, member.data);
		}
	}

	/**
	 * Remove the connections that are gone, announcing the users who leave with them.
	 * @param alive tells whether a connection id is still open
	 * @return the leaves to announce
	 */
	public List<PresenceChange> sweep(Predicate<String> alive) {
		List<PresenceChange> leaves = new ArrayList<>();
		for (Map.Entry<String, TopicPresence> entry : this.topics.entrySet()) {
			List<String[]> gone = new ArrayList<>();
			synchronized (entry.getValue()) {
				entry.getValue().members.forEach((user, member) -> member.connections.stream()
					.filter(alive.negate())
					.forEach((connection) -> gone.add(new String[] { user, connection })));
			}
			for (String[] pair : gone) {
				PresenceChange leave = leave(entry.getKey(), pair[0], pair[1]);
				if (leave != null) {
					leaves.add(leave);
				}
			}
		}
		return leaves;
	}

	/**
	 * Return the members of a topic.
	 * @param topic the topic
	 * @return the members by user id (a snapshot)
	 */
	public Map<String, PresenceMember> members(String topic) {
		TopicPresence presence = this.topics.get(topic);
		if (presence == null) {
			return Map.of();
		}
		synchronized (presence) {
			Map<String, PresenceMember> members = new LinkedHashMap<>();
			presence.members.forEach((user, member) -> members.put(user,
					new PresenceMember(user, member.data, member.connections.size(), member.updatedAt)));
			return members;
		}
	}

	/**
	 * Return the size of a topic's presence in constant time.
	 * @param topic the topic
	 * @return the stats
	 */
	public PresenceStats stats(String topic) {
		TopicPresence presence = this.topics.get(topic);
		if (presence == null) {
			return PresenceStats.EMPTY;
		}
		synchronized (presence) {
			return new PresenceStats(presence.members.size(), presence.connections);
		}
	}

	/**
	 * Return the number of topics with members.
	 * @return the count
	 */
	public int topicCount() {
		return this.topics.size();
	}

	/**
	 * Return the number of (topic, user) memberships.
	 * @return the count
	 */
	public int memberCount() {
		return this.users.get();
	}

	private JsonNode check(JsonNode data) {
		if (!data.isObject()) {
			throw new PresenceException("Presence data must be an object");
		}
		if (data.toString().getBytes(StandardCharsets.UTF_8).length > this.maxDataSize) {
			throw new PresenceException("Presence data is larger than " + this.maxDataSize + " bytes");
		}
		return data.deepCopy();
	}

	private static final class TopicPresence {

		private final Map<String, Member> members = new HashMap<>();

		private int connections;

		private boolean live = true;

	}

	private static final class Member {

		private final Set<String> connections = new LinkedHashSet<>();

		private JsonNode data;

		private long updatedAt = System.currentTimeMillis();

		Member(JsonNode data) {
			this.data = data;
		}

	}

}
