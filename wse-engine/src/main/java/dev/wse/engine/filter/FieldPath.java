package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A dot-separated path into a payload, such as {@code user.address.city} or
 * {@code items.0.sku}. A segment selects the property of that name in an object; a
 * segment of digits selects the element at that index in an array.
 */
final class FieldPath {

	private static final int MAX_INDEX_DIGITS = 9;

	private final String text;

	private final String[] segments;

	private final int[] indexes;

	private FieldPath(String text, String[] segments) {
		this.text = text;
		this.segments = segments;
		this.indexes = new int[segments.length];
		for (int i = 0; i < segments.length; i++) {
			this.indexes[i] = index(segments[i]);
		}
	}

	/**
	 * Parse a path.
	 * @param text the dotted path
	 * @param location where the path appears, for error messages
	 * @return the path
	 * @throws InvalidFilterException if the path or one of its segments is empty
	 */
	static FieldPath parse(String text, String location) {
		String[] segments = text.split("\\.", -1);
		for (String segment : segments) {
			if (segment.isEmpty()) {
				throw InvalidFilterException.at(location, "field path has an empty segment");
			}
		}
		return new FieldPath(text, segments);
	}

	/**
	 * Return the value at this path, {@code null} when the path leads nowhere (a missing
	 * property, an index out of range, or a step into a scalar). A JSON {@code null} at
	 * the path is returned as a null node, not as {@code null}.
	 * @param root the payload
	 * @return the value, or {@code null} if absent
	 */
	@Nullable JsonNode resolve(JsonNode root) {
		JsonNode node = root;
		for (int i = 0; i < this.segments.length; i++) {
			JsonNode next = null;
			if (node.isObject()) {
				next = node.get(this.segments[i]);
			}
			else if (node.isArray() && this.indexes[i] >= 0) {
				next = node.get(this.indexes[i]);
			}
			if (next == null || next.isMissingNode()) {
				return null;
			}
			node = next;
		}
		return node.isMissingNode() ? null : node;
	}

	private static int index(String segment) {
		if (segment.length() > MAX_INDEX_DIGITS) {
			return -1;
		}
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
		}
		return Integer.parseInt(segment);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
