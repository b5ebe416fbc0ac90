package dev.wse.spring.websocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.WriteCallback;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;

/**
 * Transport session on a JSR 356 ({@code jakarta.websocket}) container such as Tomcat.
 * Writes use the asynchronous remote endpoint: the frames of a batch are sent one after
 * another, each started from the previous one's completion, and the engine's callback
 * runs once at the end, so no container thread ever waits for a slow peer.
 *
 * @author WSE team
 */
final class AsyncTransportSession extends SpringTransportSession {

	/** Tomcat's session can stop reading ({@code suspend}/{@code resume}). */
	private static final boolean TOMCAT_SESSION_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			AsyncTransportSession.class.getClassLoader());

	private final Session nativeSession;

	AsyncTransportSession(WebSocketSession session, Session nativeSession, Executor executor) {
		super(session, executor);
		this.nativeSession = nativeSession;
	}

	@Override
	protected void beforeClose() {
		// A close WSE starts may wait longer for a write in progress than Tomcat's answer
		// to a close the peer started (see WseWebSocketHandler).
		WseWebSocketHandler.sendTimeouts(this.nativeSession, WseWebSocketHandler.CLOSE_SEND_TIMEOUT_MILLIS);
	}

	@Override
	public boolean pauseReading() {
		if (TOMCAT_SESSION_PRESENT && this.nativeSession instanceof org.apache.tomcat.websocket.WsSession tomcat) {
			tomcat.suspend();
			return true;
		}
		return false;
	}

	@Override
	public void resumeReading() {
		if (TOMCAT_SESSION_PRESENT && this.nativeSession instanceof org.apache.tomcat.websocket.WsSession tomcat) {
			tomcat.resume();
		}
	}

	@Override
	public void write(List<OutboundFrame> frames, WriteCallback callback) {
		RemoteEndpoint.Async remote;
		try {
			remote = this.nativeSession.getAsyncRemote();
		}
		catch (RuntimeException ex) {
			callback.completed(ex);
			return;
		}
		new BatchWrite(remote, frames, callback, this::isClosing).run();
	}

	/**
	 * One batch of frames in flight. A send may complete on the calling thread (inside
	 * {@code sendText}) or later on another; a small state machine turns inline
	 * completions into loop iterations instead of recursion.
	 */
	private static final class BatchWrite implements SendHandler {

		private static final int IDLE = 0;

		private static final int SENDING = 1;

		private static final int COMPLETED = 2;

		private final RemoteEndpoint.Async remote;

		private final List<OutboundFrame> frames;

		private final WriteCallback callback;

		private final BooleanSupplier closing;

		private final AtomicInteger state = new AtomicInteger(IDLE);

		private int next;

		private volatile @Nullable Throwable failure;

		BatchWrite(RemoteEndpoint.Async remote, List<OutboundFrame> frames, WriteCallback callback,
				BooleanSupplier closing) {
			this.remote = remote;
			this.frames = frames;
			this.callback = callback;
			this.closing = closing;
		}

		void run() {
			while (true) {
				Throwable failure = this.failure;
				if (failure != null) {
					this.callback.completed(failure);
					return;
				}
				if (this.next == this.frames.size()) {
					this.callback.completed(null);
					return;
				}
				if (this.closing.getAsBoolean()) {
					// Leave the connection to the close frame, which waits for the frame
					// in flight.
					this.callback.completed(new IllegalStateException("WebSocket session is closing"));
					return;
				}
				OutboundFrame frame = this.frames.get(this.next++);
				this.state.set(SENDING);
				try {
					if (frame.isText()) {
						this.remote.sendText(frame.textContent(), this);
					}
					else {
						this.remote.sendBinary(ByteBuffer.wrap(frame.bytes()), this);
					}
				}
				catch (RuntimeException ex) {
					this.callback.completed(ex);
					return;
				}
				if (this.state.compareAndSet(SENDING, IDLE)) {
					// Completion will arrive later, on another thread, and continue from
					// there.
					return;
				}
				// Completed before sendXxx returned: carry on in this loop.
			}
		}

		@Override
		public void onResult(SendResult result) {
			if (!result.isOK()) {
				Throwable exception = result.getException();
				this.failure = (exception != null) ? exception : new IllegalStateException("WebSocket send failed");
			}
			if (!this.state.compareAndSet(SENDING, COMPLETED)) {
				run();
			}
		}

	}

}
