package dev.wse.engine.filter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One operator applied to the value found at a field path, such as {@code $gt: 5}.
 * Implementations never throw, whatever the value.
 */
interface FieldTest {

	/**
	 * Return whether the value passes.
	 * @param value the value at the path, {@code null} if the path is absent (a JSON
	 * {@code null} is a null node)
	 * @return {@code true} if it passes
	 */
	boolean test(@Nullable JsonNode value);

	/**
	 * Add this test's canonical operator and operand to an operator object.
	 * @param operators the operator object of the field
	 */
	void describeInto(ObjectNode operators);

}
