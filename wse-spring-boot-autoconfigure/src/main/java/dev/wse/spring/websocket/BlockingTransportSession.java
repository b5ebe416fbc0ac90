package dev.wse.spring.websocket;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.WriteCallback;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Fallback transport session for containers without a JSR 356 session (Jetty's native
 * API): batches are written with Spring's blocking {@link WebSocketSession#sendMessage}
 * on the transport executor, off the container's threads. A stalled peer holds one
 * executor thread until the container's send timeout.
 *
 * @author WSE team
 */
final class BlockingTransportSession extends SpringTransportSession {

	BlockingTransportSession(WebSocketSession session, Executor executor) {
		super(session, executor);
	}

	@Override
	public void write(List<OutboundFrame> frames, WriteCallback callback) {
		try {
			executor().execute(() -> writeNow(frames, callback));
		}
		catch (RejectedExecutionException ex) {
			callback.completed(ex);
		}
	}

	private void writeNow(List<OutboundFrame> frames, WriteCallback callback) {
		try {
			for (OutboundFrame frame : frames) {
				session().sendMessage(
						frame.isText() ? new TextMessage(frame.textContent()) : new BinaryMessage(frame.bytes()));
			}
		}
		catch (Throwable ex) {
			callback.completed(ex);
			return;
		}
		callback.completed(null);
	}

}
