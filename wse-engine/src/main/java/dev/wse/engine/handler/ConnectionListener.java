package dev.wse.engine.handler;

import dev.wse.engine.connection.WseConnection;

/**
 * Called when a connection is established (after {@code server_ready}) or closed. Runs
 * off the I/O threads, in order with the connection's messages.
 */
@FunctionalInterface
public interface ConnectionListener {

	/**
	 * Handle the event.
	 * @param connection the connection
	 * @throws Exception any failure (logged; a connect failure is also sent as an
	 * {@code error})
	 */
	void handle(WseConnection connection) throws Exception;

}
