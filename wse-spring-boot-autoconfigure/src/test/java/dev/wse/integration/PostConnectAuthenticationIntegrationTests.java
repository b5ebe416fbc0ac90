package dev.wse.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;
import dev.wse.engine.WseEngine;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Post-connect authentication over real sockets ({@code wse.security.auth-mode=message},
 * a 1 s auth timeout, HS256 tokens): the Java client authenticates with a token after
 * connecting, bad tokens and silence end in 4003 and 4001, token refresh extends a
 * session whose token is about to expire, and 200 sockets that never authenticate are all
 * closed with 4001 while an authenticated client keeps receiving.
 */
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.security.auth-mode=message",
				"wse.security.auth-timeout=1s" })
class PostConnectAuthenticationIntegrationTests extends ServerSupport {

	private static final Duration WAIT = TestClients.WAIT;

	@Autowired
	private WseEngine engine;

	private WseClient authenticated(String token) {
		return this.clients.connect((options) -> options.authenticationToken(token));
	}

	private static WseClientException refusal(CompletableFuture<WseClient> connecting) {
		try {
			connecting.get(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(WseClientException.class);
			return (WseClientException) ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError("The connection was accepted");
	}

	@Test
	void javaClientAuthenticatesWithATokenAfterConnecting() throws Exception {
		WseClient client = authenticated(Tokens.valid("alice"));
		assertThat(client.userId()).isEqualTo("alice");
		client.subscribe("post-connect.news").get(5, TimeUnit.SECONDS);
		assertThat(this.template.publish("post-connect.news", "headline", Map.of("n", 1))).isEqualTo(1);
		assertThat(client.messages().awaitType("headline", WAIT).payload().path("n").asInt()).isEqualTo(1);
		Envelope first = client.messages().received().get(0);
		assertThat(first.type()).isEqualTo("auth_required");
	}

	@Test
	void invalidTokenIsRefusedWithAuthFailedAndClose4003() {
		WseClientException refusal = refusal(this.clients.connecting(
				(options) -> options.authenticationToken(Tokens.forUser("alice").signedWith("x".repeat(40)).sign())));
		assertThat(refusal.errorCode()).isEqualTo("AUTH_FAILED");
		assertThat(refusal.closeCode()).isEqualTo(CloseCode.AUTHENTICATION_REJECTED.code());
	}

	@Test
	void expiredTokenIsRefused() {
		String expired = Tokens.forUser("alice").expiresAt(Instant.now().minusSeconds(3600)).sign();
		WseClientException refusal = refusal(
				this.clients.connecting((options) -> options.authenticationToken(expired)));
		assertThat(refusal.errorCode()).isEqualTo("AUTH_FAILED");
		assertThat(refusal.closeCode()).isEqualTo(4003);
	}

	@Test
	void aHandshakeTokenAloneDoesNotAuthenticateInMessageMode() {
		WseClientException refusal = refusal(
				this.clients.connecting((options) -> options.bearerToken(Tokens.valid("alice"))));
		assertThat(refusal.closeCode()).isEqualTo(CloseCode.AUTHENTICATION_TIMEOUT.code());
	}

	@Test
	void tokenExpiryClosesWith4401UnlessRefreshed() throws Exception {
		// the JWT rules allow 30 s of clock skew: a token that expired 28 s ago is still
		// accepted and the session ends 2 s later
		String almostExpired = Tokens.forUser("alice").expiresAt(Instant.now().minusSeconds(28)).sign();
		WseClient expiring = authenticated(almostExpired);
		WseClient refreshed = authenticated(almostExpired);
		Envelope reply = refreshed.refreshToken(Tokens.valid("alice")).get(5, TimeUnit.SECONDS);
		assertThat(reply.payload().path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond() + 200);
		assertThat(expiring.closeFuture().get(10, TimeUnit.SECONDS).code()).isEqualTo(4401);
		assertThat(expiring.closeFuture().get().reason()).isEqualTo("Token expired");
		assertThat(refreshed.isOpen()).isTrue();
		refreshed.ping().get(5, TimeUnit.SECONDS);
	}

	@Test
	void refreshWithAnotherUsersTokenFailsAndKeepsTheConnection() throws Exception {
		WseClient client = authenticated(Tokens.valid("alice"));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.refreshToken(Tokens.valid("mallory")).get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(WseClientException.class)
			.satisfies((ex) -> assertThat(((WseClientException) ex).errorCode()).isEqualTo("AUTH_FAILED"));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.refreshToken("not-a-jwt").get(5, TimeUnit.SECONDS));
		assertThat(client.isOpen()).isTrue();
		client.ping().get(5, TimeUnit.SECONDS);
	}

	@Test
	void rawSocketGetsAuthRequiredForOtherMessagesAndBadJsonThenClose4003() throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), null)) {
			socket.awaitText((text) -> text.contains("\"auth_required\""), WAIT);
			socket.sendText("{not json");
			socket.awaitText((text) -> text.contains("INVALID_MESSAGE"), WAIT);
			socket.sendText("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"x\"]}}");
			socket.awaitText((text) -> text.contains("AUTH_REQUIRED"), WAIT);
			socket.sendText("{\"t\":\"chat\",\"p\":{}}");
			socket.sendText("[1,2,3]");
			assertThat(socket.awaitClose(WAIT)).isEqualTo(4003);
		}
	}

	@Test
	void rawSocketAuthenticatesWithAMessage() throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), null)) {
			socket.awaitText((text) -> text.contains("\"auth_required\""), WAIT);
			socket.sendText("{\"t\":\"authenticate\",\"p\":{\"token\":\"" + Tokens.valid("bob") + "\"}}");
			String ready = socket.awaitText((text) -> text.contains("\"server_ready\""), WAIT);
			assertThat(ready).contains("\"user_id\":\"bob\"");
		}
	}

	@Test
	void neverAuthenticatingSocketsAreAllClosedWith4001WhileAnAuthenticatedClientKeepsReceiving() throws Exception {
		WseClient bystander = authenticated(Tokens.valid("bystander"));
		bystander.subscribe("post-connect.bystander").get(5, TimeUnit.SECONDS);
		int before = this.engine.connectionCount();
		List<RawWebSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 200; i++) {
				sockets.add(RawWebSocket.connect(wsePort(), null));
			}
			assertThat(sockets).allSatisfy((socket) -> assertThat(socket.status()).isEqualTo(101));
			for (int tick = 1; tick <= 3; tick++) {
				assertThat(this.template.publish("post-connect.bystander", "tick", Map.of("n", tick))).isEqualTo(1);
				int expected = tick;
				bystander.messages()
					.awaitMessage((message) -> "tick".equals(message.type())
							&& message.payload().path("n").asInt() == expected, WAIT);
			}
			for (RawWebSocket socket : sockets) {
				assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(4001);
			}
			assertThat(this.engine.unauthenticatedCount()).isZero();
			assertThat(this.engine.connectionCount()).isEqualTo(before);
			assertThat(bystander.isOpen()).isTrue();
			assertThat(this.template.publish("post-connect.bystander", "tick", Map.of("n", 4))).isEqualTo(1);
			bystander.messages()
				.awaitMessage(MessageRecorder.ofType("tick").and((m) -> m.payload().path("n").asInt() == 4), WAIT);
			bystander.ping().get(5, TimeUnit.SECONDS);
		}
		finally {
			sockets.forEach(RawWebSocket::close);
		}
	}

}
