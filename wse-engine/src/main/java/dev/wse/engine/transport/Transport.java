package dev.wse.engine.transport;

import dev.wse.engine.WseEngine;

/**
 * A server transport that accepts WebSocket connections on its own (Netty, for example)
 * and hands them to the engine with
 * {@link WseEngine#open(TransportSession, HandshakeRequest)}. Transports embedded in a
 * container (the servlet one) need no {@code Transport}: the container calls the engine
 * directly.
 */
public interface Transport {

	/**
	 * Start accepting connections for an engine.
	 * @param engine the engine
	 */
	void start(WseEngine engine);

	/**
	 * Stop accepting connections and release resources.
	 */
	void stop();

}
