package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $contains}: a string value contains the (string) operand as a substring, or an
 * array value has an element equal to the operand.
 */
final class ContainsTest implements FieldTest {

	private final JsonNode operand;

	private final @Nullable SubstringSearch substring;

	ContainsTest(JsonNode operand) {
		this.operand = operand;
		this.substring = operand.isString() ? new SubstringSearch(operand.stringValue()) : null;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		if (value == null) {
			return false;
		}
		if (value.isString()) {
			return this.substring != null && this.substring.foundIn(value.stringValue());
		}
		return JsonComparison.arrayContains(value, this.operand);
	}

	@Override
	public void describeInto(ObjectNode operators) {
		operators.set("$contains", this.operand);
	}

}
