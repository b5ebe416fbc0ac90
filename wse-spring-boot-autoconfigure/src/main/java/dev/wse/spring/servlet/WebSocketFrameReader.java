package dev.wse.spring.servlet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.wse.engine.transport.Utf8Text;
import org.jspecify.annotations.Nullable;

/**
 * Reads the WebSocket frames (RFC 6455 §5) a client sends, from bytes as they arrive:
 * checks each header, unmasks payloads, reassembles fragmented messages up to the maximum
 * message size and hands complete messages and control frames to a {@link Listener}.
 * <p>
 * A frame whose header and payload arrive in one read is delivered in place (unmasked in
 * the caller's array), the usual case for small messages; otherwise the payload is copied
 * into an array sized for the message, which is dropped after delivery so that an idle
 * connection holds no buffer. A protocol violation is reported once, with the close code
 * to send, and everything after it is ignored; so is everything after a close frame. Not
 * thread-safe: one reader per connection, fed by one thread at a time.
 *
 * @author WSE team
 */
final class WebSocketFrameReader {

	/** Byte arrays read and written as longs, for unmasking eight bytes at a time. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

	private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

	static final int OPCODE_CONTINUATION = 0x0;

	static final int OPCODE_TEXT = 0x1;

	static final int OPCODE_BINARY = 0x2;

	static final int OPCODE_CLOSE = 0x8;

	static final int OPCODE_PING = 0x9;

	static final int OPCODE_PONG = 0xA;

	static final int PROTOCOL_ERROR = 1002;

	static final int INVALID_PAYLOAD = 1007;

	static final int MESSAGE_TOO_BIG = 1009;

	/** The code a close frame without a payload stands for. */
	static final int NO_STATUS = 1005;

	private static final int MAX_CONTROL_PAYLOAD = 125;

	/** Largest array made for a message before its bytes have arrived. */
	private static final int INITIAL_BUFFER = 64 * 1024;

	private final int maxMessageSize;

	private final Listener listener;

	/** A header split across reads: its bytes so far (allocated when one is split). */
	private byte @Nullable [] header;

	private int headerFill;

	/** Whether a frame's payload is being read. */
	private boolean inPayload;

	private boolean fin;

	private int opcode;

	private final byte[] mask = new byte[8];

	/** The mask's eight bytes as one long, in native order. */
	private long maskLong;

	private long frameLength;

	private long remaining;

	/** Opcode of the fragmented message in progress, 0 when none. */
	private int messageOpcode;

	/** The message (or control frame) being copied together, {@code null} when none. */
	private byte @Nullable [] message;

	private int messageLength;

	/**
	 * A control frame's payload being copied together (a control frame may come between
	 * the fragments of a message).
	 */
	private byte @Nullable [] control;

	private boolean done;

	/**
	 * Create a reader.
	 * @param maxMessageSize the largest message, in bytes, over all its fragments
	 * @param listener what receives messages and errors
	 */
	WebSocketFrameReader(int maxMessageSize, Listener listener) {
		this.maxMessageSize = maxMessageSize;
		this.listener = listener;
	}

	/**
	 * Return whether the reader has stopped for good: after a close frame or a protocol
	 * error.
	 * @return {@code true} when done
	 */
	boolean isDone() {
		return this.done;
	}

	/**
	 * Read bytes. Payloads are unmasked in place, so the array must be the caller's to
	 * change. Stops early when the listener asks to after a message; the bytes not
	 * consumed must be passed again, first, when reading goes on.
	 * @param data the bytes
	 * @param offset where they start
	 * @param length how many
	 * @return how many bytes were consumed: {@code length} unless the listener asked to
	 * stop or reading ended ({@link #isDone()}: a close frame or a protocol error)
	 */
	int read(byte[] data, int offset, int length) {
		int position = offset;
		int end = offset + length;
		while (position < end && !this.done) {
			if (!this.inPayload) {
				position = readHeader(data, position, end);
				if (!this.inPayload || this.done) {
					continue;
				}
				if (this.remaining == 0 && !frameComplete()) {
					return position - offset;
				}
				continue;
			}
			int available = (int) Math.min(this.remaining, end - position);
			if (available == this.frameLength && this.messageOpcode == OPCODE_CONTINUATION && this.fin
					&& isData(this.opcode)) {
				// The whole of an unfragmented message is here: deliver it in place.
				unmask(data, position, data, position, available, 0);
				position += available;
				this.remaining = 0;
				this.inPayload = false;
				if (!deliver(this.opcode, data, position - available, available)) {
					return position - offset;
				}
				continue;
			}
			append(data, position, available);
			position += available;
			this.remaining -= available;
			if (this.remaining == 0 && !frameComplete()) {
				return position - offset;
			}
		}
		return length;
	}

	private int readHeader(byte[] data, int position, int end) {
		byte[] split = this.header;
		if (this.headerFill == 0 && end - position >= 2) {
			int size = headerSize(data[position + 1]);
			if (end - position >= size) {
				startFrame(data, position);
				return position + size;
			}
		}
		if (split == null) {
			split = new byte[14];
			this.header = split;
		}
		while (position < end) {
			split[this.headerFill++] = data[position++];
			if (this.headerFill >= 2 && this.headerFill == headerSize(split[1])) {
				startFrame(split, 0);
				this.headerFill = 0;
				this.header = null;
				break;
			}
		}
		return position;
	}

	private static int headerSize(byte second) {
		int length = second & 0x7F;
		int extended = (length == 126) ? 2 : (length == 127) ? 8 : 0;
		// An unmasked frame is refused as soon as its first two bytes are in.
		return ((second & 0x80) != 0) ? 2 + extended + 4 : 2;
	}

	private void startFrame(byte[] bytes, int at) {
		int first = bytes[at] & 0xFF;
		int second = bytes[at + 1] & 0xFF;
		boolean finalFragment = (first & 0x80) != 0;
		int code = first & 0x0F;
		if ((first & 0x70) != 0) {
			fail(PROTOCOL_ERROR, "Reserved bits set without an extension");
			return;
		}
		if ((second & 0x80) == 0) {
			fail(PROTOCOL_ERROR, "Client frame not masked");
			return;
		}
		if (!isKnown(code)) {
			// reserved opcodes, data (0x3-0x7) and control (0xB-0xF) alike
			fail(PROTOCOL_ERROR, "Unknown opcode " + code);
			return;
		}
		int length7 = second & 0x7F;
		int position = at + 2;
		long length;
		if (length7 == 126) {
			length = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
			position += 2;
		}
		else if (length7 == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | (bytes[position + i] & 0xFF);
			}
			position += 8;
			if (length < 0) {
				fail(PROTOCOL_ERROR, "Frame length over 2^63");
				return;
			}
		}
		else {
			length = length7;
		}
		// The key twice, so that it reads as one long.
		System.arraycopy(bytes, position, this.mask, 0, 4);
		System.arraycopy(bytes, position, this.mask, 4, 4);
		this.maskLong = (long) LONGS.get(this.mask, 0);
		if (isControl(code)) {
			if (!finalFragment) {
				fail(PROTOCOL_ERROR, "Fragmented control frame");
				return;
			}
			if (length > MAX_CONTROL_PAYLOAD) {
				fail(PROTOCOL_ERROR, "Control frame payload over 125 bytes");
				return;
			}
		}
		else if (code == OPCODE_CONTINUATION) {
			if (this.messageOpcode == OPCODE_CONTINUATION) {
				fail(PROTOCOL_ERROR, "Continuation frame without a message to continue");
				return;
			}
		}
		else if (this.messageOpcode != OPCODE_CONTINUATION) {
			fail(PROTOCOL_ERROR, "New message inside a fragmented message");
			return;
		}
		if (!isControl(code)
				&& length + ((code == OPCODE_CONTINUATION) ? this.messageLength : 0) > this.maxMessageSize) {
			fail(MESSAGE_TOO_BIG, "Message too big");
			return;
		}
		this.fin = finalFragment;
		this.opcode = code;
		this.frameLength = length;
		this.remaining = length;
		this.inPayload = true;
	}

	private void append(byte[] data, int position, int count) {
		byte[] target;
		int at;
		int offsetInFrame = (int) (this.frameLength - this.remaining);
		if (isControl(this.opcode)) {
			target = controlBuffer();
			at = offsetInFrame;
		}
		else {
			int needed = this.messageLength + count;
			target = messageBuffer(needed);
			at = this.messageLength;
			this.messageLength = needed;
		}
		unmask(data, position, target, at, count, offsetInFrame);
	}

	private byte[] controlBuffer() {
		byte[] buffer = this.control;
		if (buffer == null || buffer.length < this.frameLength) {
			buffer = new byte[(int) this.frameLength];
			this.control = buffer;
		}
		return buffer;
	}

	private byte[] messageBuffer(int needed) {
		byte[] buffer = this.message;
		if (buffer == null) {
			// An unfragmented message gets exactly its size; a fragmented one grows.
			// A declared length is only trusted as far as 64 KiB before the bytes arrive.
			int size = (this.fin && this.opcode != OPCODE_CONTINUATION)
					? (int) Math.min(this.frameLength, Math.max(needed, INITIAL_BUFFER))
					: Math.max(needed, Math.min(this.maxMessageSize, 2 * needed));
			buffer = new byte[size];
			this.message = buffer;
		}
		else if (buffer.length < needed) {
			byte[] larger = new byte[Math.max(needed, Math.min(this.maxMessageSize, 2 * buffer.length))];
			System.arraycopy(buffer, 0, larger, 0, this.messageLength);
			buffer = larger;
			this.message = buffer;
		}
		return buffer;
	}

	private void unmask(byte[] source, int from, byte[] target, int to, int count, int offsetInFrame) {
		byte[] key = this.mask;
		int i = 0;
		if (count >= Long.BYTES) {
			// Eight bytes at a time: the key repeats every four bytes, so one long of it,
			// starting at this chunk's phase, fits every eight-byte step.
			int phaseBits = (offsetInFrame & 3) * Byte.SIZE;
			long keyLong = LITTLE_ENDIAN ? Long.rotateRight(this.maskLong, phaseBits)
					: Long.rotateLeft(this.maskLong, phaseBits);
			for (; i <= count - Long.BYTES; i += Long.BYTES) {
				LONGS.set(target, to + i, (long) LONGS.get(source, from + i) ^ keyLong);
			}
		}
		for (; i < count; i++) {
			target[to + i] = (byte) (source[from + i] ^ key[(offsetInFrame + i) & 3]);
		}
	}

	/**
	 * A frame's payload is in: deliver what it completes.
	 * @return whether to go on reading
	 */
	private boolean frameComplete() {
		this.inPayload = false;
		int code = this.opcode;
		if (isControl(code)) {
			int length = (int) this.frameLength;
			byte[] payload = (length == 0) ? new byte[0] : controlBuffer();
			this.control = null;
			return control(code, payload, length);
		}
		if (!this.fin) {
			if (code != OPCODE_CONTINUATION) {
				this.messageOpcode = code;
			}
			return true;
		}
		int messageCode = (code == OPCODE_CONTINUATION) ? this.messageOpcode : code;
		byte[] bytes = this.message;
		int length = this.messageLength;
		this.message = null;
		this.messageLength = 0;
		this.messageOpcode = OPCODE_CONTINUATION;
		return deliver(messageCode, (bytes != null) ? bytes : new byte[0], 0, length);
	}

	private boolean deliver(int code, byte[] bytes, int offset, int length) {
		if (code == OPCODE_TEXT) {
			if (!Utf8Text.isValid(bytes, offset, length)) {
				fail(INVALID_PAYLOAD, "Text message not UTF-8");
				return false;
			}
			return this.listener.text(bytes, offset, length);
		}
		return this.listener.binary(bytes, offset, length);
	}

	private boolean control(int code, byte[] payload, int length) {
		if (code == OPCODE_PING) {
			this.listener.ping(Arrays.copyOf(payload, length));
			return true;
		}
		if (code == OPCODE_PONG) {
			return true;
		}
		// close
		if (length == 0) {
			this.done = true;
			this.listener.closeReceived(NO_STATUS, "");
			return false;
		}
		if (length == 1) {
			fail(PROTOCOL_ERROR, "Close frame with a one-byte payload");
			return false;
		}
		int status = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
		if (!isValidCloseCode(status)) {
			fail(PROTOCOL_ERROR, "Invalid close code " + status);
			return false;
		}
		if (!Utf8Text.isValid(payload, 2, length - 2)) {
			fail(INVALID_PAYLOAD, "Close reason not UTF-8");
			return false;
		}
		this.done = true;
		this.listener.closeReceived(status, new String(payload, 2, length - 2, StandardCharsets.UTF_8));
		return false;
	}

	/**
	 * Return whether a peer may send a close code (RFC 6455 §7.4).
	 * @param code the code
	 * @return {@code true} if allowed on the wire
	 */
	static boolean isValidCloseCode(int code) {
		if (code >= 3000 && code <= 4999) {
			return true;
		}
		return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
	}

	private void fail(int code, String reason) {
		this.done = true;
		this.inPayload = false;
		this.message = null;
		this.control = null;
		this.header = null;
		this.listener.protocolError(code, reason);
	}

	private static boolean isControl(int code) {
		return (code & 0x8) != 0;
	}

	private static boolean isKnown(int code) {
		return code == OPCODE_CONTINUATION || isData(code) || code == OPCODE_CLOSE || code == OPCODE_PING
				|| code == OPCODE_PONG;
	}

	private static boolean isData(int code) {
		return code == OPCODE_TEXT || code == OPCODE_BINARY;
	}

	/**
	 * What a {@link WebSocketFrameReader} reports.
	 */
	interface Listener {

		/**
		 * A complete text message, checked to be UTF-8. The bytes are only valid during
		 * the call.
		 * @param utf8 the bytes
		 * @param offset where the message starts
		 * @param length its length
		 * @return whether to go on reading
		 */
		boolean text(byte[] utf8, int offset, int length);

		/**
		 * A complete binary message. The bytes are only valid during the call.
		 * @param data the bytes
		 * @param offset where the message starts
		 * @param length its length
		 * @return whether to go on reading
		 */
		boolean binary(byte[] data, int offset, int length);

		/**
		 * A ping; the pong must carry the same payload.
		 * @param payload the payload (the listener's to keep)
		 */
		void ping(byte[] payload);

		/**
		 * The peer's close frame. Nothing after it is read.
		 * @param code its code ({@code 1005} when it had none)
		 * @param reason its reason
		 */
		void closeReceived(int code, String reason);

		/**
		 * The peer broke the protocol; the connection should close with the code. Nothing
		 * after it is read.
		 * @param code {@code 1002}, {@code 1007} or {@code 1009}
		 * @param reason what was wrong
		 */
		void protocolError(int code, String reason);

	}

}
