package dev.wse.integration;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.wse.client.InboundFrame;
import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;
import dev.wse.client.WseClientOptions;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Handshake authentication over real sockets: token sources, their order, and the exact
 * refusal ({@code error} frame, then close 4401).
 */
class AuthenticationIntegrationTests extends SharedServerSupport {

	private static final String OTHER_SECRET = "not-the-server-secret-0123456789abcdefghij";

	@Test
	void validBearerTokenGetsServerReadyWithConnectionAndUser() {
		WseClient client = this.clients.connect("alice");
		Envelope ready = client.serverReady();
		assertThat(ready.type()).isEqualTo("server_ready");
		assertThat(client.messages().frames().get(0).isText()).isTrue();
		assertThat(client.connectionId()).isNotBlank();
		assertThat(client.userId()).isEqualTo("alice");
		assertThat(ready.payload().path("details").path("features").path("recovery").isBoolean()).isTrue();
		assertThat(ready.id()).isNotBlank();
		assertThat(ready.timestamp()).endsWith("Z");
		assertThat(ready.version()).isEqualTo(1);
	}

	@Test
	void validCookieTokenIsAccepted() {
		WseClient client = this.clients.connect((options) -> options.cookieToken(Tokens.valid("bob")));
		assertThat(client.userId()).isEqualTo("bob");
	}

	@Test
	void cookieTokenTakesPrecedenceOverBearerToken() {
		WseClient client = this.clients
			.connect((options) -> options.cookieToken(Tokens.valid("carol")).bearerToken(Tokens.valid("dave")));
		assertThat(client.userId()).isEqualTo("carol");
	}

	@Test
	void invalidCookieTokenIsNotRescuedByAValidBearerToken() {
		assertRefused((options) -> options.cookieToken(Tokens.forUser("carol").signedWith(OTHER_SECRET).sign())
			.bearerToken(Tokens.valid("dave")), ErrorCode.AUTH_FAILED);
	}

	@Test
	void missingTokenIsRefusedWithAuthRequiredAnd4401() {
		assertRefused((options) -> options, ErrorCode.AUTH_REQUIRED);
	}

	@Test
	void badSignatureIsRefusedWithAuthFailedAnd4401() {
		assertRefused((options) -> options.bearerToken(Tokens.forUser("mallory").signedWith(OTHER_SECRET).sign()),
				ErrorCode.AUTH_FAILED);
	}

	@Test
	void expiredTokenIsRefusedWithAuthFailedAnd4401() {
		String expired = Tokens.forUser("alice").expiresAt(Instant.now().minusSeconds(3600)).sign();
		assertRefused((options) -> options.bearerToken(expired), ErrorCode.AUTH_FAILED);
	}

	@Test
	void wrongIssuerIsRefusedWithAuthFailedAnd4401() {
		String token = Tokens.forUser("alice").issuer("https://elsewhere.test").sign();
		assertRefused((options) -> options.bearerToken(token), ErrorCode.AUTH_FAILED);
	}

	@Test
	void missingIssuerIsRefusedWhenAnIssuerIsConfigured() {
		String token = Tokens.forUser("alice").withoutIssuer().sign();
		assertRefused((options) -> options.bearerToken(token), ErrorCode.AUTH_FAILED);
	}

	@Test
	void wrongAudienceIsRefusedWithAuthFailedAnd4401() {
		String token = Tokens.forUser("alice").audience("someone-else").sign();
		assertRefused((options) -> options.bearerToken(token), ErrorCode.AUTH_FAILED);
	}

	@Test
	void malformedTokenIsRefusedWithAuthFailedAnd4401() {
		assertRefused((options) -> options.bearerToken("not.a-jwt"), ErrorCode.AUTH_FAILED);
	}

	private void assertRefused(UnaryOperator<WseClientOptions.Builder> options, ErrorCode expected) {
		List<InboundFrame> frames = new CopyOnWriteArrayList<>();
		CompletableFuture<WseClient> connecting = this.clients
			.connecting((builder) -> options.apply(builder).autoHello(false).frameListener(frames::add));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> connecting.get(TestClients.WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.havingCause()
			.isInstanceOfSatisfying(WseClientException.class, (ex) -> {
				assertThat(ex.errorCode()).as("p.code of the error frame").isEqualTo(expected.name());
				assertThat(ex.closeCode()).as("close code").isEqualTo(CloseCode.AUTHENTICATION_FAILED.code());
				assertThat(ex.closeStatus().reason()).isEqualTo("Authentication failed");
			});
		assertThat(frames).as("frames before the close").hasSize(1);
		InboundFrame error = frames.get(0);
		assertThat(error.isText()).isTrue();
		assertThat(error.envelope().type()).isEqualTo("error");
		assertThat(error.envelope().payload().path("message").isString()).isTrue();
	}

}
