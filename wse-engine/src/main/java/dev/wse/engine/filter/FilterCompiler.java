package dev.wse.engine.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * Compiles a filter specification into a tree of {@link Condition conditions}, enforcing
 * the {@link FilterLimits}. One instance compiles one filter.
 */
final class FilterCompiler {

	private final FilterLimits limits;

	private final OperatorCompiler operators;

	private int conditions;

	FilterCompiler(FilterLimits limits) {
		this.limits = limits;
		this.operators = new OperatorCompiler(limits);
	}

	/**
	 * Compile a filter.
	 * @param spec the filter specification
	 * @return the root filter object
	 * @throws InvalidFilterException if the filter is malformed or exceeds the limits
	 */
	Conjunction compile(JsonNode spec) {
		return filterObject(spec, 1, "");
	}

	private Conjunction filterObject(JsonNode spec, int depth, String location) {
		if (!spec.isObject()) {
			throw InvalidFilterException.at(location,
					"a filter must be a JSON object, got " + OperatorCompiler.typeOf(spec));
		}
		if (depth > this.limits.maxDepth()) {
			throw InvalidFilterException.at(location,
					"filter is nested deeper than the limit of " + this.limits.maxDepth() + " levels");
		}
		List<Condition> conditions = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : spec.properties()) {
			String key = property.getKey();
			String keyLocation = location.isEmpty() ? key : location + "." + key;
			switch (key) {
				case "$and" ->
					conditions.add(logical(LogicalCondition.Operator.AND, property.getValue(), depth, keyLocation));
				case "$or" ->
					conditions.add(logical(LogicalCondition.Operator.OR, property.getValue(), depth, keyLocation));
				default -> conditions.add(field(key, property.getValue(), keyLocation));
			}
		}
		return new Conjunction(conditions);
	}

	private Condition field(String key, JsonNode condition, String location) {
		if (key.startsWith("$")) {
			throw InvalidFilterException.at(location,
					"unknown operator '" + key + "' (only $and and $or may appear in place of a field)");
		}
		FieldPath path = FieldPath.parse(key, location);
		List<FieldTest> tests = this.operators.compile(condition, location);
		count(tests.size(), location);
		return new FieldCondition(path, tests);
	}

	private Condition logical(LogicalCondition.Operator operator, JsonNode members, int depth, String location) {
		if (!members.isArray() || members.isEmpty()) {
			throw InvalidFilterException.at(location, "expects a non-empty array of filter objects, got "
					+ (members.isArray() ? "an empty array" : OperatorCompiler.typeOf(members)));
		}
		count(members.size(), location);
		// members are pure predicates, so their order and duplicates do not matter
		TreeMap<String, Conjunction> distinct = new TreeMap<>();
		for (int i = 0; i < members.size(); i++) {
			Conjunction member = filterObject(members.get(i), depth + 1, location + "[" + i + "]");
			distinct.putIfAbsent(CanonicalJson.write(member.describe()), member);
		}
		return new LogicalCondition(operator, new ArrayList<>(distinct.values()));
	}

	private void count(int added, String location) {
		this.conditions += added;
		if (this.conditions > this.limits.maxConditions()) {
			throw InvalidFilterException.at(location,
					"filter has more than the limit of " + this.limits.maxConditions() + " conditions");
		}
	}

}
