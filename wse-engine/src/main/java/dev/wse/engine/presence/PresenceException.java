package dev.wse.engine.presence;

/**
 * Presence data that cannot be accepted: too large, not an object, or a full topic.
 */
public class PresenceException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what is wrong, safe to show to the client
	 */
	public PresenceException(String message) {
		super(message);
	}

}
