package dev.wse.engine.security;

import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated identity of a connection.
 *
 * @param userId the user id (the token's {@code sub}); connections of one user share it
 * @param claims the token's claims (read-only)
 * @param credentials the verified credential object, for example a Spring Security
 * {@code Jwt}
 */
public record WsePrincipal(String userId, Map<String, Object> claims,
		@Nullable Object credentials) implements Principal {

	/**
	 * Create a principal, copying the claims.
	 * @param userId the user id
	 * @param claims the claims
	 * @param credentials the credential object
	 */
	public WsePrincipal {
		claims = Map.copyOf(claims);
	}

	/**
	 * Create a principal with only a user id.
	 * @param userId the user id
	 * @return the principal
	 */
	public static WsePrincipal of(String userId) {
		return new WsePrincipal(userId, Map.of(), null);
	}

	@Override
	public String getName() {
		return this.userId;
	}

}
