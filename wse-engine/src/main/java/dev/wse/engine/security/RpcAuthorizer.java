package dev.wse.engine.security;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a connection may call an RPC method. Asked before the method is looked
 * up, so a caller that may not call a method does not learn whether it exists. The
 * default allows all.
 */
@FunctionalInterface
public interface RpcAuthorizer {

	/**
	 * An authorizer that allows every call.
	 */
	RpcAuthorizer ALLOW_ALL = (principal, method) -> true;

	/**
	 * Return whether the connection may call the method.
	 * @param principal the connection's principal, or {@code null} for anonymous
	 * connections
	 * @param method the RPC method name
	 * @return {@code true} to allow
	 */
	boolean canCall(@Nullable WsePrincipal principal, String method);

}
