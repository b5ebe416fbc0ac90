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

}
