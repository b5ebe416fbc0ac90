package dev.wse.engine.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Compiles the condition given for one field path: a literal (implicit {@code $eq}) or an
 * object of operators, all of which must hold.
 */
final class OperatorCompiler {

	private final FilterLimits limits;

	OperatorCompiler(FilterLimits limits) {
		this.limits = limits;
	}

	/**
	 * Compile a field condition. An object is an operator object when it has a property
	 * starting with {@code $}; then every property must be an operator. Any other value,
	 * including an object without operators, is compared for equality.
	 * @param condition the condition
	 * @param location the location of the field, for error messages
	 * @return the tests, at least one
	 */
	List<FieldTest> compile(JsonNode condition, String location) {
		if (!isOperatorObject(condition)) {
			return List.of(new EqualityTest(operand(condition, location), false));
		}
		List<FieldTest> tests = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : condition.properties()) {
			String operator = property.getKey();
			if (!operator.startsWith("$")) {
				throw InvalidFilterException.at(location,
						"cannot mix operators and plain property '" + operator + "' in one condition");
			}
			if (!operator.equals("$options")) {
				tests.add(compile(operator, property.getValue(), condition, location));
			}
		}
		if (condition.get("$options") != null && condition.get("$regex") == null) {
			throw InvalidFilterException.at(location + ".$options", "$options requires $regex next to it");
		}
		return tests;
	}

	private FieldTest compile(String operator, JsonNode operand, JsonNode condition, String field) {
		String location = field + "." + operator;
		return switch (operator) {
			case "$eq" -> new EqualityTest(operand(operand, location), false);
			case "$ne" -> new EqualityTest(operand(operand, location), true);
			case "$gt" -> ordering(OrderingTest.Bound.GT, operand, location);
			case "$gte" -> ordering(OrderingTest.Bound.GTE, operand, location);
			case "$lt" -> ordering(OrderingTest.Bound.LT, operand, location);
			case "$lte" -> ordering(OrderingTest.Bound.LTE, operand, location);
			case "$in" -> new MembershipTest(values(operand, location), false);
			case "$nin" -> new MembershipTest(values(operand, location), true);
			case "$exists" ->
				new ExistsTest(requireType(operand, operand.isBoolean(), "a boolean", location).booleanValue());
			case "$contains" -> new ContainsTest(operand(operand, location));
			case "$startswith" -> new AffixTest(string(operand, location), true);
			case "$endswith" -> new AffixTest(string(operand, location), false);
			case "$regex" -> regex(operand, condition.get("$options"), field);
			default -> throw InvalidFilterException.at(location, "unknown operator '" + operator + "'");
		};
	}

	private FieldTest ordering(OrderingTest.Bound bound, JsonNode operand, String location) {
		return new OrderingTest(bound,
				requireType(operand, operand.isNumber() || operand.isString(), "a number or a string", location));
	}

	private FieldTest regex(JsonNode operand, @Nullable JsonNode options, String field) {
		String source = string(operand, field + ".$regex");
		String letters = (options != null) ? string(options, field + ".$options") : "";
		return RegexCompiler.compile(source, letters, this.limits, field + ".$regex");
	}

	/** The operands of {@code $in} / {@code $nin}, distinct and in canonical order. */
	private List<JsonNode> values(JsonNode operand, String location) {
		requireType(operand, operand.isArray(), "an array", location);
		if (operand.size() > this.limits.maxInValues()) {
			throw InvalidFilterException.at(location,
					"has " + operand.size() + " values, more than the limit of " + this.limits.maxInValues());
		}
		TreeMap<String, JsonNode> distinct = new TreeMap<>();
		for (JsonNode value : operand.values()) {
			JsonNode copy = operand(value, location);
			distinct.putIfAbsent(CanonicalJson.write(copy), copy);
		}
		return List.copyOf(distinct.values());
	}

	private String string(JsonNode operand, String location) {
		return requireType(operand, operand.isString(), "a string", location).stringValue();
	}

	/**
	 * Accept any value as an operand unless it nests deeper than the limit, and copy it
	 * so that later changes to the specification cannot affect the compiled filter.
	 */
	private JsonNode operand(JsonNode operand, String location) {
		if (deeperThan(operand, this.limits.maxDepth())) {
			throw InvalidFilterException.at(location,
					"value is nested deeper than the limit of " + this.limits.maxDepth() + " levels");
		}
		return operand.deepCopy();
	}

	private static boolean deeperThan(JsonNode node, int levels) {
		if (!node.isContainer()) {
			return false;
		}
		if (levels == 0) {
			return true;
		}
		for (JsonNode child : node.values()) {
			if (deeperThan(child, levels - 1)) {
				return true;
			}
		}
		return false;
	}

	private static JsonNode requireType(JsonNode operand, boolean accepted, String expected, String location) {
		if (!accepted) {
			throw InvalidFilterException.at(location, "expects " + expected + ", got " + typeOf(operand));
		}
		return operand;
	}

	static String typeOf(JsonNode node) {
		return node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

	private static boolean isOperatorObject(JsonNode condition) {
		if (!condition.isObject()) {
			return false;
		}
		for (String name : condition.propertyNames()) {
			if (name.startsWith("$")) {
				return true;
			}
		}
		return false;
	}

}
