package dev.wse.engine.security;

import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.protocol.ErrorCode;
import tools.jackson.databind.JsonNode;

/**
 * Turns handshake data (headers, cookies, query) into a principal. Called once per
 * connection on the transport's thread, before {@code server_ready}. In the post-connect
 * {@code MESSAGE} mode, and for every {@code refresh_token}, the engine calls
 * {@link #authenticateCredentials(JsonNode)} with the credentials object the client sent
 * instead.
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

	/**
	 * Authenticate credentials sent after the connection opened: the payload of an
	 * {@code authenticate} message (post-connect mode) or of a {@code refresh_token}
	 * message, for example {@code {"token":"..."}}. Called on the transport's thread. The
	 * default refuses every credential, so authenticators written for the handshake only
	 * keep working unchanged and never accept post-connect credentials.
	 * @param credentials the JSON object the client sent (never {@code null}; may be an
	 * empty or non-object node when the client sent garbage)
	 * @return the result; a failure is answered with an {@code AUTH_FAILED} error frame
	 * (then close code 4003 for {@code authenticate})
	 */
	default AuthenticationResult authenticateCredentials(JsonNode credentials) {
		return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, ErrorCode.AUTH_FAILED.defaultMessage());
	}

}
