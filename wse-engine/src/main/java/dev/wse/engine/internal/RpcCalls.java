package dev.wse.engine.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.DropReason;
import dev.wse.engine.handler.WseException;
import dev.wse.engine.security.RpcAuthorizer;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RPC in both directions: client calls ({@code rpc_request}) to registered methods,
 * answered with {@code rpc_response}; server calls to a connection, completed by the
 * client's {@code rpc_response}. Responses to unknown correlation ids are dropped, never
 * answered.
 */
final class RpcCalls {

	private static final Logger logger = LoggerFactory.getLogger(RpcCalls.class);

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	static final String REQUEST = "rpc_request";

	static final String RESPONSE = "rpc_response";

	private static final String CONNECTION_CLOSED = "Connection closed";

	private final EngineCore core;

	private final RpcAuthorizer authorizer;

	private final Map<Connection, ConnectionCalls> calls = new ConcurrentHashMap<>();

	RpcCalls(EngineCore core, RpcAuthorizer authorizer) {
		this.core = core;
		this.authorizer = authorizer;
	}

	// Client calls

	/**
	 * Handle a client's {@code rpc_request}: check it, take a slot and run it.
	 * @param connection the calling connection
	 * @param envelope the request
	 */
	void request(Connection connection, Envelope envelope) {
		String cid = envelope.correlationId();
		JsonNode method = envelope.payload().path("method");
		if (cid == null || cid.isEmpty()) {
			// without a correlation id there is no rpc_response the client could match
			invalid(connection, envelope, "rpc_request needs a cid");
			return;
		}
		if (!method.isString() || method.stringValue().isBlank()) {
			invalid(connection, envelope, "rpc_request needs a method name in p.method");
			return;
		}
		ConnectionCalls connectionCalls = callsOf(connection);
		if (connectionCalls == null) {
			return;
		}
		int max = this.core.config().maxRpcInFlight();
		if (!connectionCalls.tryStart(max)) {
			this.core.countDrop(DropReason.HANDLER_QUEUE_FULL);
			respond(connection, cid, error(ErrorCode.OVERLOADED.name(), "More than " + max + " RPC calls in flight"));
			return;
		}
		JsonNode args = envelope.payload().get("args");
		if (args == null || args.isNull()) {
			args = NODES.objectNode();
		}
		new InboundCall(this, connection, envelope, cid, method.stringValue(), args, connectionCalls)
			.start(this.core.config().rpcTimeout());
	}

	private void invalid(Connection connection, Envelope envelope, String message) {
		this.core.countDrop(DropReason.INVALID);
		connection.sendError(ErrorCode.INVALID_MESSAGE, message, envelope);
	}

	/**
	 * Return whether the connection may call the method; an authorizer that fails
	 * refuses.
	 */
	boolean authorized(Connection connection, String method) {
		try {
			return this.authorizer.canCall(connection.principal(), method);
		}
		catch (RuntimeException ex) {
			logger.warn("RPC authorizer failed for '{}' on {}; refusing the call", method, connection.id(), ex);
			return false;
		}
	}

	void respond(Connection connection, String cid, ObjectNode payload) {
		connection.deliver(this.core.directMessage(RESPONSE, payload, null, cid));
	}

	static ObjectNode result(JsonNode result) {
		ObjectNode payload = NODES.objectNode();
		payload.set("result", result);
		return payload;
	}

	static ObjectNode error(String code, String message) {
		ObjectNode payload = NODES.objectNode();
		ObjectNode error = payload.putObject("error");
		error.put("code", code);
		error.put("message", message);
		return payload;
	}

	// Server calls

	/**
	 * Call a method of a connection's client.
	 * @param connection the connection
	 * @param method the method name
	 * @param args the arguments ({@code null} sends an empty object)
	 * @param timeout how long to wait for the response
	 * @return the result; see {@link EngineCore#call}
	 */
	CompletableFuture<JsonNode> call(Connection connection, String method, @Nullable Object args, Duration timeout) {
		if (method.isBlank()) {
			throw new IllegalArgumentException("RPC method name must not be blank");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("RPC timeout must be positive: " + timeout);
		}
		ObjectNode payload = NODES.objectNode();
		payload.put("method", method);
		payload.set("args", (args != null) ? this.core.converter().toTree(args) : NODES.objectNode());
		ConnectionCalls connectionCalls = callsOf(connection);
		if (connectionCalls == null) {
			return CompletableFuture.failedFuture(closed());
		}
		String cid = MessageIds.next();
		CompletableFuture<JsonNode> future = new CompletableFuture<>();
		int max = this.core.config().maxRpcInFlight();
		if (!connectionCalls.await(cid, future, max)) {
			return CompletableFuture.failedFuture(new WseException(ErrorCode.OVERLOADED,
					"More than " + max + " RPC calls waiting for connection " + connection.id()));
		}
		ScheduledFuture<?> timer = schedule(
				() -> fail(connectionCalls.take(cid), new WseException(ErrorCode.RPC_TIMEOUT,
						"No response to RPC '" + method + "' within " + timeout.toMillis() + " ms")),
				timeout);
		// a caller that cancels, or any completion, forgets the call and its timer
		future.whenComplete((result, failure) -> {
			connectionCalls.forget(cid, future);
			if (timer != null) {
				timer.cancel(false);
			}
		});
		if (!connection.deliver(this.core.directMessage(REQUEST, payload, null, cid))) {
			CompletableFuture<JsonNode> unsent = connectionCalls.take(cid);
			if (unsent != null) {
				unsent.completeExceptionally(
						connection.isOpen()
								? new WseException(ErrorCode.OVERLOADED,
										"RPC request could not be queued for connection " + connection.id())
								: closed());
			}
		}
		else if (!connection.isOpen()) {
			// closed while the call was registered: closed() may have missed it
			fail(connectionCalls.take(cid), closed());
		}
		return future;
	}

	/**
	 * Handle a client's {@code rpc_response}: complete the server call it answers, or
	 * drop it (counted) when no call waits under its correlation id. Never answered.
	 * @param connection the connection
	 * @param envelope the response
	 */
	void response(Connection connection, Envelope envelope) {
		String cid = envelope.correlationId();
		ConnectionCalls connectionCalls = this.calls.get(connection);
		CompletableFuture<JsonNode> future = (cid != null && connectionCalls != null) ? connectionCalls.take(cid)
				: null;
		if (future == null) {
			this.core.countDrop(DropReason.UNKNOWN_RESPONSE);
			logger.debug("Dropping rpc_response with unknown cid {} on {}", cid, connection.id());
			return;
		}
		JsonNode error = envelope.payload().get("error");
		if (error != null && !error.isNull()) {
			JsonNode code = error.path("code");
			JsonNode message = error.path("message");
			String errorCode = code.isString() ? code.stringValue() : ErrorCode.RPC_FAILED.name();
			fail(future, new WseException(errorCode, message.isString() ? message.stringValue() : errorCode));
			return;
		}
		JsonNode result = envelope.payload().get("result");
		completeOnPool(future, (result != null) ? result : NullNode.getInstance(), null);
	}

	private void fail(@Nullable CompletableFuture<JsonNode> future, Throwable failure) {
		if (future != null) {
			completeOnPool(future, null, failure);
		}
	}

	/**
	 * Complete a server call on a handler thread, so that the application's callbacks run
	 * neither on an I/O thread nor on the housekeeping thread.
	 */
	private void completeOnPool(CompletableFuture<JsonNode> future, @Nullable JsonNode result,
			@Nullable Throwable failure) {
		Runnable completion = () -> {
			if (failure != null) {
				future.completeExceptionally(failure);
			}
			else {
				future.complete(result);
			}
		};
		try {
			this.core.handlerPool().execute(completion);
		}
		catch (RejectedExecutionException ex) {
			completion.run();
		}
	}

	private static WseException closed() {
		return new WseException(ErrorCode.RPC_TIMEOUT, CONNECTION_CLOSED);
	}

	// Connections

	/**
	 * Fail the server calls still waiting on a connection that closed.
	 * @param connection the connection
	 */
	void closed(Connection connection) {
		ConnectionCalls connectionCalls = this.calls.remove(connection);
		if (connectionCalls != null) {
			for (CompletableFuture<JsonNode> future : connectionCalls.takeAll()) {
				fail(future, closed());
			}
		}
	}

	/**
	 * Return the calls of an open connection, or {@code null} once it is closing.
	 */
	private @Nullable ConnectionCalls callsOf(Connection connection) {
		if (!connection.isOpen()) {
			return null;
		}
		ConnectionCalls connectionCalls = this.calls.computeIfAbsent(connection, (key) -> new ConnectionCalls());
		if (!connection.isOpen()) {
			// closed meanwhile: closed() may have run before the entry was created
			closed(connection);
			return null;
		}
		return connectionCalls;
	}

	@Nullable ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		try {
			return this.core.scheduler().schedule(task, TimeUnit.NANOSECONDS.convert(delay), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the engine is stopping; its connections close and fail what waits
			return null;
		}
	}

	EngineCore core() {
		return this.core;
	}

}
