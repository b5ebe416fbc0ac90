package dev.wse.engine.transport;

/**
 * What a transport calls for the events of one connection. Returned by
 * {@link dev.wse.engine.WseEngine#open(TransportSession, HandshakeRequest)}. Calls for
 * one connection must not overlap.
 */
public interface InboundHandler {

	/**
	 * A complete text message arrived.
	 * @param text the text
	 */
	void onText(String text);

	/**
	 * A complete binary message arrived. The engine owns the array afterwards.
	 * @param data the bytes
	 */
	void onBinary(byte[] data);

	/**
	 * The connection closed (by either side or by a transport failure).
	 * @param code the close code
	 * @param reason the close reason
	 */
	void onClose(int code, String reason);

}
