package dev.wse.engine.presence;

import tools.jackson.databind.JsonNode;

/**
 * A change of a topic's members, to be announced to the topic's subscribers.
 *
 * @param kind what changed
 * @param topic the topic
 * @param userId the user
 * @param data the user's presence data (the last data for a leave)
 */
public record PresenceChange(Kind kind, String topic, String userId, JsonNode data) {

	/**
	 * The kinds of change, with their message types.
	 */
	public enum Kind {

		/** The user's first connection joined the topic. */
		JOIN("presence_join"),

		/** The user's last connection left the topic. */
		LEAVE("presence_leave"),

		/** The user's data changed. */
		UPDATE("presence_update");

		private final String type;

		Kind(String type) {
			this.type = type;
		}

		/**
		 * Return the message type announcing this kind of change.
		 * @return the type
		 */
		public String type() {
			return this.type;
		}

	}

}
