package dev.wse.engine.filter;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A filter object: all of its conditions must hold. An empty filter object matches every
 * payload.
 */
final class Conjunction {

	private final List<Condition> conditions;

	Conjunction(List<Condition> conditions) {
		this.conditions = List.copyOf(conditions);
	}

	boolean matches(JsonNode payload) {
		for (Condition condition : this.conditions) {
			if (!condition.matches(payload)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return this filter object in canonical form (explicit operators, normalized
	 * operands); {@link CanonicalJson} then fixes the property order.
	 * @return the canonical filter object
	 */
	ObjectNode describe() {
		ObjectNode filter = JsonNodeFactory.instance.objectNode();
		for (Condition condition : this.conditions) {
			condition.describeInto(filter);
		}
		return filter;
	}

}
