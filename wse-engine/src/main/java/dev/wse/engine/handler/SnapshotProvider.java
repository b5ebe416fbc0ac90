package dev.wse.engine.handler;

import dev.wse.engine.connection.WseConnection;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the current state of a topic, sent to a client as snapshot messages
 * ({@code c:"S"}) when it subscribes without recovering, and when it sends
 * {@code sync_request}. Runs off the I/O threads, while publications to the topic wait:
 * keep it fast.
 */
@FunctionalInterface
public interface SnapshotProvider {

	/**
	 * Return the topic's state for a connection.
	 * @param topic the topic
	 * @param connection the connection asking
	 * @return a payload, a {@link java.util.Collection} of payloads (one message each),
	 * an {@link dev.wse.protocol.Envelope} or a collection of them, or {@code null} for
	 * no snapshot
	 * @throws Exception any failure, reported as an {@code error} with
	 * {@code SNAPSHOT_FAILED}
	 */
	@Nullable Object snapshot(String topic, WseConnection connection) throws Exception;

}
