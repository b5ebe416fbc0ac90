package dev.wse.engine.presence;

import tools.jackson.databind.JsonNode;

/**
 * One user present in a topic.
 *
 * @param userId the user
 * @param data the user's presence data
 * @param connections how many of the user's connections are in the topic
 * @param updatedAt when the data last changed (epoch milliseconds)
 */
public record PresenceMember(String userId, JsonNode data, int connections, long updatedAt) {
}
