package dev.wse.engine.filter;

import java.math.BigDecimal;
import java.math.BigInteger;

import tools.jackson.databind.JsonNode;

/**
 * Numeric comparison and canonical text of JSON numbers, whatever their Java
 * representation: {@code 1}, {@code 1.0} and {@code 1e0} are the same number. Floating
 * point values are taken at their shortest decimal form
 * ({@link Double#toString(double)}), so {@code 0.1} as a double equals {@code 0.1} as a
 * decimal.
 */
final class NumericValue {

	/** Returned by {@link #compare} when the two numbers have no order (NaN). */
	static final int UNORDERED = Integer.MIN_VALUE;

	private NumericValue() {
	}

	/**
	 * Compare two number nodes.
	 * @param a a number node
	 * @param b a number node
	 * @return -1, 0 or 1, or {@link #UNORDERED} when either is NaN
	 */
	static int compare(JsonNode a, JsonNode b) {
		Number x = a.numberValue();
		Number y = b.numberValue();
		if (isLong(x) && isLong(y)) {
			return Long.compare(x.longValue(), y.longValue());
		}
		if (x instanceof Double && y instanceof Double) {
			double dx = x.doubleValue();
			double dy = y.doubleValue();
			if (Double.isNaN(dx) || Double.isNaN(dy)) {
				return UNORDERED;
			}
			// primitive comparison on purpose: -0.0 equals 0.0 here, unlike
			// Double.compare
			return (dx < dy) ? -1 : ((dx > dy) ? 1 : 0);
		}
		if (isNaN(x) || isNaN(y)) {
			return UNORDERED;
		}
		int ix = infinity(x);
		int iy = infinity(y);
		if (ix != 0 || iy != 0) {
			return Integer.compare(ix, iy);
		}
		return Integer.signum(decimal(x).compareTo(decimal(y)));
	}

	/**
	 * Return the canonical text of a number node: the same for all equal numbers, valid
	 * JSON for finite ones ({@code NaN}, {@code Infinity} and {@code -Infinity}
	 * otherwise).
	 * @param node a number node
	 * @return the canonical text
	 */
	static String canonical(JsonNode node) {
		Number number = node.numberValue();
		if (isNaN(number)) {
			return "NaN";
		}
		int infinity = infinity(number);
		if (infinity != 0) {
			return (infinity > 0) ? "Infinity" : "-Infinity";
		}
		BigDecimal value = decimal(number);
		if (value.signum() == 0) {
			return "0";
		}
		value = value.stripTrailingZeros();
		// plain digits for ordinary integers such as 100, exponent form for huge ones
		if (value.scale() < 0 && value.scale() >= -20) {
			return value.setScale(0).toPlainString();
		}
		return value.toString();
	}

	private static boolean isLong(Number number) {
		return number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte;
	}

	private static boolean isNaN(Number number) {
		return (number instanceof Double || number instanceof Float) && Double.isNaN(number.doubleValue());
	}

	private static int infinity(Number number) {
		if ((number instanceof Double || number instanceof Float) && Double.isInfinite(number.doubleValue())) {
			return (number.doubleValue() > 0) ? 1 : -1;
		}
		return 0;
	}

	private static BigDecimal decimal(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (number instanceof Float) {
			return new BigDecimal(Float.toString(number.floatValue()));
		}
		if (number instanceof Double) {
			return BigDecimal.valueOf(number.doubleValue());
		}
		return BigDecimal.valueOf(number.longValue());
	}

}
