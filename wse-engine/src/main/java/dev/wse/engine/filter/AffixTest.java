package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $startswith} and {@code $endswith}: a string value begins or ends with the
 * operand (case-sensitive). Values of other types do not match.
 */
final class AffixTest implements FieldTest {

	private final String affix;

	private final boolean prefix;

	AffixTest(String affix, boolean prefix) {
		this.affix = affix;
		this.prefix = prefix;
	}

	@Override
	public boolean test(@Nullable JsonNode value) {
		if (value == null || !value.isString()) {
			return false;
		}
		String text = value.stringValue();
		return this.prefix ? text.startsWith(this.affix) : text.endsWith(this.affix);
	}

	@Override
	public void describeInto(ObjectNode operators) {
		operators.put(this.prefix ? "$startswith" : "$endswith", this.affix);
	}

}
