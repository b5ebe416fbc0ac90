package dev.wse.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The RPC calls of one connection: how many of the client's calls are running, and the
 * server's calls waiting for the client's response, by correlation id. Thread-safe.
 */
final class ConnectionCalls {

	private final AtomicInteger running = new AtomicInteger();

	private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final AtomicInteger pendingCount = new AtomicInteger();

	/**
	 * Take a slot for a client call.
	 * @param max the most calls that may run at once
	 * @return {@code false} if all slots are taken
	 */
	boolean tryStart(int max) {
		if (this.running.incrementAndGet() > max) {
			this.running.decrementAndGet();
			return false;
		}
		return true;
	}

	/**
	 * Give back the slot of a client call that finished.
	 */
	void finished() {
		this.running.decrementAndGet();
	}

	/**
	 * Remember a server call waiting for its response.
	 * @param cid the correlation id
	 * @param future completes with the result
	 * @param max the most calls that may wait at once
	 * @return {@code false} if that many are already waiting
	 */
	boolean await(String cid, CompletableFuture<JsonNode> future, int max) {
		if (this.pendingCount.incrementAndGet() > max) {
			this.pendingCount.decrementAndGet();
			return false;
		}
		this.pending.put(cid, future);
		return true;
	}

	/**
	 * Take the server call a response answers.
	 * @param cid the correlation id of the response
	 * @return the call's future, or {@code null} if no call waits under that id
	 */
	@Nullable CompletableFuture<JsonNode> take(String cid) {
		CompletableFuture<JsonNode> future = this.pending.remove(cid);
		if (future != null) {
			this.pendingCount.decrementAndGet();
		}
		return future;
	}

	/**
	 * Forget a server call if it still waits (it completed or was cancelled).
	 * @param cid the correlation id
	 * @param future the call's future
	 */
	void forget(String cid, CompletableFuture<JsonNode> future) {
		if (this.pending.remove(cid, future)) {
			this.pendingCount.decrementAndGet();
		}
	}

	/**
	 * Take every waiting server call (the connection closed).
	 * @return the calls' futures
	 */
	List<CompletableFuture<JsonNode>> takeAll() {
		List<CompletableFuture<JsonNode>> all = new ArrayList<>();
		for (String cid : List.copyOf(this.pending.keySet())) {
			CompletableFuture<JsonNode> future = take(cid);
			if (future != null) {
				all.add(future);
			}
		}
		return all;
	}

}
