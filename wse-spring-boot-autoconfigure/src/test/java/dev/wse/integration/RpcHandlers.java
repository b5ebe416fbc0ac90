package dev.wse.integration;

import java.util.Map;

import dev.wse.engine.handler.WseException;
import dev.wse.engine.handler.annotation.OnRpc;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.spring.annotation.WseHandler;

/**
 * RPC methods clients call in the integration tests.
 */
@WseHandler
class RpcHandlers {

	/** The application error code {@code account.close} answers with. */
	static final String LOCKED = "ACCOUNT_LOCKED";

	/** How long {@code slow} takes. */
	static final long SLOW_MILLIS = 1500;

	@OnRpc("math.add")
	Map<String, Object> add(Operands operands, WsePrincipal principal) {
		return Map.of("sum", operands.a() + operands.b(), "user", principal.userId());
	}

	@OnRpc("account.close")
	void closeAccount(Map<String, Object> args) {
		throw new WseException(LOCKED, "The account is locked");
	}

	@OnRpc("crash")
	Object crash() {
		throw new IllegalStateException("jdbc:postgresql://db.internal/prod?password=secret");
	}

	@OnRpc("slow")
	String slow() throws InterruptedException {
		Thread.sleep(SLOW_MILLIS);
		return "finally";
	}

	/**
	 * The arguments of {@code math.add}.
	 *
	 * @param a the first operand
	 * @param b the second operand
	 */
	public record Operands(int a, int b) {
	}

}
