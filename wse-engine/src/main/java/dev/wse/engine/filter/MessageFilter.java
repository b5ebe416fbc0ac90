package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A compiled subscription filter: a MongoDB-like predicate over the payload of a message.
 * <p>
 * A filter is a JSON object. Each property is either a field path or a logical operator,
 * and all of them must hold:
 * <ul>
 * <li>A <b>field path</b> uses dots to step into nested objects
 * ({@code "user.address.city"}); a segment of digits indexes an array
 * ({@code "items.0.sku"}; on an object it names a property). Unlike MongoDB, a path does
 * not fan out over array elements: {@code "items.sku"} finds nothing in an array. A path
 * that leads nowhere finds no value (the field is <em>absent</em>).</li>
 * <li>A field's condition is a literal, meaning {@code $eq}, or an object of operators
 * that must all hold: {@code {"price": {"$gte": 10, "$lt": 20}}}.</li>
 * <li>{@code $and} / {@code $or} take a non-empty array of filter objects.</li>
 * </ul>
 * Operators:
 * <ul>
 * <li>{@code $eq}, {@code $ne}: structural equality (numbers by value, so {@code 1}
 * equals {@code 1.0}; object properties in any order). As in MongoDB, an array value also
 * equals an operand that is one of its elements ({@code {"tags": "red"}} matches
 * {@code {"tags": ["red", "blue"]}}), and a {@code null} operand matches a JSON
 * {@code null} or an absent field. {@code $ne} is the exact negation, so it matches an
 * absent field.</li>
 * <li>{@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}: the operand is a number or a
 * string; numbers compare numerically, strings lexicographically, and any other pairing
 * (including an absent field, or an array value) does not match.</li>
 * <li>{@code $in}, {@code $nin}: an array of operands; {@code $in} matches when the value
 * equals one of them in the sense of {@code $eq}, {@code $nin} is its negation.</li>
 * <li>{@code $exists}: a boolean; whether the path leads to a value (a JSON {@code null}
 * exists).</li>
 * <li>{@code $contains}: a string value containing the operand as a substring, or an
 * array value with an element equal to the operand.</li>
 * <li>{@code $startswith}, {@code $endswith}: a string operand; string values only.</li>
 * <li>{@code $regex}: an <a href="https://github.com/google/re2/wiki/Syntax">RE2</a>
 * pattern, with optional {@code $options} letters {@code i} (case-insensitive), {@code m}
 * (multi-line) and {@code s} (dot matches newline). It matches a string value that
 * contains a match anywhere ({@code find} semantics: anchor with {@code ^...$} to match
 * the whole value). Patterns are compiled once, here, and matched in linear time, so
 * patterns such as {@code (a+)+$} cannot backtrack catastrophically.</li>
 * </ul>
 * Compiling checks the whole filter against {@link FilterLimits} and throws
 * {@link InvalidFilterException} for anything malformed. Evaluating never throws: missing
 * paths, nulls and values of the wrong type simply do not match.
 * <p>
 * Instances are immutable and thread-safe. They are equal when their {@link #canonical()
 * canonical} forms are, so a publisher can evaluate each distinct filter once.
 */
public final class MessageFilter {

	private final Conjunction root;

	private final String canonical;

	private MessageFilter(Conjunction root) {
		this.root = root;
		this.canonical = CanonicalJson.write(root.describe());
	}

	/**
	 * Compile a filter with the {@link FilterLimits#defaults() default limits}.
	 * @param spec the filter, a JSON object
	 * @return the compiled filter
	 * @throws InvalidFilterException if the filter is malformed or exceeds the limits
	 */
	public static MessageFilter compile(JsonNode spec) {
		return compile(spec, FilterLimits.defaults());
	}

	/**
	 * Compile a filter.
	 * @param spec the filter, a JSON object
	 * @param limits the limits to enforce
	 * @return the compiled filter
	 * @throws InvalidFilterException if the filter is malformed or exceeds the limits
	 */
	public static MessageFilter compile(JsonNode spec, FilterLimits limits) {
		return new MessageFilter(new FilterCompiler(limits).compile(spec));
	}

	/**
	 * Return whether a message payload passes this filter. Never throws.
	 * @param payload the payload
	 * @return {@code true} if the payload matches
	 */
	public boolean matches(JsonNode payload) {
		return this.root.matches(payload);
	}

	/**
	 * Return the canonical text of this filter: compact JSON with properties sorted by
	 * name, every field condition written as an operator object ({@code "a": 1} becomes
	 * {@code "a": {"$eq": 1}}), numbers normalized ({@code 1.0} becomes {@code 1}), and
	 * the members of {@code $and}, {@code $or}, {@code $in} and {@code $nin} sorted and
	 * deduplicated. Filters that differ only in such ways have the same canonical text
	 * and match the same payloads.
	 * @return the canonical text
	 */
	public String canonical() {
		return this.canonical;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof MessageFilter filter && this.canonical.equals(filter.canonical));
	}

	@Override
	public int hashCode() {
		return this.canonical.hashCode();
	}

	@Override
	public String toString() {
		return this.canonical;
	}

}
