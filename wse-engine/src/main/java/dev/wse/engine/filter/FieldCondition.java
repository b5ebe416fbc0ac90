package dev.wse.engine.filter;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operators given for one field path, all of which must hold for the value at that
 * path.
 */
final class FieldCondition implements Condition {

	private final FieldPath path;

	private final List<FieldTest> tests;

	FieldCondition(FieldPath path, List<FieldTest> tests) {
		this.path = path;
		this.tests = List.copyOf(tests);
	}

	@Override
	public boolean matches(JsonNode payload) {
		JsonNode value = this.path.resolve(payload);
		for (FieldTest test : this.tests) {
			if (!test.test(value)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void describeInto(ObjectNode filter) {
		ObjectNode operators = filter.putObject(this.path.toString());
		for (FieldTest test : this.tests) {
			test.describeInto(operators);
		}
	}

}
