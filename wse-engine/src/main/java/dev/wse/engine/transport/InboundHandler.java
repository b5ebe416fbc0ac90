package dev.wse.engine.transport;

import java.nio.charset.StandardCharsets;

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
	 * A complete text message arrived, as UTF-8 bytes the transport has checked to be
	 * valid UTF-8 (a transport that has the bytes saves making a string). The bytes are
	 * only read during the call. The default decodes them and calls
	 * {@link #onText(String)}.
	 * @param utf8 the bytes
	 * @param offset where the message starts
	 * @param length the length of the message in bytes
	 */
	default void onText(byte[] utf8, int offset, int length) {
		onText(new String(utf8, offset, length, StandardCharsets.UTF_8));
	}

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
