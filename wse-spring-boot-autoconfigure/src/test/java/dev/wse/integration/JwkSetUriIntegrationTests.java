package dev.wse.integration;

import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wse.protocol.CloseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wse.security.jwt.jwk-set-uri} over real sockets, with a real JWK Set served by
 * {@link KeyServer}: RS256 and ES256 tokens connect; tokens signed with another key, with
 * an algorithm not allowed, unsigned ({@code alg: none}) or HMAC-signed with the public
 * key (algorithm confusion) are refused with {@code AUTH_FAILED} and 4401, and so are
 * tokens with the wrong issuer or audience.
 */
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.jws-algorithms=RS256,ES256", "wse.security.jwt.issuer=https://keys.wse.test",
				"wse.security.jwt.audience=" + KeyServer.AUDIENCE })
class JwkSetUriIntegrationTests {

	private static final String ISSUER = "https://keys.wse.test";

	private static final KeyServer keys = KeyServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private int wsePort() {
		return WsePorts.wsePort(this.context, this.port);
	}

	@DynamicPropertySource
	static void keyServer(DynamicPropertyRegistry registry) {
		registry.add("wse.security.jwt.jwk-set-uri", keys::jwkSetUri);
	}

	@AfterAll
	static void stopKeyServer() {
		keys.close();
	}

	@Test
	void rs256TokenConnects() throws Exception {
		assertAccepted(keys.rs256(keys.claims("alice", ISSUER)), "alice");
	}

	@Test
	void es256TokenConnects() throws Exception {
		assertAccepted(keys.es256(keys.claims("bob", ISSUER)), "bob");
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefused() throws Exception {
		assertRefused(keys.rs256WithAnotherKey(keys.claims("mallory", ISSUER)));
	}

	@Test
	void algorithmNotAllowedIsRefused() throws Exception {
		assertRefused(keys.rs512(keys.claims("mallory", ISSUER)));
	}

	@Test
	void unsignedTokenIsRefused() throws Exception {
		assertRefused(keys.unsigned(keys.claims("mallory", ISSUER)));
	}

	@Test
	void hmacSignedWithThePublicKeyIsRefused() throws Exception {
		assertRefused(keys.hs256WithThePublicKey(keys.claims("mallory", ISSUER)));
	}

	@Test
	void wrongIssuerOrAudienceIsRefused() throws Exception {
		assertRefused(keys.rs256(keys.claims("mallory", "https://elsewhere.test")));
		JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(keys.claims("mallory", ISSUER)).audience("other").build();
		assertRefused(keys.es256(otherAudience));
	}

	@Test
	void tokenWithoutExpiryIsRefused() throws Exception {
		JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(keys.claims("mallory", ISSUER)).expirationTime(null).build();
		assertRefused(keys.rs256(noExpiry));
	}

	private void assertAccepted(String token, String user) throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), token)) {
			String ready = socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
			assertThat(ready).contains("\"user_id\":\"" + user + "\"");
		}
	}

	static void assertRefused(int port, String token) throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(port, token)) {
			assertThat(socket.status()).isEqualTo(101);
			socket.awaitText((text) -> text.contains("\"AUTH_FAILED\""), TestClients.WAIT);
			assertThat(socket.closeCode().get(TestClients.WAIT.toMillis(), TimeUnit.MILLISECONDS))
				.isEqualTo(CloseCode.AUTHENTICATION_FAILED.code());
		}
	}

	private void assertRefused(String token) throws Exception {
		assertRefused(wsePort(), token);
	}

}
