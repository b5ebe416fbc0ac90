package dev.wse.client.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * Futures waiting for server replies, matched first-in first-out per key (for example
 * {@code server_hello}, {@code PONG}, or a {@code subscription_update} action).
 * Thread-safe.
 */
public final class PendingReplies {

	private final Map<String, Deque<CompletableFuture<Envelope>>> waiting = new HashMap<>();

	/**
	 * Register a future for the next reply with the given key. Register before sending
	 * the request, so a fast reply cannot be missed.
	 * @param key the reply key
	 * @return the future
	 */
	public synchronized CompletableFuture<Envelope> expect(String key) {
		CompletableFuture<Envelope> future = new CompletableFuture<>();
		this.waiting.computeIfAbsent(key, (k) -> new ArrayDeque<>()).add(future);
		return future;
	}

	/**
	 * Complete the oldest future waiting for the key.
	 * @param key the reply key
	 * @param reply the reply
	 * @return whether a future was waiting
	 */
	public boolean complete(String key, Envelope reply) {
		CompletableFuture<Envelope> future = poll(key);
		return future != null && future.complete(reply);
	}

	/**
	 * Fail the oldest future waiting for the key.
	 * @param key the reply key
	 * @param failure the failure
	 * @return whether a future was waiting
	 */
	public boolean fail(String key, Throwable failure) {
		CompletableFuture<Envelope> future = poll(key);
		return future != null && future.completeExceptionally(failure);
	}

	/**
	 * Remove a future that is no longer wanted (for example because its request failed).
	 * @param key the reply key
	 * @param future the future
	 */
	public synchronized void remove(String key, CompletableFuture<Envelope> future) {
		Deque<CompletableFuture<Envelope>> queue = this.waiting.get(key);
		if (queue != null) {
			queue.remove(future);
		}
	}

	/**
	 * Fail every waiting future, for example when the connection closed.
	 * @param failure the failure
	 */
	public void failAll(Throwable failure) {
		Map<String, Deque<CompletableFuture<Envelope>>> all;
		synchronized (this) {
			all = new HashMap<>(this.waiting);
			this.waiting.clear();
		}
		for (Deque<CompletableFuture<Envelope>> queue : all.values()) {
			for (CompletableFuture<Envelope> future : queue) {
				future.completeExceptionally(failure);
			}
		}
	}

	private synchronized @Nullable CompletableFuture<Envelope> poll(String key) {
		Deque<CompletableFuture<Envelope>> queue = this.waiting.get(key);
		return (queue != null) ? queue.poll() : null;
	}

}
