package dev.wse.client;

import java.util.Objects;

/**
 * Where a client stands in a topic's stream of stamped publications: the epoch of the
 * server's recovery buffer for the topic and the offset of the last message processed in
 * order. A client resumes from a position by sending it in a recovering subscribe
 * ({@link SubscribeRequest#resume(java.util.Map)}); the server then replays the messages
 * after {@code offset}.
 *
 * @param epoch the buffer's epoch, 8 lowercase hex digits on the wire
 * @param offset the offset of the last message processed in order
 */
public record TopicPosition(String epoch, long offset) {

	/**
	 * Create a position.
	 * @param epoch the buffer's epoch
	 * @param offset the offset of the last message processed in order
	 * @throws IllegalArgumentException if the epoch is empty
	 */
	public TopicPosition {
		Objects.requireNonNull(epoch, "epoch");
		if (epoch.isEmpty()) {
			throw new IllegalArgumentException("epoch must not be empty");
		}
	}

	@Override
	public String toString() {
		return this.epoch + "@" + this.offset;
	}

}
