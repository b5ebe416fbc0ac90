package dev.wse.engine.security;

import dev.wse.engine.transport.HandshakeRequest;

/**
 * Turns handshake data (headers, cookies, query) into a principal. Called once per
 * connection on the transport's thread, before {@code server_ready}.
 */
@FunctionalInterface
public interface Authenticator {

	/**
	 * An authenticator that accepts every connection anonymously.
	 */
	Authenticator ANONYMOUS = (request) -> AuthenticationResult.anonymous();

	/**
	 * Authenticate a handshake.
	 * @param request the upgrade request
	 * @return the result; failures are reported with an {@code error} frame and close
	 * code 4401
	 */
	AuthenticationResult authenticate(HandshakeRequest request);

}
