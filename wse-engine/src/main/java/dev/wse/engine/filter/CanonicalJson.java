package dev.wse.engine.filter;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON in a canonical text: object properties sorted by name, no whitespace,
 * numbers in the form of {@link NumericValue#canonical(JsonNode)}. Two values that
 * {@link JsonComparison#equal equal} each other have the same canonical text.
 */
final class CanonicalJson {

	private CanonicalJson() {
	}

	/**
	 * Return the canonical text of a value.
	 * @param node the value
	 * @return the text
	 */
	static String write(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out);
		return out.toString();
	}

	private static void write(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			List<String> names = new ArrayList<>(node.propertyNames());
			names.sort(null);
			out.append('{');
			for (int i = 0; i < names.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				quote(names.get(i), out);
				out.append(':');
				write(node.get(names.get(i)), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(node.get(i), out);
			}
			out.append(']');
		}
		else if (node.isString()) {
			quote(node.stringValue(), out);
		}
		else if (node.isNumber()) {
			out.append(NumericValue.canonical(node));
		}
		else {
			// booleans, null, and (only if built programmatically) binary or POJO nodes
			out.append(node.toString());
		}
	}

	private static void quote(String text, StringBuilder out) {
		out.append('"');
		JsonStringEncoder.getInstance().quoteAsString(text, out);
		out.append('"');
	}

}
