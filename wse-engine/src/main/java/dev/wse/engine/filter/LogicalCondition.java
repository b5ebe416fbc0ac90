package dev.wse.engine.filter;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $and} or {@code $or} over a non-empty list of filter objects.
 */
final class LogicalCondition implements Condition {

	private final Operator operator;

	private final List<Conjunction> members;

	/**
	 * Create a condition.
	 * @param operator the operator
	 * @param members the members, distinct and in canonical order
	 */
	LogicalCondition(Operator operator, List<Conjunction> members) {
		this.operator = operator;
		this.members = List.copyOf(members);
	}

	@Override
	public boolean matches(JsonNode payload) {
		boolean any = this.operator == Operator.OR;
		for (Conjunction member : this.members) {
			if (member.matches(payload) == any) {
				return any;
			}
		}
		return !any;
	}

	@Override
	public void describeInto(ObjectNode filter) {
		ArrayNode array = filter.putArray(this.operator.key);
		for (Conjunction member : this.members) {
			array.add(member.describe());
		}
	}

	/**
	 * The logical operators.
	 */
	enum Operator {

		AND("$and"), OR("$or");

		final String key;

		Operator(String key) {
			this.key = key;
		}

	}

}
