package dev.wse.engine.filter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of a filter object: a field condition or a logical operator. Implementations
 * never throw, whatever the payload.
 */
interface Condition {

	/**
	 * Return whether a payload satisfies this condition.
	 * @param payload the message payload
	 * @return {@code true} on a match
	 */
	boolean matches(JsonNode payload);

	/**
	 * Add this condition, in canonical form, as a property of a filter object.
	 * @param filter the filter object
	 */
	void describeInto(ObjectNode filter);

}
