package dev.wse.protocol.crypto;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The JSON Canonicalization Scheme (RFC 8785): object properties sorted by their names'
 * UTF-16 code units, no whitespace, strings escaped as ECMAScript's
 * {@code JSON.stringify} does, numbers written as ECMAScript's {@code Number.prototype
 * .toString} writes IEEE-754 doubles (integers beyond 2^53 lose precision, as they do in
 * JavaScript). Thread-safe.
 */
public final class JsonCanonicalizer {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JsonCanonicalizer() {
	}

	/**
	 * Canonicalize a JSON value.
	 * @param value the value
	 * @return the canonical text
	 * @throws IllegalArgumentException for values JSON cannot hold (binary, NaN,
	 * infinities, POJOs)
	 */
	public static String canonicalize(JsonNode value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(JsonNode value, StringBuilder out) {
		if (value.isObject()) {
			List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(value.properties());
			properties.sort(Map.Entry.comparingByKey());
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> property : properties) {
				if (!first) {
					out.append(',');
				}
				first = false;
				writeString(property.getKey(), out);
				out.append(':');
				write(property.getValue(), out);
			}
			out.append('}');
		}
		else if (value.isArray()) {
			out.append('[');
			for (int i = 0; i < value.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(value.get(i), out);
			}
			out.append(']');
		}
		else if (value.isString()) {
			writeString(value.stringValue(), out);
		}
		else if (value.isNumber()) {
			out.append(formatNumber(value.doubleValue()));
		}
		else if (value.isBoolean()) {
			out.append(value.booleanValue() ? "true" : "false");
		}
		else if (value.isNull() || value.isMissingNode()) {
			out.append("null");
		}
		else {
			throw new IllegalArgumentException("Not a JSON value: " + value.getNodeType());
		}
	}

	/**
	 * Write a string as ECMAScript's {@code JSON.stringify} does: {@code \"}, {@code \\},
	 * {@code \b \f \n \r \t}, other control characters and unpaired surrogates as
	 * lowercase {@code \}{@code u00xx}, everything else as is.
	 * @param value the string
	 * @param out where to write it, quotes included
	 */
	static void writeString(String value, StringBuilder out) {
		out.append('"');
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						unicodeEscape(c, out);
					}
					else if (Character.isHighSurrogate(c)) {
						if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
							out.append(c).append(value.charAt(++i));
						}
						else {
							unicodeEscape(c, out);
						}
					}
					else if (Character.isLowSurrogate(c)) {
						unicodeEscape(c, out);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static void unicodeEscape(char c, StringBuilder out) {
		out.append("\\u")
			.append(HEX[(c >> 12) & 0xF])
			.append(HEX[(c >> 8) & 0xF])
			.append(HEX[(c >> 4) & 0xF])
			.append(HEX[c & 0xF]);
	}

	/**
	 * Format a double as ECMAScript's {@code Number.prototype.toString()} does (ECMA-262
	 * Number::toString with radix 10): the shortest digits that read back as the same
	 * double (the closest to it when several are as short), plain notation for exponents
	 * from -7 to 20, otherwise {@code d.ddde±n}; {@code -0} is {@code 0}.
	 * @param value the number
	 * @return its text
	 * @throws IllegalArgumentException for NaN and infinities
	 */
	public static String formatNumber(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new IllegalArgumentException("JSON has no " + value);
		}
		if (value == 0) {
			return "0";
		}
		if (value < 0) {
			return "-" + formatNumber(-value);
		}
		BigDecimal shortest = shortest(value);
		String digits = shortest.unscaledValue().toString();
		int k = digits.length();
		int n = k - shortest.scale();
		StringBuilder out = new StringBuilder(k + 8);
		if (k <= n && n <= 21) {
			out.append(digits);
			out.append("0".repeat(n - k));
		}
		else if (0 < n && n <= 21) {
			out.append(digits, 0, n).append('.').append(digits, n, k);
		}
		else if (-6 < n && n <= 0) {
			out.append("0.").append("0".repeat(-n)).append(digits);
		}
		else {
			out.append(digits.charAt(0));
			if (k > 1) {
				out.append('.').append(digits, 1, k);
			}
			int exponent = n - 1;
			out.append('e').append((exponent >= 0) ? '+' : '-').append(Math.abs(exponent));
		}
		return out.toString();
	}

	/**
	 * The shortest decimal that reads back as the value, the closest one to it among
	 * those as short; trailing zeros stripped.
	 */
	private static BigDecimal shortest(double value) {
		BigDecimal exact = new BigDecimal(value);
		for (int precision = 1; precision <= 17; precision++) {
			BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
			BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
			boolean downFits = down.doubleValue() == value;
			boolean upFits = up.doubleValue() == value;
			if (downFits && upFits) {
				int comparison = exact.subtract(down).compareTo(up.subtract(exact));
				BigDecimal closest;
				if (comparison < 0) {
					closest = down;
				}
				else if (comparison > 0) {
					closest = up;
				}
				else {
					// a tie: the even last digit, as round-half-even would pick
					closest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
				}
				return closest.stripTrailingZeros();
			}
			if (downFits) {
				return down.stripTrailingZeros();
			}
			if (upFits) {
				return up.stripTrailingZeros();
			}
		}
		return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
	}

}
