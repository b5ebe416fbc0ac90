package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $eq} (also an implicit equality such as {@code "status": "open"}) and its
 * negation {@code $ne}. Following MongoDB, a value equals the operand if it is
 * structurally equal to it or if it is an array with an element equal to it, and a
 * {@code null} operand also matches an absent field. {@code $ne} is the exact negation,
 * so it matches an absent field.
 */
final class EqualityTest implements FieldTest {

	private final JsonNode operand;

	private final boolean negated;

	EqualityTest(JsonNode operand, boolean negated) {
		this.operand = operand;
		this.negated = negated;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		return matches(this.operand, value) != this.negated;
	}

	/**
	 * Return whether a value equals an operand in the sense of {@code $eq}.
	 * @param operand the operand
	 * @param value the value at the path, {@code null} if absent
	 * @return {@code true} if equal
	 */
	static boolean matches(JsonNode operand, @Nullable JsonNode value) {
		if (value == null) {
			return operand.isNull();
		}
		return JsonComparison.equal(operand, value) || JsonComparison.arrayContains(value, operand);
	}

	@Override
	public void describeInto(ObjectNode operators) {
		operators.set(this.negated ? "$ne" : "$eq", this.operand);
	}

}
