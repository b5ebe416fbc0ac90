package dev.wse.integration;

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
 * {@code wse.security.jwt.issuer-uri} over real sockets: the JWK Set is found through the
 * issuer's OpenID Connect discovery document served by {@link KeyServer}; RS256 tokens of
 * the issuer connect, ES256 tokens are refused because only the default {@code RS256} is
 * accepted, and tokens naming another issuer are refused.
 */
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wse.security.jwt.audience=" + KeyServer.AUDIENCE)
class IssuerUriIntegrationTests {

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
		registry.add("wse.security.jwt.issuer-uri", keys::issuer);
	}

	@AfterAll
	static void stopKeyServer() {
		keys.close();
	}

	@Test
	void rs256TokenOfTheIssuerConnectsThroughDiscovery() throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), keys.rs256(keys.claims("alice", keys.issuer())))) {
			String ready = socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
			assertThat(ready).contains("\"user_id\":\"alice\"");
		}
		assertThat(keys.discoveryRequests()).isPositive();
		assertThat(keys.jwksRequests()).isPositive();
	}

	@Test
	void es256IsRefusedWhenOnlyTheDefaultRs256IsAccepted() throws Exception {
		JwkSetUriIntegrationTests.assertRefused(wsePort(), keys.es256(keys.claims("bob", keys.issuer())));
	}

	@Test
	void tokenOfAnotherIssuerIsRefused() throws Exception {
		JwkSetUriIntegrationTests.assertRefused(wsePort(),
				keys.rs256(keys.claims("mallory", "https://elsewhere.test")));
	}

	@Test
	void forgedTokensAreRefused() throws Exception {
		JwkSetUriIntegrationTests.assertRefused(wsePort(), keys.unsigned(keys.claims("mallory", keys.issuer())));
		JwkSetUriIntegrationTests.assertRefused(wsePort(),
				keys.hs256WithThePublicKey(keys.claims("mallory", keys.issuer())));
		JwkSetUriIntegrationTests.assertRefused(wsePort(),
				keys.rs256WithAnotherKey(keys.claims("mallory", keys.issuer())));
	}

}
