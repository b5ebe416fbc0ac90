package dev.wse.client.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The JDK WebSocket listener of a client: joins message parts, hands whole messages to a
 * {@link Sink}, and requests the next message only while reading is not paused, so a
 * paused client stops reading from its TCP socket.
 */
public final class SocketListener implements WebSocket.Listener {

	private final Sink sink;

	private final FrameAssembler assembler = new FrameAssembler();

	private final Object demandLock = new Object();

	private boolean paused;

	private boolean owed;

	private @Nullable WebSocket socket;

	/**
	 * Create a listener.
	 * @param sink where whole messages and the end of the connection go
	 */
	public SocketListener(Sink sink) {
		this.sink = sink;
	}

	/**
	 * Stop requesting messages: the socket is no longer read once the current request is
	 * used.
	 */
	public void pause() {
		synchronized (this.demandLock) {
			this.paused = true;
		}
	}

	/**
	 * Request messages again, including the one owed since {@link #pause()}.
	 */
	public void resume() {
		WebSocket socket;
		synchronized (this.demandLock) {
			this.paused = false;
			if (!this.owed || this.socket == null) {
				return;
			}
			this.owed = false;
			socket = this.socket;
		}
		socket.request(1);
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		synchronized (this.demandLock) {
			this.socket = webSocket;
		}
		this.sink.opened(webSocket);
		requestNext(webSocket);
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		String text = this.assembler.appendText(data, last);
		if (text != null) {
			this.sink.text(text);
		}
		requestNext(webSocket);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = this.assembler.appendBinary(data, last);
		if (bytes != null) {
			this.sink.binary(bytes);
		}
		requestNext(webSocket);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		// The JDK answers control pings itself; they only use up a request.
		requestNext(webSocket);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
		requestNext(webSocket);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.sink.closed(statusCode, reason);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.sink.failed(error);
	}

	private void requestNext(WebSocket webSocket) {
		synchronized (this.demandLock) {
			if (this.paused) {
				this.owed = true;
				return;
			}
		}
		webSocket.request(1);
	}

	/**
	 * Receives whole messages and the end of a connection, on the JDK's listener thread,
	 * one call at a time.
	 */
	public interface Sink {

		/**
		 * The socket opened.
		 * @param socket the socket
		 */
		void opened(WebSocket socket);

		/**
		 * A whole text message arrived.
		 * @param text the text
		 */
		void text(String text);

		/**
		 * A whole binary message arrived.
		 * @param bytes the bytes
		 */
		void binary(byte[] bytes);

		/**
		 * The server sent a Close frame.
		 * @param code the close code
		 * @param reason the reason
		 */
		void closed(int code, String reason);

		/**
		 * The socket failed.
		 * @param failure the failure
		 */
		void failed(Throwable failure);

	}

}
