package dev.wse.engine.filter;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Equality and order of JSON values as filters see them. Equality is structural: numbers
 * by value, objects regardless of property order, arrays element by element. Only two
 * numbers or two strings are ordered.
 */
final class JsonComparison {

	/** Returned by {@link #compare} for values without an order between them. */
	static final int UNORDERED = NumericValue.UNORDERED;

	private JsonComparison() {
	}

	/**
	 * Return whether two values are equal. Recursion follows only containers present in
	 * both values, so its depth is bounded by the (compile-time checked) operand.
	 * @param operand the value from the filter
	 * @param value the value from the payload
	 * @return {@code true} if equal
	 */
	static boolean equal(JsonNode operand, JsonNode value) {
		if (operand.isNumber() && value.isNumber()) {
			return NumericValue.compare(operand, value) == 0;
		}
		if (operand.isString() && value.isString()) {
			return operand.stringValue().equals(value.stringValue());
		}
		if (operand.isBoolean() && value.isBoolean()) {
			return operand.booleanValue() == value.booleanValue();
		}
		if (operand.isNull() || value.isNull()) {
			return operand.isNull() && value.isNull();
		}
		if (operand.isArray() && value.isArray()) {
			return equalArrays(operand, value);
		}
		if (operand.isObject() && value.isObject()) {
			return equalObjects(operand, value);
		}
		return operand.isBinary() && operand.equals(value);
	}

	/**
	 * Compare two values.
	 * @param value the value from the payload
	 * @param operand the value from the filter
	 * @return -1, 0 or 1, or {@link #UNORDERED} unless both are numbers or both strings
	 */
	static int compare(JsonNode value, JsonNode operand) {
		if (value.isNumber() && operand.isNumber()) {
			return NumericValue.compare(value, operand);
		}
		if (value.isString() && operand.isString()) {
			return Integer.signum(value.stringValue().compareTo(operand.stringValue()));
		}
		return UNORDERED;
	}

	/**
	 * Return whether a value is an array with an element equal to the operand.
	 * @param value the value from the payload
	 * @param operand the value from the filter
	 * @return {@code true} if the array contains the operand
	 */
	static boolean arrayContains(JsonNode value, JsonNode operand) {
		if (!value.isArray()) {
			return false;
		}
		for (JsonNode element : value.values()) {
			if (equal(operand, element)) {
				return true;
			}
		}
		return false;
	}

	private static boolean equalArrays(JsonNode operand, JsonNode value) {
		int size = operand.size();
		if (size != value.size()) {
			return false;
		}
		for (int i = 0; i < size; i++) {
			if (!equal(operand.get(i), value.get(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean equalObjects(JsonNode operand, JsonNode value) {
		if (operand.size() != value.size()) {
			return false;
		}
		for (Map.Entry<String, JsonNode> property : operand.properties()) {
			JsonNode other = value.get(property.getKey());
			if (other == null || !equal(property.getValue(), other)) {
				return false;
			}
		}
		return true;
	}

}
