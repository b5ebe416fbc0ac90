package dev.wse.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wse.autoconfigure.WseProperties;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.spring.security.JwtAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tries to make WSE leak its secrets: with an HS256 secret and a previous secret
 * configured and WSE's loggers at TRACE, it drives every kind of handshake failure (no
 * token, bad signature, expired, not yet valid, wrong issuer and audience, over 8 KiB,
 * malformed, signed with the previous secret after its window, an authenticator that
 * throws; the header limits of the container and of the Netty transport are raised so
 * that the 8 KiB token reaches WSE) and accepted connections, then reads everything an
 * operator or a client can see: all log output, {@code /actuator/health} with details,
 * every metric name and tag value, {@code /actuator/wse}, {@code /actuator/configprops},
 * {@code /actuator/env}, and every frame and close reason the clients received. Neither
 * secret, nor any token, nor any token's signature appears anywhere.
 */
@SpringBootTest(classes = { WseTestApplication.class, SecretsDoNotLeakIntegrationTests.ExplodingAuthenticator.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + SecretsDoNotLeakIntegrationTests.SECRET,
				"wse.security.jwt.previous-secret=" + SecretsDoNotLeakIntegrationTests.PREVIOUS_SECRET,
				"wse.security.jwt.previous-secret-valid-until=2020-01-01T00:00:00Z",
				"wse.security.jwt.issuer=" + Tokens.ISSUER, "wse.security.jwt.audience=" + Tokens.AUDIENCE,
				"server.max-http-request-header-size=64KB", "wse.netty.max-header-size=64KB",
				"management.endpoints.web.exposure.include=*", "management.endpoint.health.show-details=always",
				"logging.level.dev.wse=TRACE", "logging.level.org.springframework.security=DEBUG",
				"logging.level.org.springframework.web.socket=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class SecretsDoNotLeakIntegrationTests {

	static final String SECRET = "leak-test-current-secret-Zq8vN3xR7tK2mW9pL4";

	static final String PREVIOUS_SECRET = "leak-test-previous-secret-Hc5jB1yD6fG0sA3e";

	private static final String OTHER_SECRET = "leak-test-forged-secret-Uu2iO7pQ9wE4rT1y";

	/** A header that makes the test authenticator throw. */
	private static final String EXPLODE = "X-Explode";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private int wsePort() {
		return WsePorts.wsePort(this.context, this.port);
	}

	@Test
	void secretsAndTokensAppearNowhere(CapturedOutput output) throws Exception {
		List<String> tokens = new ArrayList<>();
		List<String> seenByClients = new ArrayList<>();
		// accepted: the current secret
		String valid = sign(SECRET, claims("alice").build());
		tokens.add(valid);
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), valid)) {
			seenByClients.add(socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT));
			socket.sendText("{\"t\":\"no_such_type\",\"p\":{\"token\":\"" + valid + "\"}}");
			seenByClients.add(socket.awaitText((text) -> text.contains("\"error\""), TestClients.WAIT));
		}
		// refused: every way a token can fail
		Map<String, String> refused = Map.of("bad signature", sign(OTHER_SECRET, claims("mallory").build()), "expired",
				sign(SECRET,
						claims("mallory").expirationTime(java.util.Date.from(Instant.now().minusSeconds(3600)))
							.build()),
				"not yet valid",
				sign(SECRET,
						claims("mallory").notBeforeTime(java.util.Date.from(Instant.now().plusSeconds(3600))).build()),
				"wrong issuer", sign(SECRET, claims("mallory").issuer("https://elsewhere.test").build()),
				"wrong audience", sign(SECRET, claims("mallory").audience("elsewhere").build()), "over 8 KiB",
				sign(SECRET, claims("mallory").claim("padding", "p".repeat(9000)).build()),
				"previous secret after its window", sign(PREVIOUS_SECRET, claims("mallory").build()), "malformed",
				"eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24." + Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString("forged-signature-bytes-xyz".getBytes(StandardCharsets.US_ASCII)),
				"no subject", sign(SECRET, claims(null).build()));
		for (Map.Entry<String, String> entry : refused.entrySet()) {
			tokens.add(entry.getValue());
			try (RawWebSocket socket = RawWebSocket.connect(wsePort(), entry.getValue())) {
				seenByClients.add(socket.awaitText((text) -> text.contains("\"AUTH_FAILED\""), TestClients.WAIT));
				int code = socket.closeCode().get(5, TimeUnit.SECONDS);
				assertThat(code).as(entry.getKey()).isEqualTo(4401);
			}
		}
		// an authenticator that throws
		String exploding = sign(SECRET, claims("bob").build());
		tokens.add(exploding);
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), exploding, Map.of(EXPLODE, "1"))) {
			seenByClients.add(socket.awaitText((text) -> text.contains("\"AUTH_FAILED\""), TestClients.WAIT));
			socket.closeCode().get(5, TimeUnit.SECONDS);
		}
		// what operators see
		List<String> operatorViews = new ArrayList<>();
		operatorViews.add(get("/actuator/health"));
		operatorViews.add(get("/actuator/wse"));
		operatorViews.add(get("/actuator/configprops"));
		operatorViews.add(get("/actuator/env"));
		String metrics = get("/actuator/metrics");
		operatorViews.add(metrics);
		for (JsonNode name : JsonMapper.shared().readTree(metrics).path("names")) {
			operatorViews.add(get("/actuator/metrics/" + name.asString()));
		}
		assertThat(operatorViews.get(0)).contains("\"security\":\"custom\"");
		assertThat(metrics).contains("wse.");
		List<String> secrets = new ArrayList<>(List.of(SECRET, PREVIOUS_SECRET, OTHER_SECRET));
		for (String token : tokens) {
			secrets.add(token);
			secrets.add(token.substring(token.lastIndexOf('.') + 1));
		}
		secrets.removeIf(String::isEmpty);
		String logs = output.getAll();
		assertThat(logs).as("the failures were logged").contains("Rejected WSE handshake token");
		assertThat(logs).contains("Authenticator failed");
		for (String secret : secrets) {
			String shown = secret.substring(0, Math.min(12, secret.length())) + "…";
			assertThat(logs).as("logs contain %s", shown).doesNotContain(secret);
			for (String view : operatorViews) {
				assertThat(view).as("actuator output contains %s", shown).doesNotContain(secret);
			}
			for (String frame : seenByClients) {
				assertThat(frame).as("a client frame contains %s", shown).doesNotContain(secret);
			}
		}
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private static JWTClaimsSet.Builder claims(String subject) {
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(Tokens.ISSUER)
			.audience(Tokens.AUDIENCE)
			.issueTime(new java.util.Date())
			.expirationTime(java.util.Date.from(Instant.now().plusSeconds(300)));
	}

	private static String sign(String secret, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	/**
	 * The application's authenticator: WSE's HS256 authenticator built from the
	 * {@code wse.security.jwt.*} properties, which throws when the upgrade request
	 * carries {@value #EXPLODE} (a directory lookup failing, say).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ExplodingAuthenticator {

		@Bean
		Authenticator explodingAuthenticator(WseProperties properties) {
			WseProperties.Security.Jwt jwt = properties.getSecurity().getJwt();
			JwtAuthenticator delegate = JwtAuthenticator.withSecrets(jwt.getSecret(), jwt.getPreviousSecret(),
					jwt.getPreviousSecretValidUntil(), jwt.getIssuer(), jwt.getAudience());
			return (request) -> {
				if (request.header(EXPLODE) != null) {
					throw new IllegalStateException("User directory unavailable");
				}
				AuthenticationResult result = delegate.authenticate(request);
				return result;
			};
		}

	}

}
