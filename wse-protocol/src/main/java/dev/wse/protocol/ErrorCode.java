package dev.wse.protocol;

/**
 * Error codes carried in {@code error} frames ({@code p.code}). This enum is the single
 * table of codes; {@code docs/protocol.md} is checked against it.
 */
public enum ErrorCode {

	/** No token was found in the handshake. */
	AUTH_REQUIRED("No JWT cookie or Authorization header"),

	/** A token was found but failed validation. */
	AUTH_FAILED("Authentication failed"),

	/** The client's ECDH public key could not be used. */
	KEY_EXCHANGE_FAILED("ECDH key exchange failed"),

	/**
	 * Encryption is required: the message was not encrypted (or no key was exchanged
	 * yet); it was not processed.
	 */
	ENCRYPTION_REQUIRED("Encryption required"),

	/**
	 * A message of a signed type had no {@code sig}, a malformed one, or one whose HMAC
	 * did not match (or signing is required and was not negotiated); it was dropped.
	 */
	INVALID_SIGNATURE("Invalid signature"),

	/**
	 * A signed message reused a nonce, or its timestamp was outside the replay window; it
	 * was dropped.
	 */
	REPLAY_DETECTED("Replayed or stale message"),

	/** A message was dropped by a rate limiter. */
	RATE_LIMITED("Rate limit exceeded"),

	/** A frame could not be parsed (not JSON, bad prefix, too deep, bad encoding). */
	INVALID_MESSAGE("Invalid message"),

	/** A frame exceeded the maximum message size. */
	MESSAGE_TOO_LARGE("Message too large"),

	/** A {@code subscription_update} was malformed or named an unknown action. */
	INVALID_SUBSCRIPTION("Invalid subscription request"),

	/** The connection holds the maximum number of subscriptions. */
	TOO_MANY_SUBSCRIPTIONS("Too many subscriptions"),

	/** The topic authorizer refused the topic. */
	FORBIDDEN("Forbidden"),

	/** No handler is registered for the message type. */
	UNKNOWN_MESSAGE_TYPE("No handler for message type"),

	/** The payload could not be converted to the handler's parameter type. */
	INVALID_PAYLOAD("Invalid payload"),

	/** An application handler threw an exception. */
	HANDLER_ERROR("Handler failed"),

	/** The connection's inbound handler queue is full. */
	OVERLOADED("Server overloaded, message dropped"),

	/** No RPC method of that name is registered. */
	RPC_NOT_FOUND("No such RPC method"),

	/** An RPC handler failed; the message is safe to show (no internals). */
	RPC_FAILED("RPC failed"),

	/** An RPC did not complete within the RPC timeout, or the connection closed first. */
	RPC_TIMEOUT("RPC timed out"),

	/** The caller may not call this RPC method. */
	RPC_FORBIDDEN("RPC forbidden"),

	/** Presence data was malformed or larger than the limit, or the topic is full. */
	INVALID_PRESENCE("Invalid presence data"),

	/** A snapshot provider failed; the subscription itself stands. */
	SNAPSHOT_FAILED("Snapshot failed"),

	/**
	 * A client {@code publish} was malformed: no topic, an invalid topic or pattern, a
	 * reserved message type or an invalid id.
	 */
	INVALID_PUBLICATION("Invalid publication"),

	/** An unexpected server-side failure. */
	SERVER_ERROR("Internal server error");

	private final String defaultMessage;

	ErrorCode(String defaultMessage) {
		this.defaultMessage = defaultMessage;
	}

	/**
	 * Return the message sent when no more specific one is given.
	 * @return the default message
	 */
	public String defaultMessage() {
		return this.defaultMessage;
	}

}
