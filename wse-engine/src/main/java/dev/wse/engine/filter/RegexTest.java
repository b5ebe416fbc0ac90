package dev.wse.engine.filter;

import com.google.re2j.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $regex} (with optional {@code $options}): a string value contains a match of the
 * pattern anywhere ({@code find} semantics; anchor with {@code ^} and {@code $} to match
 * the whole value). Values of other types do not match. The pattern is an RE2 pattern,
 * matched in time linear in the length of the value.
 */
final class RegexTest implements FieldTest {

	private final Pattern pattern;

	private final String options;

	/**
	 * Create a test.
	 * @param pattern the compiled pattern
	 * @param options the canonical options (sorted, distinct), possibly empty
	 */
	RegexTest(Pattern pattern, String options) {
		this.pattern = pattern;
		this.options = options;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		return value != null && value.isString() && this.pattern.matcher(value.stringValue()).find();
	}

	@Override
	public void describeInto(ObjectNode operators) {
		operators.put("$regex", this.pattern.pattern());
		if (!this.options.isEmpty()) {
			operators.put("$options", this.options);
		}
	}

}
