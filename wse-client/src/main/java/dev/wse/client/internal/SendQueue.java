package dev.wse.client.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Puts outbound messages on a JDK WebSocket one after the other: the JDK refuses a send
 * while the previous one is still being written, so every send waits for the one before
 * it.
 */
public final class SendQueue {

	private final Object lock = new Object();

	private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

	private volatile @Nullable WebSocket socket;

	/**
	 * Attach the socket once it is open.
	 * @param socket the socket
	 */
	public void attach(WebSocket socket) {
		this.socket = socket;
	}

	/**
	 * Queue a whole text message.
	 * @param text the text
	 * @return a future completing when the message was handed to the socket
	 */
	public CompletableFuture<Void> text(String text) {
		return enqueue((socket) -> socket.sendText(text, true));
	}

	/**
	 * Queue a whole binary message.
	 * @param bytes the bytes (not copied)
	 * @return a future completing when the message was handed to the socket
	 */
	public CompletableFuture<Void> binary(byte[] bytes) {
		return enqueue((socket) -> socket.sendBinary(ByteBuffer.wrap(bytes), true));
	}

	/**
	 * Queue a Close frame.
	 * @param code the close code
	 * @param reason the reason
	 * @return a future completing when the Close frame was sent
	 */
	public CompletableFuture<Void> close(int code, String reason) {
		return enqueue((socket) -> socket.sendClose(code, reason));
	}

	private CompletableFuture<Void> enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
		WebSocket socket = this.socket;
		if (socket == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("Not connected"));
		}
		synchronized (this.lock) {
			CompletableFuture<Void> next = this.tail.handle((result, failure) -> null)
				.thenCompose((ignored) -> send.apply(socket))
				.thenApply((ignored) -> null);
			this.tail = next;
			return next;
		}
	}

}
