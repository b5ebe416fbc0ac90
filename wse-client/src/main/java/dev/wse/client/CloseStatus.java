package dev.wse.client;

/**
 * How a connection ended: the close code and reason the server sent, or
 * {@value #ABNORMAL_CLOSURE} with the failure's message when the socket failed without a
 * Close frame.
 *
 * @param code the close code
 * @param reason the close reason (possibly empty)
 */
public record CloseStatus(int code, String reason) {

	/** The code reported when the connection failed without a Close frame (RFC 6455). */
	public static final int ABNORMAL_CLOSURE = 1006;

	/**
	 * Create the status of a connection that failed without a Close frame.
	 * @param failure the failure
	 * @return the status
	 */
	public static CloseStatus abnormal(Throwable failure) {
		String message = failure.getMessage();
		return new CloseStatus(ABNORMAL_CLOSURE, (message != null) ? message : failure.getClass().getName());
	}

}
