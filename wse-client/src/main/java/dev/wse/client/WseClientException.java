package dev.wse.client;

import org.jspecify.annotations.Nullable;

/**
 * A failure of a WSE client operation: a refused connection (with the server's
 * {@code error} code and the close status), a closed connection, or a timeout.
 */
public class WseClientException extends RuntimeException {

	private final @Nullable String errorCode;

	private final @Nullable CloseStatus closeStatus;

	/**
	 * Create an exception.
	 * @param message the message
	 * @param errorCode the {@code p.code} of the server's {@code error} frame, if any
	 * @param closeStatus how the connection closed, if it did
	 * @param cause the cause, if any
	 */
	public WseClientException(String message, @Nullable String errorCode, @Nullable CloseStatus closeStatus,
			@Nullable Throwable cause) {
		super(message, cause);
		this.errorCode = errorCode;
		this.closeStatus = closeStatus;
	}

	/**
	 * Create an exception with only a message.
	 * @param message the message
	 */
	public WseClientException(String message) {
		this(message, null, null, null);
	}

	/**
	 * Return the error code the server sent in an {@code error} frame before closing.
	 * @return the code (for example {@code AUTH_REQUIRED}), or {@code null}
	 */
	public @Nullable String errorCode() {
		return this.errorCode;
	}

	/**
	 * Return how the connection closed.
	 * @return the close status, or {@code null} if the connection did not close
	 */
	public @Nullable CloseStatus closeStatus() {
		return this.closeStatus;
	}

	/**
	 * Return the close code, or {@code -1} if the connection did not close.
	 * @return the close code
	 */
	public int closeCode() {
		return (this.closeStatus != null) ? this.closeStatus.code() : -1;
	}

}
