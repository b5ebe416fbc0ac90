package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $gt}, {@code $gte}, {@code $lt} and {@code $lte}: numbers compare numerically,
 * strings lexicographically (by UTF-16 code unit); any other pairing, an absent field
 * included, does not match.
 */
final class OrderingTest implements FieldTest {

	private final Bound bound;

	private final JsonNode operand;

	OrderingTest(Bound bound, JsonNode operand) {
		this.bound = bound;
		this.operand = operand;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		if (value == null) {
			return false;
		}
		int comparison = JsonComparison.compare(value, this.operand);
		return comparison != JsonComparison.UNORDERED && this.bound.accepts(comparison);
	}

	@Override
	public void describeInto(ObjectNode operators) {
		operators.set(this.bound.operator, this.operand);
	}

	/**
	 * The four ordering operators.
	 */
	enum Bound {

		GT("$gt"), GTE("$gte"), LT("$lt"), LTE("$lte");

		private final String operator;

		Bound(String operator) {
			this.operator = operator;
		}

		boolean accepts(int comparison) {
			return switch (this) {
				case GT -> comparison > 0;
				case GTE -> comparison >= 0;
				case LT -> comparison < 0;
				case LTE -> comparison <= 0;
			};
		}

	}

}
