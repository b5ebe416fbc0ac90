package dev.wse.engine.transport;

import java.util.List;

/**
 * One WebSocket connection as a transport (servlet container, Netty, in-memory) offers it
 * to the engine. The engine has at most one write outstanding per session.
 */
public interface TransportSession {

	/**
	 * Write frames in order, asynchronously, and call the callback once when all are
	 * written or the first failed. Must not block on a slow peer.
	 * @param frames the frames (at least one)
	 * @param callback the completion callback
	 */
	void write(List<OutboundFrame> frames, WriteCallback callback);

	/**
	 * Close the connection with a status code and reason. Idempotent; must not block for
	 * long.
	 * @param code the close code
	 * @param reason the close reason
	 */
	void close(int code, String reason);

	/**
	 * Return whether the connection is still open.
	 * @return {@code true} if open
	 */
	boolean isOpen();

	/**
	 * Stop reading from the peer, as back-pressure: the connection's handler queue is
	 * full. Messages the transport has already read may still arrive. May be called from
	 * any thread; calls to this method and {@link #resumeReading()} never overlap.
	 * @return {@code true} if reading stopped; {@code false} if this transport cannot
	 * stop reading (the engine then refuses messages beyond the queue with
	 * {@code OVERLOADED})
	 */
	default boolean pauseReading() {
		return false;
	}

	/**
	 * Read from the peer again after {@link #pauseReading()}. May be called from any
	 * thread.
	 */
	default void resumeReading() {
	}

}
