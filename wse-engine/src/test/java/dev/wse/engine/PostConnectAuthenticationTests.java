package dev.wse.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.ChallengeSecretProvider;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Post-connect authentication ({@code authenticate}), challenge-response, token refresh
 * and expiry.
 */
class PostConnectAuthenticationTests {

	private static final byte[] DEVICE_SECRET = "device-1-secret-bytes".getBytes(StandardCharsets.UTF_8);

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private WseEngine engine(WseEngineConfig.Builder config) {
		this.engine = EngineTestSupport.start((builder) -> builder.config(config.build())
			.authenticator(new TokenAuthenticator())
			.challengeSecretProvider((identity) -> identity.equals("device-1") ? DEVICE_SECRET.clone() : null));
		return this.engine;
	}

	private WseEngine messageMode() {
		return engine(EngineTestSupport.config().authMode(WseEngineConfig.AuthMode.MESSAGE));
	}

	private WseEngine challengeMode() {
		return engine(EngineTestSupport.config().authMode(WseEngineConfig.AuthMode.CHALLENGE));
	}

	/**
	 * Wait until a new connection is asked to authenticate (false) or is closed (true).
	 */
	private static boolean isRefused(TestClient client) {
		long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
		while (client.ofType("auth_required").isEmpty() && client.session().isOpen()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Neither asked to authenticate nor closed within " + TestClient.TIMEOUT);
			}
			Thread.onSpinWait();
		}
		return !client.session().isOpen();
	}

	private static void authenticate(TestClient client, String token) {
		client.send("{\"t\":\"authenticate\",\"id\":\"a1\",\"p\":{\"token\":\"" + token + "\"}}");
	}

	private static String errorCode(Envelope envelope) {
		return envelope.payload().path("code").asString();
	}

	// MESSAGE mode

	@Test
	void messageModeAsksForAuthenticationThenSendsServerReadyAfterIt() {
		WseEngine engine = messageMode();
		TestClient client = TestClient.connect(engine);
		Envelope first = client.awaitType("auth_required");
		assertThat(client.decode(client.session().frames().get(0)).type()).isEqualTo("auth_required");
		assertThat(first.payload().path("timeout_ms").asLong()).isEqualTo(5000);
		assertThat(client.ofType("server_ready")).isEmpty();
		assertThat(engine.connectionCount()).isZero();
		authenticate(client, "alice:60000");
		Envelope ready = client.awaitType("server_ready");
		assertThat(ready.payload().path("details").path("user_id").asString()).isEqualTo("alice");
		assertThat(ready.seq()).isEqualTo(1L);
		assertThat(engine.connectionCount()).isEqualTo(1);
		assertThat(engine.connectionsOf("alice")).hasSize(1);
	}

	@Test
	void notAuthenticatingWithinTheTimeoutClosesWith4001() {
		WseEngine engine = engine(EngineTestSupport.config()
			.authMode(WseEngineConfig.AuthMode.MESSAGE)
			.authTimeout(Duration.ofMillis(200)));
		TestClient client = TestClient.connect(engine);
		client.awaitType("auth_required");
		assertThat(client.session().awaitClose(Duration.ofSeconds(3))).isEqualTo(4001);
		assertThat(client.session().closeReason()).isEqualTo(CloseCode.AUTHENTICATION_TIMEOUT.reason());
		assertThat(client.ofType("server_ready")).isEmpty();
		assertThat(engine.connectionCount()).isZero();
	}

	@Test
	void failedAuthenticationSendsAuthFailedThenCloses4003() {
		WseEngine engine = messageMode();
		TestClient client = TestClient.connect(engine);
		authenticate(client, "forged");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		Envelope error = client.awaitType("error");
		assertThat(errorCode(error)).isEqualTo("AUTH_FAILED");
		assertThat(error.correlationId()).isEqualTo("a1");
		assertThat(client.ofType("server_ready")).isEmpty();
		assertThat(engine.stats().authFailures()).isEqualTo(1);
		assertThat(engine.connectionCount()).isZero();
	}

	@Test
	void credentialsWithoutTokenAndNonObjectCredentialsFail() {
		WseEngine engine = messageMode();
		TestClient noToken = TestClient.connect(engine);
		noToken.send("{\"t\":\"authenticate\",\"p\":{\"password\":\"x\"}}");
		assertThat(noToken.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		TestClient garbage = TestClient.connect(engine);
		garbage.send("{\"t\":\"authenticate\",\"p\":[1,2,3]}");
		assertThat(garbage.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(errorCode(garbage.awaitType("error"))).isEqualTo("AUTH_FAILED");
	}

	@Test
	void onlyOneAuthenticationAttemptPerConnection() {
		WseEngine engine = messageMode();
		TestClient client = TestClient.connect(engine);
		authenticate(client, "forged");
		authenticate(client, "alice:60000");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(client.ofType("server_ready")).isEmpty();
	}

	@Test
	void otherMessagesBeforeAuthenticationAreRefusedAndTheFourthCloses4003() {
		WseEngine engine = messageMode();
		TestClient client = TestClient.connect(engine);
		client.awaitType("auth_required");
		for (int i = 0; i < 3; i++) {
			client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"news\"]}}");
		}
		client.await((envelope) -> envelope.type().equals("error") && client.ofType("error").size() == 3);
		assertThat(client.ofType("error"))
			.allSatisfy((error) -> assertThat(errorCode(error)).isEqualTo("AUTH_REQUIRED"));
		assertThat(client.session().isOpen()).isTrue();
		assertThat(engine.topicCount()).isZero();
		client.send("{\"t\":\"chat\",\"p\":{}}");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(client.ofType("error")).hasSize(4);
	}

	@Test
	void heartbeatsAndHelloAreAnsweredBeforeAuthentication() {
		WseEngine engine = messageMode();
		TestClient client = TestClient.connect(engine);
		client.send("{\"t\":\"ping\",\"p\":{\"timestamp\":5}}");
		client.awaitType("PONG");
		client.send("{\"t\":\"client_hello\",\"p\":{\"client_version\":\"1\",\"protocol_version\":1}}");
		client.awaitType("server_hello");
		assertThat(client.ofType("error")).isEmpty();
		authenticate(client, "alice:60000");
		client.awaitType("server_ready");
	}

	@Test
	void badJsonBeforeAuthenticationGetsAnErrorAndCountsAsRefused() {
		WseEngine engine = messageMode();
		TestClient client = TestClient.connect(engine);
		client.send("{not json");
		assertThat(errorCode(client.awaitType("error"))).isEqualTo("INVALID_MESSAGE");
		authenticate(client, "alice:60000");
		client.awaitType("server_ready");
		TestClient hostile = TestClient.connect(engine);
		for (int i = 0; i < 4; i++) {
			hostile.send("\u0000garbage" + i);
		}
		assertThat(hostile.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void unauthenticatedConnectionsReceiveNoBroadcastsAndGetDefaultSubscriptionsAtAuthentication() {
		WseEngine engine = engine(EngineTestSupport.config()
			.authMode(WseEngineConfig.AuthMode.MESSAGE)
			.defaultSubscriptions(List.of("news", "user:{sub}")));
		TestClient client = TestClient.connect(engine);
		client.awaitType("auth_required");
		assertThat(engine.broadcast("tick", Map.of("n", 1))).isZero();
		assertThat(engine.publish("news", "headline", Map.of("n", 1))).isZero();
		authenticate(client, "alice:60000");
		client.awaitType("server_ready");
		assertThat(engine.connection(client.connectionId()).subscriptions()).containsExactlyInAnyOrder("news",
				"user:alice");
		engine.publish("user:alice", "private", Map.of("n", 2));
		assertThat(client.awaitType("private").payload().path("n").asInt()).isEqualTo(2);
		assertThat(client.ofType("tick")).isEmpty();
	}

	@Test
	void perUserConnectionLimitIsAppliedWhenTheConnectionAuthenticates() {
		WseEngine engine = engine(EngineTestSupport.config()
			.authMode(WseEngineConfig.AuthMode.MESSAGE)
			.connectionsPerUser(1)
			.connectionsPerUserPolicy(WseEngineConfig.UserLimitPolicy.REJECT_NEW));
		TestClient first = TestClient.connect(engine);
		TestClient second = TestClient.connect(engine);
		authenticate(first, "alice:60000");
		first.awaitType("server_ready");
		authenticate(second, "alice:60000");
		assertThat(second.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.USER_CONNECTION_LIMIT.code());
		assertThat(second.ofType("server_ready")).isEmpty();
		assertThat(engine.connectionsOf("alice")).hasSize(1);
		assertThat(engine.connectionCount()).isEqualTo(1);
		assertThat(first.session().isOpen()).isTrue();
	}

	@Test
	void unauthenticatedConnectionsCountAgainstMaxConnectionsUntilClosed() {
		WseEngine engine = engine(EngineTestSupport.config()
			.authMode(WseEngineConfig.AuthMode.MESSAGE)
			.authTimeout(Duration.ofMillis(200))
			.maxConnections(1));
		TestClient idle = TestClient.connect(engine);
		TestClient refused = TestClient.connect(engine);
		assertThat(refused.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.TRY_AGAIN_LATER.code());
		assertThat(idle.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4001);
		// The slot is given back once the engine has processed the close, just after the
		// close code reaches the session; a connection made before that is refused with
		// 1013 (on the engine's closer thread, so not yet when connect returns).
		long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
		TestClient later = TestClient.connect(engine);
		while (isRefused(later) && System.nanoTime() < deadline) {
			assertThat(later.session().closeCode()).isEqualTo(CloseCode.TRY_AGAIN_LATER.code());
			later = TestClient.connect(engine);
		}
		authenticate(later, "bob:60000");
		later.awaitType("server_ready");
		assertThat(engine.unauthenticatedCount()).isZero();
	}

	@Test
	void authenticateIsAnApplicationTypeInHandshakeMode() {
		WseEngine engine = engine(EngineTestSupport.config());
		TestClient client = TestClient.connect(engine, "ws://localhost/wse",
				Map.of("Authorization", List.of("Bearer alice:60000")));
		client.awaitType("server_ready");
		authenticate(client, "alice:60000");
		assertThat(errorCode(client.awaitType("error"))).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE.name());
	}

	@Test
	void repeatedAuthenticateAfterAuthenticationIsRefusedWithoutClosing() {
		TestClient client = TestClient.connect(messageMode());
		authenticate(client, "alice:60000");
		client.awaitType("server_ready");
		authenticate(client, "bob:60000");
		assertThat(errorCode(client.awaitType("error"))).isEqualTo("INVALID_MESSAGE");
		assertThat(client.session().isOpen()).isTrue();
		assertThat(this.engine.connectionsOf("alice")).hasSize(1);
	}

	// CHALLENGE mode

	@Test
	void challengeModeRequiresASecretProvider() {
		assertThatIllegalStateException()
			.isThrownBy(() -> WseEngine.builder()
				.config(EngineTestSupport.config().authMode(WseEngineConfig.AuthMode.CHALLENGE).build())
				.build())
			.withMessageContaining("ChallengeSecretProvider");
	}

	@Test
	void correctChallengeResponseAuthenticatesTheIdentity() {
		WseEngine engine = challengeMode();
		TestClient client = TestClient.connect(engine);
		Envelope challenge = client.awaitType("challenge");
		assertThat(challenge.payload().path("algorithm").asString()).isEqualTo("HMAC-SHA256");
		assertThat(challenge.payload().path("nonce").asString()).hasSize(43);
		client.send(response(challenge, "device-1", DEVICE_SECRET));
		Envelope ready = client.awaitType("server_ready");
		assertThat(ready.payload().path("details").path("user_id").asString()).isEqualTo("device-1");
		assertThat(engine.connectionsOf("device-1")).hasSize(1);
	}

	@Test
	void everyConnectionGetsItsOwnNonce() {
		WseEngine engine = challengeMode();
		String first = TestClient.connect(engine).awaitType("challenge").payload().path("nonce").asString();
		String second = TestClient.connect(engine).awaitType("challenge").payload().path("nonce").asString();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void wrongHmacIsRefusedWith4003() {
		TestClient client = TestClient.connect(challengeMode());
		Envelope challenge = client.awaitType("challenge");
		client.send(response(challenge, "device-1", "wrong-secret".getBytes(StandardCharsets.UTF_8)));
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(errorCode(client.awaitType("error"))).isEqualTo("AUTH_FAILED");
		assertThat(client.ofType("server_ready")).isEmpty();
	}

	@Test
	void unknownIdentityIsRefusedLikeAWrongHmac() {
		TestClient client = TestClient.connect(challengeMode());
		Envelope challenge = client.awaitType("challenge");
		client.send(response(challenge, "device-2", DEVICE_SECRET));
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(client.awaitType("error").payload().path("message").asString())
			.isEqualTo(ErrorCode.AUTH_FAILED.defaultMessage());
	}

	@Test
	void replayedAnswerOnAnotherConnectionIsRefused() {
		WseEngine engine = challengeMode();
		TestClient victim = TestClient.connect(engine);
		String answer = response(victim.awaitType("challenge"), "device-1", DEVICE_SECRET);
		victim.send(answer);
		victim.awaitType("server_ready");
		TestClient attacker = TestClient.connect(engine);
		attacker.awaitType("challenge");
		attacker.send(answer);
		assertThat(attacker.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
		assertThat(attacker.ofType("server_ready")).isEmpty();
		assertThat(engine.connectionsOf("device-1")).hasSize(1);
	}

	@Test
	void answerWithAnotherTimestampIsRefused() {
		TestClient client = TestClient.connect(challengeMode());
		Envelope challenge = client.awaitType("challenge");
		String nonce = challenge.payload().path("nonce").asString();
		long ts = challenge.payload().path("ts").asLong() + 1;
		client.send(response(nonce, ts, "device-1", DEVICE_SECRET));
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4003);
	}

	@Test
	void lateAnswerIsRefusedWith4001() throws InterruptedException {
		WseEngine engine = engine(EngineTestSupport.config()
			.authMode(WseEngineConfig.AuthMode.CHALLENGE)
			.authTimeout(Duration.ofMillis(150)));
		TestClient client = TestClient.connect(engine);
		Envelope challenge = client.awaitType("challenge");
		Thread.sleep(300);
		client.send(response(challenge, "device-1", DEVICE_SECRET));
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4001);
		assertThat(client.ofType("server_ready")).isEmpty();
		assertThat(engine.connectionCount()).isZero();
	}

	@Test
	void authenticateIsRefusedInChallengeMode() {
		TestClient client = TestClient.connect(challengeMode());
		client.awaitType("challenge");
		authenticate(client, "alice:60000");
		assertThat(errorCode(client.awaitType("error"))).isEqualTo("AUTH_REQUIRED");
		assertThat(client.ofType("server_ready")).isEmpty();
	}

	// Refresh and expiry

	private TestClient handshake(String token) {
		if (this.engine == null) {
			engine(EngineTestSupport.config());
		}
		TestClient client = TestClient.connect(this.engine, "ws://localhost/wse",
				Map.of("Authorization", List.of("Bearer " + token)));
		client.awaitType("server_ready");
		return client;
	}

	private static void refresh(TestClient client, String token) {
		client.send("{\"t\":\"refresh_token\",\"id\":\"r1\",\"p\":{\"token\":\"" + token + "\"}}");
	}

	@Test
	void expiredAuthenticationClosesWith4401TokenExpired() {
		// valid for longer than one housekeeping tick (1 s), so that the notice comes
		// first
		TestClient client = handshake("alice:2500");
		Envelope notice = client.awaitType("token_expiring");
		assertThat(notice.payload().path("expires_in_ms").asLong()).isBetween(0L, 2500L);
		assertThat(notice.payload().path("exp").asLong()).isBetween(Instant.now().getEpochSecond() - 1,
				Instant.now().getEpochSecond() + 3);
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4401);
		assertThat(client.session().closeReason()).isEqualTo("Token expired");
		assertThat(this.engine.connectionCount()).isZero();
	}

	@Test
	void refreshWithATokenOfTheSameUserExtendsTheSessionAndReplacesTheClaims() throws InterruptedException {
		TestClient client = handshake("alice:500");
		refresh(client, "alice:60000");
		Envelope refreshed = client.awaitType("token_refreshed");
		assertThat(refreshed.correlationId()).isEqualTo("r1");
		assertThat(refreshed.payload().path("user_id").asString()).isEqualTo("alice");
		long exp = refreshed.payload().path("exp").asLong();
		assertThat(exp).isBetween(Instant.now().getEpochSecond() + 50, Instant.now().getEpochSecond() + 61);
		Thread.sleep(900);
		assertThat(client.session().isOpen()).isTrue();
		assertThat(this.engine.connection(client.connectionId()).principal().claims()).containsEntry("token",
				"alice:60000");
	}

	@Test
	void noExpiryNoticeLongBeforeTheExpiryAndOneAfterRefreshingToAShortToken() throws InterruptedException {
		TestClient client = handshake("alice:120000");
		Thread.sleep(300);
		assertThat(client.ofType("token_expiring")).isEmpty();
		refresh(client, "alice:2500");
		client.awaitType("token_refreshed");
		client.awaitType("token_expiring");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4401);
		assertThat(client.ofType("token_expiring")).hasSize(1);
	}

	@Test
	void refreshWithAnotherUsersTokenFailsAndDoesNotExtend() {
		TestClient client = handshake("alice:600");
		refresh(client, "bob:60000");
		Envelope error = client.awaitType("error");
		assertThat(errorCode(error)).isEqualTo("AUTH_FAILED");
		assertThat(error.correlationId()).isEqualTo("r1");
		assertThat(client.ofType("token_refreshed")).isEmpty();
		assertThat(this.engine.connection(client.connectionId()).userId()).isEqualTo("alice");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4401);
	}

	@Test
	void refreshWithAnInvalidOrExpiredTokenFailsAndKeepsTheConnection() {
		TestClient client = handshake("alice:60000");
		refresh(client, "forged");
		refresh(client, "alice:-5");
		client.send("{\"t\":\"refresh_token\",\"p\":\"not an object\"}");
		client.await((envelope) -> client.ofType("error").size() == 3);
		assertThat(client.ofType("error")).allSatisfy((error) -> assertThat(errorCode(error)).isEqualTo("AUTH_FAILED"));
		assertThat(client.session().isOpen()).isTrue();
		assertThat(this.engine.stats().authFailures()).isEqualTo(3);
	}

	@Test
	void refreshAfterPostConnectAuthenticationWorksToo() throws InterruptedException {
		TestClient client = TestClient.connect(messageMode());
		authenticate(client, "alice:400");
		client.awaitType("server_ready");
		refresh(client, "alice:60000");
		client.awaitType("token_refreshed");
		Thread.sleep(700);
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void refreshBeforePostConnectAuthenticationIsRefused() {
		TestClient client = TestClient.connect(messageMode());
		refresh(client, "alice:60000");
		assertThat(errorCode(client.awaitType("error"))).isEqualTo("AUTH_REQUIRED");
		assertThat(client.ofType("token_refreshed")).isEmpty();
	}

	private static String response(Envelope challenge, String identity, byte[] secret) {
		return response(challenge.payload().path("nonce").asString(), challenge.payload().path("ts").asLong(), identity,
				secret);
	}

	private static String response(String nonce, long ts, String identity, byte[] secret) {
		return "{\"t\":\"challenge_response\",\"p\":{\"identity\":\"" + identity + "\",\"nonce\":\"" + nonce
				+ "\",\"ts\":" + ts + ",\"hmac\":\"" + hmac(secret, nonce + "\n" + ts + "\n" + identity) + "\"}}";
	}

	static String hmac(byte[] secret, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Tokens of the form {@code user:millisValid}; a non-positive validity is an expired
	 * token.
	 */
	private static final class TokenAuthenticator implements Authenticator {

		@Override
		public AuthenticationResult authenticate(HandshakeRequest request) {
			String token = request.bearerToken();
			return (token != null) ? check(token)
					: AuthenticationResult.failure(ErrorCode.AUTH_REQUIRED, "No JWT cookie or Authorization header");
		}

		@Override
		public AuthenticationResult authenticateCredentials(JsonNode credentials) {
			JsonNode token = credentials.path("token");
			return token.isString() ? check(token.stringValue())
					: AuthenticationResult.failure(ErrorCode.AUTH_FAILED, "No token");
		}

		private static AuthenticationResult check(String token) {
			String[] parts = token.split(":");
			if (parts.length != 2 || !parts[1].matches("-?\\d+")) {
				return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, "Authentication failed");
			}
			long validity = Long.parseLong(parts[1]);
			if (validity <= 0) {
				return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, "Authentication failed");
			}
			return AuthenticationResult.success(new WsePrincipal(parts[0], Map.of("token", token), null),
					Instant.now().plusMillis(validity));
		}

	}

}
