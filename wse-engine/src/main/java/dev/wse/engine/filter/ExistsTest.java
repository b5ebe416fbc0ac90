package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $exists}: whether the path leads to a value. A JSON {@code null} exists.
 */
final class ExistsTest implements FieldTest {

	private final boolean expected;

	ExistsTest(boolean expected) {
		this.expected = expected;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		return (value != null) == this.expected;
	}

	@Override
	public void describeInto(ObjectNode operators) {
		operators.put("$exists", this.expected);
	}

}
