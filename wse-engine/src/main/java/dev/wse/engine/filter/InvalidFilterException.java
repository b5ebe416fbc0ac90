package dev.wse.engine.filter;

/**
 * Thrown by {@link MessageFilter#compile(tools.jackson.databind.JsonNode, FilterLimits)}
 * when a filter is malformed or exceeds its {@link FilterLimits}. The message names the
 * offending part (a field path, an operator or a logical member) and is safe to report to
 * the client that sent the filter, with error code {@code INVALID_SUBSCRIPTION}.
 */
public final class InvalidFilterException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what is wrong and where
	 */
	public InvalidFilterException(String message) {
		super(message);
	}

	static InvalidFilterException at(String location, String problem) {
		return new InvalidFilterException(
				location.isEmpty() ? "Invalid filter: " + problem : "Invalid filter at '" + location + "': " + problem);
	}

}
