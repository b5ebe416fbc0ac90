package dev.wse.spring.servlet;

import java.nio.charset.StandardCharsets;

import dev.wse.engine.transport.OutboundFrame;

/**
 * Encodes the frames a server sends (RFC 6455 §5.2: final, unmasked).
 *
 * @author WSE team
 */
final class WebSocketFrames {

	/** Longest close reason that fits a control frame with its code. */
	private static final int MAX_REASON_BYTES = 123;

	private WebSocketFrames() {
	}

	/**
	 * Return the encoded frame for an outbound message, made once and cached on it so
	 * that every connection writes the same array.
	 * @param frame the message
	 * @return header and payload
	 */
	static byte[] encoded(OutboundFrame frame) {
		if (frame.transportCache() instanceof byte[] cached) {
			return cached;
		}
		byte[] encoded = encode(frame.isText() ? WebSocketFrameReader.OPCODE_TEXT : WebSocketFrameReader.OPCODE_BINARY,
				frame.bytes(), frame.bytes().length);
		frame.transportCache(encoded);
		return encoded;
	}

	/**
	 * Encode a final frame.
	 * @param opcode the opcode
	 * @param payload the payload
	 * @param length how many bytes of it
	 * @return header and payload
	 */
	static byte[] encode(int opcode, byte[] payload, int length) {
		int headerSize = (length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10;
		byte[] frame = new byte[headerSize + length];
		frame[0] = (byte) (0x80 | opcode);
		if (length < 126) {
			frame[1] = (byte) length;
		}
		else if (length <= 0xFFFF) {
			frame[1] = 126;
			frame[2] = (byte) (length >>> 8);
			frame[3] = (byte) length;
		}
		else {
			frame[1] = 127;
			long value = length;
			for (int i = 0; i < 8; i++) {
				frame[2 + i] = (byte) (value >>> (56 - 8 * i));
			}
		}
		System.arraycopy(payload, 0, frame, headerSize, length);
		return frame;
	}

	/**
	 * Encode a close frame; a reason longer than a control frame allows is cut at a
	 * character boundary.
	 * @param code the close code
	 * @param reason the reason
	 * @return the frame
	 */
	static byte[] close(int code, String reason) {
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		int length = Math.min(text.length, MAX_REASON_BYTES);
		while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
			// do not cut a character in two
			length--;
		}
		byte[] payload = new byte[2 + length];
		payload[0] = (byte) (code >>> 8);
		payload[1] = (byte) code;
		System.arraycopy(text, 0, payload, 2, length);
		return encode(WebSocketFrameReader.OPCODE_CLOSE, payload, payload.length);
	}

}
