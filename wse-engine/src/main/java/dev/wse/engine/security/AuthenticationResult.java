package dev.wse.engine.security;

import java.time.Instant;

import dev.wse.protocol.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of authenticating a handshake: a principal, an anonymous connection, or a
 * failure with the error code and message sent before close code 4401.
 */
public final class AuthenticationResult {

	private static final AuthenticationResult ANONYMOUS = new AuthenticationResult(null, null, "", null);

	private final @Nullable WsePrincipal principal;

	private final @Nullable ErrorCode errorCode;

	private final String message;

	private final @Nullable Instant expiresAt;

	private AuthenticationResult(@Nullable WsePrincipal principal, @Nullable ErrorCode errorCode, String message,
			@Nullable Instant expiresAt) {
		this.principal = principal;
		this.errorCode = errorCode;
		this.message = message;
		this.expiresAt = expiresAt;
	}

	/**
	 * A successful authentication.
	 * @param principal the principal
	 * @return the result
	 */
	public static AuthenticationResult success(WsePrincipal principal) {
		return new AuthenticationResult(principal, null, "", null);
	}

	/**
	 * A successful authentication that is valid until an instant (a token's {@code exp}):
	 * the engine closes the connection with 4401 {@code Token expired} at that instant
	 * unless the client sends a {@code refresh_token} first.
	 * @param principal the principal
	 * @param expiresAt when the authentication expires, or {@code null} for never
	 * @return the result
	 */
	public static AuthenticationResult success(WsePrincipal principal, @Nullable Instant expiresAt) {
		return new AuthenticationResult(principal, null, "", expiresAt);
	}

	/**
	 * An accepted connection without identity (only when no security is configured).
	 * @return the result
	 */
	public static AuthenticationResult anonymous() {
		return ANONYMOUS;
	}

	/**
	 * A failed authentication.
	 * @param code {@link ErrorCode#AUTH_REQUIRED} or {@link ErrorCode#AUTH_FAILED}
	 * @param message the message sent to the client (never the failure's detail)
	 * @return the result
	 */
	public static AuthenticationResult failure(ErrorCode code, String message) {
		return new AuthenticationResult(null, code, message, null);
	}

	/**
	 * Return whether the connection may proceed.
	 * @return {@code true} for success and anonymous results
	 */
	public boolean isAccepted() {
		return this.errorCode == null;
	}

	/**
	 * Return the principal of a successful result.
	 * @return the principal, or {@code null} for anonymous and failed results
	 */
	public @Nullable WsePrincipal principal() {
		return this.principal;
	}

	/**
	 * Return when a successful authentication expires.
	 * @return the instant, or {@code null} when it does not expire
	 */
	public @Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * Return the error code of a failure.
	 * @return the code, or {@code null}
	 */
	public @Nullable ErrorCode errorCode() {
		return this.errorCode;
	}

	/**
	 * Return the failure message.
	 * @return the message ({@code ""} when accepted)
	 */
	public String message() {
		return this.message;
	}

}
