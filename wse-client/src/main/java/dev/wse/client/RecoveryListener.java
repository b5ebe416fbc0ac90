package dev.wse.client;

import org.jspecify.annotations.Nullable;

/**
 * Hears what a client's topic sequencing does beyond delivering messages in order: gaps
 * it asks the server to fill, and streams it had to restart from a new position (the
 * messages between are lost to this client, so an application that keeps state from the
 * topic should reload it). Called on the socket's reader thread; both methods do nothing
 * by default.
 */
public interface RecoveryListener {

	/**
	 * A stamped publication arrived past the next expected offset. The message was
	 * dropped and the client asked the server to replay the topic from {@code last}; the
	 * dropped message comes back in the replay.
	 * @param topic the topic
	 * @param last the position of the last message delivered in order
	 * @param receivedOffset the offset of the message that revealed the gap
	 */
	default void gapDetected(String topic, TopicPosition last, long receivedOffset) {
	}

	/**
	 * The client goes on from a new position without the messages in between: the server
	 * could not recover them ({@code recovered:false}), or its buffer for the topic was
	 * recreated (a new epoch).
	 * @param topic the topic
	 * @param previous the position the client had, or {@code null} if it had none
	 * @param current the position the client goes on from
	 */
	default void resynced(String topic, @Nullable TopicPosition previous, TopicPosition current) {
	}

}
