package dev.wse.engine.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.wse.protocol.Envelope;
import tools.jackson.databind.JsonNode;

/**
 * RPC in both directions: client calls ({@code rpc_request}) to registered methods,
 * answered with {@code rpc_response}; server calls to a connection, completed by the
 * client's {@code rpc_response}. Responses to unknown correlation ids are dropped, never
 * answered.
 */
final class RpcCalls {

	private final EngineCore core;

	RpcCalls(EngineCore core) {
		this.core = core;
	}

	void request(Connection connection, Envelope envelope) {
		connection.sendError(dev.wse.protocol.ErrorCode.RPC_NOT_FOUND, "RPC is not implemented yet", envelope);
	}

	void response(Connection connection, Envelope envelope) {
	}

	CompletableFuture<JsonNode> call(Connection connection, String method,
			@org.jspecify.annotations.Nullable Object args, Duration timeout) {
		return CompletableFuture.failedFuture(new UnsupportedOperationException("TODO"));
	}

	void closed(Connection connection) {
	}

}
