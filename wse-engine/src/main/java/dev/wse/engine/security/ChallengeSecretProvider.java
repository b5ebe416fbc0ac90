package dev.wse.engine.security;

import org.jspecify.annotations.Nullable;

/**
 * Supplies the per-identity shared secrets for challenge-response authentication
 * ({@code CHALLENGE} mode). The client proves it knows the secret of an identity by
 * answering the server's {@code challenge} with
 * {@code HMAC-SHA256(secret, nonce + "\n" + ts + "\n" + identity)}.
 *
 * @see dev.wse.engine.WseEngineConfig.AuthMode#CHALLENGE
 */
@FunctionalInterface
public interface ChallengeSecretProvider {

	/**
	 * Return the secret of an identity. Called on the transport's thread once per
	 * {@code challenge_response}.
	 * @param identity the identity the client claims (non-empty, at most 256 characters)
	 * @return the secret bytes, or {@code null} when the identity is unknown (answered
	 * exactly like a wrong HMAC)
	 */
	byte @Nullable [] secret(String identity);

	/**
	 * Return the authentication of an identity whose answer verified. The default is a
	 * principal with the identity as user id, no claims and no expiry.
	 * @param identity the verified identity
	 * @return the result; a failure is treated like a wrong answer
	 */
	default AuthenticationResult authenticated(String identity) {
		return AuthenticationResult.success(WsePrincipal.of(identity));
	}

}
