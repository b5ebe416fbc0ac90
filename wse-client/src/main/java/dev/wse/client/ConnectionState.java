package dev.wse.client;

import java.util.concurrent.CompletableFuture;

import dev.wse.client.internal.PendingReplies;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * Where a client's connection stands: waiting for {@code server_ready}, established,
 * refused or ended, with the futures that report each step. Thread-safe.
 */
final class ConnectionState {

	private final CompletableFuture<WseClient> ready = new CompletableFuture<>();

	private final CompletableFuture<Envelope> firstServerHello = new CompletableFuture<>();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final PendingReplies replies;

	private volatile @Nullable Envelope serverReady;

	private volatile @Nullable Envelope refusal;

	ConnectionState(PendingReplies replies) {
		this.replies = replies;
	}

	CompletableFuture<WseClient> ready() {
		return this.ready;
	}

	CompletableFuture<Envelope> firstServerHello() {
		return this.firstServerHello;
	}

	CompletableFuture<CloseStatus> closed() {
		return this.closed;
	}

	@Nullable Envelope serverReady() {
		return this.serverReady;
	}

	boolean isOpen() {
		return this.serverReady != null && !this.closed.isDone();
	}

	/**
	 * Record {@code server_ready}.
	 * @return {@code false} if one had already arrived
	 */
	synchronized boolean serverReadyArrived(Envelope message) {
		if (this.serverReady != null) {
			return false;
		}
		this.serverReady = message;
		return true;
	}

	void errorArrived(Envelope error) {
		if (this.serverReady == null) {
			this.refusal = error;
		}
	}

	/**
	 * Fail the connection attempt (for example on a timeout).
	 * @return whether the attempt was still pending
	 */
	boolean failAttempt(WseClientException failure) {
		return this.ready.completeExceptionally(failure);
	}

	/**
	 * Record the end of the connection and fail everything still waiting: the connection
	 * attempt (with the server's refusal, if it sent one), the hello and pending replies.
	 */
	void ended(CloseStatus status, @Nullable Throwable failure) {
		if (!this.closed.complete(status)) {
			return;
		}
		Envelope refusal = this.refusal;
		String errorCode = (refusal != null) ? refusal.payload().path("code").asString(null) : null;
		String message = (refusal != null)
				? "Server refused the connection with " + errorCode + " ("
						+ refusal.payload().path("message").asString("") + "), close " + status
				: "Connection ended before server_ready: " + status;
		this.ready.completeExceptionally(new WseClientException(message, errorCode, status, failure));
		WseClientException closedFailure = new WseClientException("Connection closed: " + status, null, status,
				failure);
		this.firstServerHello.completeExceptionally(closedFailure);
		this.replies.failAll(closedFailure);
	}

}
