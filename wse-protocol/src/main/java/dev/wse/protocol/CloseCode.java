package dev.wse.protocol;

/**
 * WebSocket close codes the server uses, with their reasons. This enum is the single
 * table of close codes; {@code docs/protocol.md} is checked against it.
 */
public enum CloseCode {

	/** Normal closure, requested by either side. */
	NORMAL(1000, "Normal closure"),

	/** The server is shutting down. */
	GOING_AWAY(1001, "Server shutting down"),

	/** A frame exceeded the maximum message size. */
	MESSAGE_TOO_BIG(1009, "Message too big"),

	/** An unexpected server failure. */
	INTERNAL_ERROR(1011, "Internal error"),

	/** The server holds its maximum number of connections; retry later. */
	TRY_AGAIN_LATER(1013, "Server at capacity"),

	/**
	 * Post-connect authentication ({@code authenticate} or {@code challenge_response})
	 * did not complete within the auth timeout.
	 */
	AUTHENTICATION_TIMEOUT(4001, "Authentication timeout"),

	/**
	 * Post-connect authentication failed, or the client sent too many messages before
	 * authenticating.
	 */
	AUTHENTICATION_REJECTED(4003, "Authentication rejected"),

	/**
	 * Encryption is required and the client did not complete a key exchange within the
	 * encryption timeout.
	 */
	ENCRYPTION_REQUIRED(4004, "Encryption required"),

	/** Too many consecutive encrypted frames failed to decrypt. */
	DECRYPTION_FAILED(4005, "Decryption failed"),

	/**
	 * Too many consecutive messages of signed types failed their signature or replay
	 * check.
	 */
	SIGNATURE_FAILED(4006, "Too many invalid signatures"),

	/**
	 * Signing is required and the client did not negotiate it in {@code client_hello}
	 * within the encryption timeout.
	 */
	SIGNING_REQUIRED(4007, "Signing required"),

	/** Authentication in the handshake failed. */
	AUTHENTICATION_FAILED(4401, "Authentication failed"),

	/**
	 * The connection's authentication (its token's {@code exp}) expired without a
	 * {@code refresh_token}; clients refresh their token and reconnect.
	 */
	TOKEN_EXPIRED(4401, "Token expired"),

	/** No data frame arrived within the idle timeout. */
	IDLE_TIMEOUT(4408, "Idle timeout"),

	/** The client did not read its messages fast enough; its outbox stayed full. */
	SLOW_CONSUMER(4409, "Slow consumer"),

	/** The user already holds the maximum number of connections (policy reject-new). */
	USER_CONNECTION_LIMIT(4410, "Too many connections for this user"),

	/** The user opened a newer connection beyond the limit (policy evict-oldest). */
	REPLACED(4411, "Replaced by a newer connection"),

	/**
	 * The remote address already holds the maximum number of connections; clients back
	 * off and retry.
	 */
	ADDRESS_CONNECTION_LIMIT(4429, "Too many connections from this address");

	private final int code;

	private final String reason;

	CloseCode(int code, String reason) {
		this.code = code;
		this.reason = reason;
	}

	/**
	 * Return the numeric close code.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return the close reason sent with the code.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

}
