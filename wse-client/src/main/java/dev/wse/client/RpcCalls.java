package dev.wse.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.wse.client.internal.ClientMessages;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageIds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RPC for a client: its calls to the server, matched to {@code rpc_response}s by
 * correlation id, and the methods it answers the server's {@code rpc_request}s with. A
 * response whose correlation id matches no waiting call (a late one, say) is dropped and
 * never answered.
 */
final class RpcCalls {

	private static final String REQUEST = "rpc_request";

	private static final String RESPONSE = "rpc_response";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ClientMessages messages;

	private final Function<Envelope, CompletableFuture<Void>> sender;

	private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final Map<String, Function<JsonNode, ?>> methods = new ConcurrentHashMap<>();

	private volatile @Nullable CloseStatus closed;

	RpcCalls(ClientMessages messages, Function<Envelope, CompletableFuture<Void>> sender) {
		this.messages = messages;
		this.sender = sender;
	}

	// Calls to the server

	CompletableFuture<JsonNode> call(String method, @Nullable Object args, Duration timeout) {
		if (method.isBlank()) {
			throw new IllegalArgumentException("RPC method name must not be blank");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("RPC timeout must be positive: " + timeout);
		}
		CloseStatus status = this.closed;
		if (status != null) {
			return CompletableFuture.failedFuture(closedFailure(status));
		}
		ObjectNode payload = NODES.objectNode();
		payload.put("method", method);
		payload.set("args", this.messages.toJson(args));
		String cid = MessageIds.next();
		Envelope request = this.messages.message(REQUEST, payload).toBuilder().correlationId(cid).build();
		CompletableFuture<JsonNode> future = new CompletableFuture<>();
		this.pending.put(cid, future);
		// completing the deadline early cancels its timer, so nothing lingers
		CompletableFuture<Void> deadline = new CompletableFuture<Void>().orTimeout(timeout.toNanos(),
				TimeUnit.NANOSECONDS);
		deadline.whenComplete((ignored, expired) -> {
			if (expired != null) {
				fail(cid,
						new WseClientException(
								"No response to RPC '" + method + "' within " + timeout.toMillis() + " ms",
								ErrorCode.RPC_TIMEOUT.name(), null, null));
			}
		});
		future.whenComplete((result, failure) -> {
			this.pending.remove(cid, future);
			deadline.complete(null);
		});
		this.sender.apply(request).whenComplete((sent, failure) -> {
			if (failure != null) {
				fail(cid, new WseClientException("Could not send RPC '" + method + "'", null, null, failure));
			}
		});
		status = this.closed;
		if (status != null) {
			fail(cid, closedFailure(status));
		}
		return future;
	}

	void response(Envelope response) {
		String cid = response.correlationId();
		CompletableFuture<JsonNode> future = (cid != null) ? this.pending.remove(cid) : null;
		if (future == null) {
			// late, repeated or never asked for: dropped, never answered
			return;
		}
		JsonNode error = response.payload().get("error");
		if (error != null && !error.isNull()) {
			JsonNode code = error.path("code");
			JsonNode message = error.path("message");
			String errorCode = code.isString() ? code.stringValue() : ErrorCode.RPC_FAILED.name();
			future.completeExceptionally(new WseClientException(message.isString() ? message.stringValue() : errorCode,
					errorCode, null, null));
			return;
		}
		JsonNode result = response.payload().get("result");
		future.complete((result != null) ? result : NullNode.getInstance());
	}

	private void fail(String cid, Throwable failure) {
		CompletableFuture<JsonNode> future = this.pending.remove(cid);
		if (future != null) {
			future.completeExceptionally(failure);
		}
	}

	private static WseClientException closedFailure(CloseStatus status) {
		return new WseClientException("Connection closed: " + status, ErrorCode.RPC_TIMEOUT.name(), status, null);
	}

	// Calls from the server

	void register(String method, Function<JsonNode, ?> handler) {
		if (method.isBlank()) {
			throw new IllegalArgumentException("RPC method name must not be blank");
		}
		if (this.methods.putIfAbsent(method, handler) != null) {
			throw new IllegalStateException("RPC method '" + method + "' is already registered");
		}
	}

	void request(Envelope request) {
		String cid = request.correlationId();
		if (cid == null) {
			// nobody to answer
			return;
		}
		JsonNode name = request.payload().path("method");
		if (!name.isString() || name.stringValue().isBlank()) {
			respond(cid, error(ErrorCode.INVALID_MESSAGE.name(), "rpc_request needs a method name in p.method"));
			return;
		}
		String method = name.stringValue();
		Function<JsonNode, ?> handler = this.methods.get(method);
		if (handler == null) {
			respond(cid, error(ErrorCode.RPC_NOT_FOUND.name(), "No RPC method '" + method + "'"));
			return;
		}
		JsonNode args = request.payload().get("args");
		JsonNode arguments = (args != null && !args.isNull()) ? args : NODES.objectNode();
		// off the reader thread: a slow method must not stop the connection's traffic
		CompletableFuture.supplyAsync(() -> handler.apply(arguments))
			.thenCompose(RpcCalls::settled)
			.handle((result, failure) -> (failure != null) ? failed(method, failure) : result(result))
			.exceptionally((failure) -> failed(method, failure))
			.thenAccept((payload) -> respond(cid, payload));
	}

	private static CompletionStage<?> settled(@Nullable Object result) {
		return (result instanceof CompletionStage<?> stage) ? stage : CompletableFuture.completedFuture(result);
	}

	private ObjectNode result(@Nullable Object result) {
		ObjectNode payload = NODES.objectNode();
		payload.set("result", (result != null) ? this.messages.toJson(result) : NullNode.getInstance());
		return payload;
	}

	private static ObjectNode failed(String method, Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof WseClientException ex && ex.errorCode() != null) {
			return error(ex.errorCode(), String.valueOf(ex.getMessage()));
		}
		// the exception's message may hold internals: only the method is named
		return error(ErrorCode.RPC_FAILED.name(), "RPC '" + method + "' failed");
	}

	private static ObjectNode error(String code, String message) {
		ObjectNode payload = NODES.objectNode();
		ObjectNode error = payload.putObject("error");
		error.put("code", code);
		error.put("message", message);
		return payload;
	}

	private void respond(String cid, ObjectNode payload) {
		this.sender.apply(this.messages.message(RESPONSE, payload).toBuilder().correlationId(cid).build());
	}

	// Lifecycle

	void closed(CloseStatus status) {
		this.closed = status;
		for (String cid : List.copyOf(this.pending.keySet())) {
			CompletableFuture<JsonNode> future = this.pending.remove(cid);
			if (future != null) {
				future.completeExceptionally(closedFailure(status));
			}
		}
	}

}
