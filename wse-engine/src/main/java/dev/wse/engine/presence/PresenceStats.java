package dev.wse.engine.presence;

/**
 * The size of a topic's presence.
 *
 * @param users the number of users present
 * @param connections the number of their connections in the topic
 */
public record PresenceStats(int users, int connections) {

	/** No one present. */
	public static final PresenceStats EMPTY = new PresenceStats(0, 0);

}
