package dev.wse.engine.filter;

/**
 * Bounds on the size and complexity of a filter, checked when it is compiled so that a
 * client cannot make evaluation expensive.
 *
 * @param maxDepth the deepest accepted nesting: the filter object is level 1 and each
 * {@code $and} / {@code $or} member one level deeper; operand values (objects and arrays
 * inside {@code $eq}, {@code $in}, ...) may not nest deeper than this either
 * @param maxConditions the most conditions in one filter, counting each field operator
 * (an implicit equality included) and each member of an {@code $and} / {@code $or} array
 * @param maxRegexLength the longest accepted {@code $regex}, in characters; the compiled
 * program (counted repetitions such as {@code x{100}} multiplied out) may have at most 16
 * times as many instructions
 * @param maxInValues the most values in one {@code $in} or {@code $nin} array
 */
public record FilterLimits(int maxDepth, int maxConditions, int maxRegexLength, int maxInValues) {

	/**
	 * Create limits.
	 * @param maxDepth the deepest accepted nesting
	 * @param maxConditions the most conditions in one filter
	 * @param maxRegexLength the longest accepted {@code $regex}
	 * @param maxInValues the most values in one {@code $in} or {@code $nin} array
	 * @throws IllegalArgumentException if a limit is not positive
	 */
	public FilterLimits {
		requirePositive("maxDepth", maxDepth);
		requirePositive("maxConditions", maxConditions);
		requirePositive("maxRegexLength", maxRegexLength);
		requirePositive("maxInValues", maxInValues);
	}

	/**
	 * Return the default limits: depth 8, 64 conditions, regexes of 256 characters and
	 * 256 values per {@code $in}.
	 * @return the defaults
	 */
	public static FilterLimits defaults() {
		return new FilterLimits(8, 64, 256, 256);
	}

	long maxRegexProgramSize() {
		return 16L * this.maxRegexLength;
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}
