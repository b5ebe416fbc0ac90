package dev.wse.engine.filter;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $in}: the value {@link EqualityTest#matches equals} one of the operands;
 * {@code $nin} is its exact negation (so it matches an absent field).
 */
final class MembershipTest implements FieldTest {

	private final List<JsonNode> operands;

	private final boolean negated;

	/**
	 * Create a test.
	 * @param operands the operands, distinct and in canonical order
	 * @param negated {@code true} for {@code $nin}
	 */
	MembershipTest(List<JsonNode> operands, boolean negated) {
		this.operands = List.copyOf(operands);
		this.negated = negated;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		return contains(value) != this.negated;
	}

	private boolean contains(@Nullable JsonNode value) {
		for (JsonNode operand : this.operands) {
			if (EqualityTest.matches(operand, value)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void describeInto(ObjectNode operators) {
		ArrayNode array = operators.putArray(this.negated ? "$nin" : "$in");
		this.operands.forEach(array::add);
	}

}
