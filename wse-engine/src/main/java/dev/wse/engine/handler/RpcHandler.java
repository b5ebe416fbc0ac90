package dev.wse.engine.handler;

import dev.wse.engine.connection.WseConnection;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Implements one RPC method that clients call. Runs off the I/O threads; calls of one
 * connection may complete in any order.
 */
@FunctionalInterface
public interface RpcHandler {

	/**
	 * Handle a call.
	 * @param connection the calling connection
	 * @param args the call's arguments
	 * @return the result (converted with the engine's JSON mapper), or {@code null}
	 * @throws Exception a {@link WseException} answers with its code; anything else with
	 * {@code RPC_FAILED} and a safe message
	 */
	@Nullable Object call(WseConnection connection, JsonNode args) throws Exception;

}
