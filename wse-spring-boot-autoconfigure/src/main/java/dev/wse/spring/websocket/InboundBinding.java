package dev.wse.spring.websocket;

import java.nio.ByteBuffer;

import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.TransportSession;
import dev.wse.protocol.CloseCode;
import org.jspecify.annotations.Nullable;

/**
 * Binds one WebSocket session to the engine's {@link InboundHandler}: reassembles partial
 * messages within the size limit, closes with 1009 when a message is too big, and makes
 * sure the handler's calls never overlap and {@link InboundHandler#onClose} comes exactly
 * once, even when the session closes before the engine returned its handler.
 *
 * @author WSE team
 */
final class InboundBinding {

	private final TransportSession transport;

	private final MessageAssembler assembler;

	private @Nullable InboundHandler handler;

	private boolean discarding;

	private boolean closed;

	private int closeCode;

	private String closeReason = "";

	InboundBinding(TransportSession transport, int maxMessageSize) {
		this.transport = transport;
		this.assembler = new MessageAssembler(maxMessageSize);
	}

	synchronized void bind(InboundHandler handler) {
		this.handler = handler;
		if (this.closed) {
			handler.onClose(this.closeCode, this.closeReason);
		}
	}

	synchronized void text(String part, boolean last) {
		if (this.discarding || this.closed) {
			return;
		}
		try {
			String message = this.assembler.text(part, last);
			if (message != null && this.handler != null) {
				this.handler.onText(message);
			}
		}
		catch (MessageAssembler.MessageTooBigException ex) {
			tooBig();
		}
	}

	synchronized void binary(ByteBuffer part, boolean last) {
		if (this.discarding || this.closed) {
			return;
		}
		try {
			byte[] message = this.assembler.binary(part, last);
			if (message != null && this.handler != null) {
				this.handler.onBinary(message);
			}
		}
		catch (MessageAssembler.MessageTooBigException ex) {
			tooBig();
		}
	}

	private void tooBig() {
		// Drop whatever else the peer sends; the close frame is on its way.
		this.discarding = true;
		this.transport.close(CloseCode.MESSAGE_TOO_BIG.code(), CloseCode.MESSAGE_TOO_BIG.reason());
	}

	synchronized void closed(int code, String reason) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.closeCode = code;
		this.closeReason = reason;
		this.assembler.reset();
		if (this.handler != null) {
			this.handler.onClose(code, reason);
		}
	}

}
