package dev.wse.protocol;

import java.util.Set;

/**
 * The {@code c} field of an envelope: system ({@code WSE}), snapshot ({@code S}) or user
 * ({@code U}) message.
 */
public enum MessageCategory {

	/** System messages handled by the protocol layer. */
	WSE,

	/** Snapshot messages. */
	S,

	/** Application messages. */
	U;

	private static final Set<String> SYSTEM_TYPES = Set.of("server_ready", "server_hello", "client_hello_ack",
			"connection_state_change", "subscription_update", "snapshot_complete", "error", "pong", "PONG");

	/**
	 * Choose the category of a message type with the upstream rules: types containing
	 * {@code _snapshot} or starting with {@code snapshot_} are {@code S}, the fixed
	 * system types are {@code WSE}, everything else is {@code U}.
	 * @param type the message type
	 * @return the category
	 */
	public static MessageCategory forType(String type) {
		if (type.contains("_snapshot") || type.startsWith("snapshot_")) {
			return S;
		}
		return SYSTEM_TYPES.contains(type) ? WSE : U;
	}

}
