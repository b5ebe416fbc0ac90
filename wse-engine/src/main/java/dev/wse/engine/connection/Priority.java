package dev.wse.engine.connection;

/**
 * Outbound priority lanes of an {@link Outbox}, from the {@code pri} values WSE clients
 * use (1, 3, 5, 8, 10). Under pressure lower lanes are dropped first.
 */
public enum Priority {

	/** {@code pri} 1 and below. */
	BACKGROUND,

	/** {@code pri} 2-3. */
	LOW,

	/** {@code pri} 4-5; the default for application messages. */
	NORMAL,

	/** {@code pri} 6-8; system replies such as ACKs, errors and heartbeats. */
	HIGH,

	/** {@code pri} 9 and above; handshake frames. */
	CRITICAL;

	/**
	 * Map a {@code pri} value to a lane.
	 * @param pri the value, or {@code null} for {@link #NORMAL}
	 * @return the lane
	 */
	public static Priority of(@org.jspecify.annotations.Nullable Integer pri) {
		if (pri == null) {
			return NORMAL;
		}
		if (pri <= 1) {
			return BACKGROUND;
		}
		if (pri <= 3) {
			return LOW;
		}
		if (pri <= 5) {
			return NORMAL;
		}
		return (pri <= 8) ? HIGH : CRITICAL;
	}

}
