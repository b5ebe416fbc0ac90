package dev.wse.engine;

/**
 * Why an inbound or outbound message was dropped; counted per reason in
 * {@link EngineStats}.
 */
public enum DropReason {

	/** The connection's outbox was full (lower priorities are dropped first). */
	OUTBOX_FULL,

	/** The inbound token bucket was empty. */
	INBOUND_RATE_LIMITED,

	/** The outbound (direct send) token bucket was empty. */
	OUTBOUND_RATE_LIMITED,

	/** The message id was already delivered to the connection within the dedup window. */
	DUPLICATE,

	/** The connection's handler queue was full. */
	HANDLER_QUEUE_FULL,

	/** The inbound frame was malformed. */
	INVALID,

	/**
	 * An inbound {@code E:} frame could not be decrypted: no key was exchanged, it was
	 * too short, or its authentication tag did not verify under the connection's keys.
	 */
	DECRYPT_FAILED,

	/**
	 * An inbound message of a signed type failed its signature check (missing, malformed
	 * or wrong {@code sig}) or its replay check (reused nonce, timestamp outside the
	 * window).
	 */
	SIGNATURE_FAILED,

	/** The connection was closed. */
	CLOSED,

	/**
	 * An {@code rpc_response} whose correlation id matches no pending call (a late reply
	 * or one never asked for); it is dropped, never answered.
	 */
	UNKNOWN_RESPONSE

}
