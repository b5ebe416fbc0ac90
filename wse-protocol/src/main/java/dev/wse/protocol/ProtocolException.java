package dev.wse.protocol;

/**
 * A frame or message that breaks the protocol, with the error code to report.
 */
public class ProtocolException extends RuntimeException {

	private final ErrorCode code;

	/**
	 * Create an exception with a code and a message.
	 * @param code the error code reported to the client
	 * @param message the message reported to the client
	 */
	public ProtocolException(ErrorCode code, String message) {
		super(message);
		this.code = code;
	}

	/**
	 * Create an exception with a code, a message and a cause.
	 * @param code the error code reported to the client
	 * @param message the message reported to the client
	 * @param cause the cause
	 */
	public ProtocolException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/**
	 * Return the error code reported to the client.
	 * @return the code
	 */
	public ErrorCode code() {
		return this.code;
	}

}
