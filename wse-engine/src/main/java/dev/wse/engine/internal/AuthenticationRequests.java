package dev.wse.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.ChallengeSecretProvider;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Post-connect authentication and token refresh. In the {@code MESSAGE} mode a new
 * connection is sent {@code auth_required} and must answer with {@code authenticate}
 * (credentials for the {@link Authenticator}); in the {@code CHALLENGE} mode it is sent
 * {@code challenge} (nonce, ts) and must answer with {@code challenge_response} carrying
 * {@code HMAC-SHA256(secret, nonce + "\n" + ts + "\n" + identity)} in lowercase hex.
 * Until then only {@code client_hello} and heartbeats are processed; other messages get
 * {@code AUTH_REQUIRED} and the {@value #MAX_REFUSED}th closes the connection with 4003.
 * One attempt per connection: a failure is answered with {@code AUTH_FAILED} and close
 * 4003; an answer after the auth timeout closes with 4001. {@code refresh_token} on an
 * authenticated connection verifies a new token for the same user and moves the expiry.
 */
final class AuthenticationRequests {

	/** How many messages a connection may send before authenticating that are refused. */
	static final int MAX_REFUSED = 4;

	/** Longest identity accepted in a {@code challenge_response}. */
	static final int MAX_IDENTITY_LENGTH = 256;

	/** How long before the expiry close a {@code token_expiring} notice is sent. */
	static final long EXPIRY_NOTICE_MILLIS = 60_000;

	private static final int NONCE_BYTES = 32;

	private static final int LEDGER_CAPACITY = 65_536;

	private static final String HMAC = "HmacSHA256";

	private static final Logger logger = LoggerFactory.getLogger(AuthenticationRequests.class);

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EngineCore core;

	private final Authenticator authenticator;

	private final WseEngineConfig.AuthMode mode;

	private final NonceLedger ledger;

	private volatile @Nullable ChallengeSecretProvider secrets;

	AuthenticationRequests(EngineCore core, Authenticator authenticator) {
		this.core = core;
		this.authenticator = authenticator;
		this.mode = core.config().authMode();
		this.ledger = new NonceLedger(LEDGER_CAPACITY, 2 * core.config().authTimeout().toMillis());
	}

	void secrets(@Nullable ChallengeSecretProvider secrets) {
		this.secrets = secrets;
	}

	/**
	 * Return the state of a new connection that still has to authenticate.
	 * @return the state
	 */
	PendingAuthentication begin() {
		String nonce = null;
		if (this.mode == WseEngineConfig.AuthMode.CHALLENGE) {
			byte[] bytes = new byte[NONCE_BYTES];
			RANDOM.nextBytes(bytes);
			nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
		return new PendingAuthentication(nonce, System.currentTimeMillis());
	}

	/**
	 * Return the first frame of a connection that still has to authenticate:
	 * {@code challenge} or {@code auth_required}.
	 * @param pending the connection's state
	 * @return the frame
	 */
	OutboundFrame greeting(PendingAuthentication pending) {
		ObjectNode payload = NODES.objectNode();
		String nonce = pending.nonce();
		String type;
		if (nonce != null) {
			type = "challenge";
			payload.put("nonce", nonce);
			payload.put("ts", pending.issuedAt());
			payload.put("algorithm", "HMAC-SHA256");
		}
		else {
			type = "auth_required";
			payload.put("method", "authenticate");
		}
		payload.put("timeout_ms", this.core.config().authTimeout().toMillis());
		return frame(type, payload, null);
	}

	/**
	 * Handle a message from a connection that has not authenticated.
	 * @param connection the connection
	 * @param envelope the message
	 * @return {@code true} if the message was consumed; {@code false} when it is a
	 * {@code client_hello} or heartbeat that is routed as usual
	 */
	boolean intercept(Connection connection, Envelope envelope) {
		PendingAuthentication pending = connection.pendingAuthentication();
		if (pending == null) {
			// authenticated meanwhile
			return false;
		}
		switch (envelope.type()) {
			case "client_hello", "ping", "PING", "pong", "PONG" -> {
				return false;
			}
			case "authenticate" -> {
				if (this.mode == WseEngineConfig.AuthMode.MESSAGE) {
					authenticate(connection, pending, envelope);
					return true;
				}
			}
			case "challenge_response" -> {
				if (this.mode == WseEngineConfig.AuthMode.CHALLENGE) {
					answer(connection, pending, envelope);
					return true;
				}
			}
			default -> {
			}
		}
		connection.sendError(ErrorCode.AUTH_REQUIRED, "Authenticate first: send '"
				+ ((this.mode == WseEngineConfig.AuthMode.CHALLENGE) ? "challenge_response" : "authenticate") + "'",
				envelope);
		refusedBeforeAuthentication(connection);
		return true;
	}

	/**
	 * Count a message refused before authentication and close the connection with 4003
	 * once there were {@value #MAX_REFUSED}.
	 * @param connection the connection
	 */
	void refusedBeforeAuthentication(Connection connection) {
		PendingAuthentication pending = connection.pendingAuthentication();
		if (pending != null && pending.refused() >= MAX_REFUSED) {
			logger.debug("Closing {}: {} messages before authenticating", connection.id(), MAX_REFUSED);
			connection.closeGracefully(CloseCode.AUTHENTICATION_REJECTED);
		}
	}

	private void authenticate(Connection connection, PendingAuthentication pending, Envelope envelope) {
		if (!attempt(connection, pending, envelope)) {
			return;
		}
		AuthenticationResult result = verify(() -> this.authenticator.authenticateCredentials(envelope.payload()));
		if (!result.isAccepted()) {
			fail(connection, envelope, result.message());
			return;
		}
		this.core.authenticated(connection, result.principal(), expiry(result));
	}

	private void answer(Connection connection, PendingAuthentication pending, Envelope envelope) {
		if (!attempt(connection, pending, envelope)) {
			return;
		}
		JsonNode payload = envelope.payload();
		String identity = text(payload.path("identity"));
		String nonce = text(payload.path("nonce"));
		String hmac = text(payload.path("hmac"));
		JsonNode ts = payload.path("ts");
		String issued = pending.nonce();
		if (identity == null || identity.isEmpty() || identity.length() > MAX_IDENTITY_LENGTH || nonce == null
				|| hmac == null || !ts.isIntegralNumber() || issued == null || !issued.equals(nonce)
				|| ts.asLong() != pending.issuedAt()) {
			fail(connection, envelope, "Invalid challenge response");
			return;
		}
		if (!this.ledger.firstUse(nonce, System.currentTimeMillis())) {
			fail(connection, envelope, "Challenge already answered");
			return;
		}
		ChallengeSecretProvider provider = this.secrets;
		byte[] secret = null;
		try {
			secret = (provider != null) ? provider.secret(identity) : null;
		}
		catch (RuntimeException ex) {
			logger.warn("ChallengeSecretProvider failed; refusing the challenge response", ex);
		}
		if (secret == null || secret.length == 0 || !matches(secret, nonce, pending.issuedAt(), identity, hmac)) {
			fail(connection, envelope, ErrorCode.AUTH_FAILED.defaultMessage());
			return;
		}
		ChallengeSecretProvider verified = provider;
		AuthenticationResult result = verify(() -> verified.authenticated(identity));
		if (!result.isAccepted()) {
			fail(connection, envelope, result.message());
			return;
		}
		this.core.authenticated(connection, result.principal(), expiry(result));
	}

	/**
	 * Claim the connection's one attempt; a second attempt, or one after the auth
	 * timeout, ends the connection.
	 */
	private boolean attempt(Connection connection, PendingAuthentication pending, Envelope envelope) {
		if (connection.authDeadlinePassed(System.nanoTime())) {
			connection.closeNow(CloseCode.AUTHENTICATION_TIMEOUT);
			return false;
		}
		if (!pending.attempt()) {
			connection.sendError(ErrorCode.AUTH_REQUIRED, "Authentication already in progress", envelope);
			refusedBeforeAuthentication(connection);
			return false;
		}
		return true;
	}

	private void fail(Connection connection, Envelope envelope, String message) {
		this.core.stats().authFailure();
		connection.sendError(ErrorCode.AUTH_FAILED,
				message.isEmpty() ? ErrorCode.AUTH_FAILED.defaultMessage() : message, envelope);
		connection.closeGracefully(CloseCode.AUTHENTICATION_REJECTED);
	}

	/**
	 * Compute the expected answer to a challenge.
	 * @param secret the identity's secret
	 * @param nonce the nonce
	 * @param ts the challenge timestamp
	 * @param identity the identity
	 * @return HMAC-SHA256 over {@code nonce + "\n" + ts + "\n" + identity} (UTF-8)
	 */
	static byte[] challengeHmac(byte[] secret, String nonce, long ts, String identity) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(secret, HMAC));
			return mac.doFinal((nonce + "\n" + ts + "\n" + identity).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static boolean matches(byte[] secret, String nonce, long ts, String identity, String hmac) {
		byte[] given;
		try {
			given = HexFormat.of().parseHex(hmac);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(challengeHmac(secret, nonce, ts, identity), given);
	}

	/**
	 * Answer a {@code refresh_token}: verify the new token with the authenticator; when
	 * it is valid and names the same user, its claims and expiry replace the connection's
	 * and {@code token_refreshed} is sent; otherwise {@code AUTH_FAILED} and nothing
	 * changes (the connection stays open until its current expiry).
	 * @param connection the connection (authenticated)
	 * @param envelope the message
	 */
	void refresh(Connection connection, Envelope envelope) {
		AuthenticationResult result = verify(() -> this.authenticator.authenticateCredentials(envelope.payload()));
		WsePrincipal principal = result.principal();
		if (!result.isAccepted() || principal == null) {
			this.core.stats().authFailure();
			connection.sendError(ErrorCode.AUTH_FAILED, "Token refresh failed", envelope);
			return;
		}
		if (!principal.userId().equals(connection.userId())) {
			this.core.stats().authFailure();
			connection.sendError(ErrorCode.AUTH_FAILED, "Token refresh failed: the token names another user", envelope);
			return;
		}
		long expiresAt = expiry(result);
		connection.authenticated(principal, expiresAt);
		ObjectNode payload = NODES.objectNode();
		payload.put("user_id", principal.userId());
		if (expiresAt != 0) {
			payload.put("exp", Math.floorDiv(expiresAt, 1000));
		}
		else {
			payload.putNull("exp");
		}
		connection.offerControl(frame("token_refreshed", payload, Connection.correlationOf(envelope)));
	}

	/**
	 * Build the {@code token_expiring} notice.
	 * @param expiresAt when the connection will be closed (epoch milliseconds)
	 * @param nowMillis the current time
	 * @return the frame
	 */
	OutboundFrame expiring(long expiresAt, long nowMillis) {
		ObjectNode payload = NODES.objectNode();
		payload.put("exp", Math.floorDiv(expiresAt, 1000));
		payload.put("expires_in_ms", Math.max(0, expiresAt - nowMillis));
		return frame("token_expiring", payload, null);
	}

	private AuthenticationResult verify(Supplier<AuthenticationResult> authentication) {
		try {
			AuthenticationResult result = authentication.get();
			return (result != null) ? result
					: AuthenticationResult.failure(ErrorCode.AUTH_FAILED, ErrorCode.AUTH_FAILED.defaultMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Authentication failed unexpectedly", ex);
			return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, ErrorCode.AUTH_FAILED.defaultMessage());
		}
	}

	/**
	 * Return the expiry of a result in epoch milliseconds, 0 for never.
	 * @param result the result
	 * @return the expiry
	 */
	static long expiry(AuthenticationResult result) {
		Instant expiresAt = result.expiresAt();
		return (expiresAt != null) ? Math.max(1, expiresAt.toEpochMilli()) : 0;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

	private OutboundFrame frame(String type, ObjectNode payload, @Nullable String correlationId) {
		return this.core.messages()
			.text(Envelope.builder(type)
				.category(MessageCategory.WSE)
				.payload(payload)
				.correlationId(correlationId)
				.version(SystemMessages.PROTOCOL_VERSION)
				.build());
	}

}
