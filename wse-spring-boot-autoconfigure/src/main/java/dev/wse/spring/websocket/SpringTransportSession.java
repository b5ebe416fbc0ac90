package dev.wse.spring.websocket;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wse.engine.transport.TransportSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Base {@link TransportSession} over a Spring {@link WebSocketSession}. Closing writes a
 * close frame, which containers do with a blocking send, so it runs on an executor and
 * never on the caller's thread.
 *
 * @author WSE team
 */
abstract class SpringTransportSession implements TransportSession {

	private static final Log logger = LogFactory.getLog(SpringTransportSession.class);

	/** Longest close reason a close frame carries (123 bytes; reasons are ASCII). */
	private static final int MAX_REASON_LENGTH = 123;

	private final WebSocketSession session;

	private final Executor executor;

	private final AtomicBoolean closing = new AtomicBoolean();

	SpringTransportSession(WebSocketSession session, Executor executor) {
		this.session = session;
		this.executor = executor;
	}

	protected final WebSocketSession session() {
		return this.session;
	}

	protected final Executor executor() {
		return this.executor;
	}

	@Override
	public void close(int code, String reason) {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		CloseStatus status = new CloseStatus(code,
				(reason.length() > MAX_REASON_LENGTH) ? reason.substring(0, MAX_REASON_LENGTH) : reason);
		try {
			this.executor.execute(() -> closeNow(status));
		}
		catch (RejectedExecutionException ex) {
			closeNow(status);
		}
	}

	/**
	 * Called on the closing thread just before the session is closed by WSE.
	 */
	protected void beforeClose() {
	}

	private void closeNow(CloseStatus status) {
		try {
			beforeClose();
			if (this.session.isOpen()) {
				this.session.close(status);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Failed to close WebSocket session " + this.session.getId() + " with " + status, ex);
		}
	}

	/**
	 * Return whether a close was requested; frames not yet started are then dropped so
	 * the close frame follows the data already on its way.
	 * @return {@code true} once {@link #close(int, String)} was called
	 */
	protected final boolean isClosing() {
		return this.closing.get();
	}

	@Override
	public boolean isOpen() {
		return !this.closing.get() && this.session.isOpen();
	}

}
