package dev.wse.engine.handler;

import dev.wse.protocol.ErrorCode;

/**
 * An exception a handler throws to answer the sender with an {@code error} frame carrying
 * a code. The code may be one of {@link ErrorCode} or an application code.
 */
public class WseException extends RuntimeException {

	private final String code;

	/**
	 * Create an exception with an application error code.
	 * @param code the code sent in {@code p.code}
	 * @param message the message sent in {@code p.message}
	 */
	public WseException(String code, String message) {
		super(message);
		this.code = code;
	}

	/**
	 * Create an exception with a protocol error code.
	 * @param code the code
	 * @param message the message
	 */
	public WseException(ErrorCode code, String message) {
		this(code.name(), message);
	}

	/**
	 * Return the error code.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

}
