package dev.wse.spring.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JwtAuthenticator}, with the HS256 vectors of
 * {@code shared/conformance/vectors.json} and tokens minted with Nimbus.
 *
 * @author WSE team
 */
class JwtAuthenticatorTests {

	static final String SECRET = "conformance-secret-0123456789-abcdefgh";

	/** Conformance token: sub=alice, iss=wse-test, aud=wse-test-api, exp in 2100. */
	static final String TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImlzcyI6IndzZS10ZXN0Iiw"
			+ "iYXVkIjoid3NlLXRlc3QtYXBpIiwiaWF0IjoxNzY0MTAwMDAwLCJleHAiOjQxMDI0NDQ4MDB9."
			+ "mW6plUT2WOnNrl8GOqrk3SM4bFMV2LM9gDOL3XsrXNg";

	/** The conformance token with a forged signature. */
	static final String FORGED_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImlzcyI6IndzZS10ZXN0I"
			+ "iwiYXVkIjoid3NlLXRlc3QtYXBpIiwiaWF0IjoxNzY0MTAwMDAwLCJleHAiOjQxMDI0NDQ4MDB9."
			+ "HldcrHexXib21CBvs5M3Nrawzr2ZAILtjb6RCgVdeG4";

	static final String PREVIOUS_SECRET = "previous-secret-0123456789-abcdefghijk";

	private final JwtAuthenticator authenticator = JwtAuthenticator.withSecret(SECRET, "wse-test", "wse-test-api");

	@Test
	void conformanceTokenInCookieAuthenticatesAlice() {
		AuthenticationResult result = this.authenticator.authenticate(request("access_token=" + TOKEN, null));
		assertThat(result.isAccepted()).isTrue();
		WsePrincipal principal = result.principal();
		assertThat(principal).isNotNull();
		assertThat(principal.userId()).isEqualTo("alice");
		assertThat(principal.claims()).containsEntry("iss", "wse-test").containsKey("exp");
		assertThat(principal.credentials()).isInstanceOfSatisfying(Jwt.class,
				(jwt) -> assertThat(jwt.getTokenValue()).isEqualTo(TOKEN));
	}

	@Test
	void resultCarriesTheTokenExpiryPlusTheLeeway() {
		AuthenticationResult result = this.authenticator.authenticate(request(null, "Bearer " + TOKEN));
		assertThat(result.expiresAt()).isEqualTo(Instant.ofEpochSecond(4102444800L).plusSeconds(30));
	}

	@Test
	void credentialsTokenIsVerifiedWithTheSameRules() {
		AuthenticationResult result = this.authenticator.authenticateCredentials(credentials("token", TOKEN));
		assertThat(result.isAccepted()).isTrue();
		assertThat(result.principal().userId()).isEqualTo("alice");
		assertThat(result.expiresAt()).isEqualTo(Instant.ofEpochSecond(4102444800L).plusSeconds(30));
		assertThat(this.authenticator.authenticateCredentials(credentials("token", FORGED_TOKEN)).errorCode())
			.isEqualTo(ErrorCode.AUTH_FAILED);
		assertThat(this.authenticator.authenticateCredentials(credentials("token", "x".repeat(9000))).errorCode())
			.isEqualTo(ErrorCode.AUTH_FAILED);
	}

	@Test
	void credentialsWithoutAStringTokenFail() {
		tools.jackson.databind.node.JsonNodeFactory nodes = tools.jackson.databind.node.JsonNodeFactory.instance;
		assertThat(this.authenticator.authenticateCredentials(credentials("password", TOKEN)).errorCode())
			.isEqualTo(ErrorCode.AUTH_FAILED);
		assertThat(this.authenticator.authenticateCredentials(credentials("token", "")).isAccepted()).isFalse();
		assertThat(this.authenticator.authenticateCredentials(nodes.objectNode().put("token", 42)).isAccepted())
			.isFalse();
		assertThat(this.authenticator.authenticateCredentials(nodes.arrayNode().add(TOKEN)).isAccepted()).isFalse();
		assertThat(this.authenticator.authenticateCredentials(nodes.nullNode()).isAccepted()).isFalse();
	}

	private static tools.jackson.databind.JsonNode credentials(String name, String value) {
		return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put(name, value);
	}

	@Test
	void conformanceTokenAsBearerAuthenticatesAlice() {
		AuthenticationResult result = this.authenticator.authenticate(request(null, "Bearer " + TOKEN));
		assertThat(result.isAccepted()).isTrue();
		assertThat(result.principal().userId()).isEqualTo("alice");
	}

	@Test
	void bearerPrefixIsCaseInsensitive() {
		assertThat(this.authenticator.authenticate(request(null, "bEaReR " + TOKEN)).isAccepted()).isTrue();
	}

	@Test
	void cookieIsReadBeforeTheAuthorizationHeader() throws Exception {
		String bob = mint(claims("bob"));
		AuthenticationResult result = this.authenticator
			.authenticate(request("theme=dark; access_token=" + bob, "Bearer " + TOKEN));
		assertThat(result.principal().userId()).isEqualTo("bob");
	}

	@Test
	void emptyCookieFallsBackToTheAuthorizationHeader() {
		AuthenticationResult result = this.authenticator
			.authenticate(request("access_token=undefined", "Bearer " + TOKEN));
		assertThat(result.principal().userId()).isEqualTo("alice");
	}

	@Test
	void missingTokenIsAuthRequired() {
		assertFailure(this.authenticator.authenticate(request(null, null)), ErrorCode.AUTH_REQUIRED,
				"No JWT cookie or Authorization header");
		assertFailure(this.authenticator.authenticate(request("other=1", "Basic abc")), ErrorCode.AUTH_REQUIRED,
				"No JWT cookie or Authorization header");
	}

	@Test
	void forgedSignatureFails() {
		assertFailure(this.authenticator.authenticate(request("access_token=" + FORGED_TOKEN, null)),
				ErrorCode.AUTH_FAILED, "Authentication failed");
	}

	@Test
	void malformedTokenFails() {
		assertFailure(this.authenticator.authenticate(request(null, "Bearer not-a-jwt")), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void tokenSignedWithAnotherSecretFails() throws Exception {
		String token = mint(claims("alice"), "another-secret-0123456789-abcdefghijkl");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + token)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void expiredTokenFails() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.put("iat", Date.from(Instant.now().minusSeconds(600)));
		claims.put("exp", Date.from(Instant.now().minusSeconds(120)));
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void tokenExpiredWithinTheClockSkewIsAccepted() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.put("iat", Date.from(Instant.now().minusSeconds(60)));
		claims.put("exp", Date.from(Instant.now().minusSeconds(5)));
		assertThat(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))).isAccepted()).isTrue();
	}

	@Test
	void tokenWithoutExpiryFails() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.remove("exp");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void tokenNotYetValidFails() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.put("nbf", Date.from(Instant.now().plusSeconds(120)));
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void wrongIssuerFails() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.put("iss", "someone-else");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void missingIssuerFailsWhenAnIssuerIsConfigured() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.remove("iss");
		String token = mint(claims);
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + token)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
		JwtAuthenticator withoutIssuer = JwtAuthenticator.withSecret(SECRET, null, "wse-test-api");
		assertThat(withoutIssuer.authenticate(request(null, "Bearer " + token)).isAccepted()).isTrue();
	}

	@Test
	void wrongOrMissingAudienceFailsWhenAnAudienceIsConfigured() throws Exception {
		Map<String, Object> wrong = claims("alice");
		wrong.put("aud", List.of("other-api"));
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(wrong))), ErrorCode.AUTH_FAILED,
				"Authentication failed");
		Map<String, Object> missing = claims("alice");
		missing.remove("aud");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(missing))), ErrorCode.AUTH_FAILED,
				"Authentication failed");
		Map<String, Object> several = claims("alice");
		several.put("aud", List.of("other-api", "wse-test-api"));
		assertThat(this.authenticator.authenticate(request(null, "Bearer " + mint(several))).isAccepted()).isTrue();
	}

	@Test
	void missingSubjectFailsWithTokenMissingUserId() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.remove("sub");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))), ErrorCode.AUTH_FAILED,
				"Token missing user ID");
		claims.put("sub", "");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + mint(claims))), ErrorCode.AUTH_FAILED,
				"Token missing user ID");
	}

	@Test
	void oversizedTokenFailsWithoutBeingDecoded() throws Exception {
		Map<String, Object> claims = claims("alice");
		claims.put("padding", "x".repeat(JwtAuthenticator.MAX_TOKEN_LENGTH));
		String token = mint(claims);
		assertThat(token.length()).isGreaterThan(JwtAuthenticator.MAX_TOKEN_LENGTH);
		JwtDecoder failing = (value) -> {
			throw new AssertionError("decoder must not be called");
		};
		assertFailure(new JwtAuthenticator(failing).authenticate(request(null, "Bearer " + token)),
				ErrorCode.AUTH_FAILED, "Authentication failed");
		assertFailure(this.authenticator.authenticate(request(null, "Bearer " + token)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void decoderFailuresNeverLeakTheirDetail() {
		JwtDecoder decoder = (value) -> {
			throw new JwtException("signing key kid-42 not found in https://internal.example/jwks");
		};
		assertFailure(new JwtAuthenticator(decoder).authenticate(request(null, "Bearer " + TOKEN)),
				ErrorCode.AUTH_FAILED, "Authentication failed");
		JwtDecoder broken = (value) -> {
			throw new IllegalStateException("boom");
		};
		assertFailure(new JwtAuthenticator(broken).authenticate(request(null, "Bearer " + TOKEN)),
				ErrorCode.AUTH_FAILED, "Authentication failed");
	}

	@Test
	void applicationDecoderIsReportedAsCustomJwtDecoder() {
		JwtAuthenticator custom = new JwtAuthenticator(JwtAuthenticator.hs256Decoder(SECRET, null, null));
		assertThat(custom.securityMode()).isEqualTo(WseSecurityMode.CUSTOM_JWT_DECODER);
		assertThat(this.authenticator.securityMode()).isEqualTo(WseSecurityMode.JWT);
		assertThat(custom.authenticate(request(null, "Bearer " + TOKEN)).isAccepted()).isTrue();
	}

	@Test
	void secretShorterThan32BytesIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JwtAuthenticator.withSecret("too-short", null, null))
			.withMessageContaining("at least 32 bytes");
	}

	@Test
	void previousSecretIsAcceptedDuringTheRotationWindow() throws Exception {
		String oldToken = mint(claims("carol"), PREVIOUS_SECRET);
		Instant until = Instant.parse("2026-12-01T00:00:00Z");
		JwtAuthenticator rotating = JwtAuthenticator.withSecrets(SECRET, PREVIOUS_SECRET, until, "wse-test",
				"wse-test-api", Clock.fixed(until.minusSeconds(1), ZoneOffset.UTC));
		AuthenticationResult result = rotating.authenticate(request(null, "Bearer " + oldToken));
		assertThat(result.isAccepted()).isTrue();
		assertThat(result.principal().userId()).isEqualTo("carol");
		assertThat(rotating.authenticate(request("access_token=" + TOKEN, null)).principal().userId())
			.isEqualTo("alice");
		assertThat(rotating.securityMode()).isEqualTo(WseSecurityMode.JWT);
		JwtAuthenticator unbounded = JwtAuthenticator.withSecrets(SECRET, PREVIOUS_SECRET, null, null, null);
		assertThat(unbounded.authenticate(request(null, "Bearer " + oldToken)).isAccepted()).isTrue();
	}

	@Test
	void previousSecretIsRejectedAfterTheRotationWindow() throws Exception {
		String oldToken = mint(claims("carol"), PREVIOUS_SECRET);
		Instant until = Instant.parse("2026-12-01T00:00:00Z");
		JwtAuthenticator rotating = JwtAuthenticator.withSecrets(SECRET, PREVIOUS_SECRET, until, null, null,
				Clock.fixed(until, ZoneOffset.UTC));
		assertFailure(rotating.authenticate(request(null, "Bearer " + oldToken)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
		assertThat(rotating.authenticate(request(null, "Bearer " + TOKEN)).isAccepted()).isTrue();
		JwtAuthenticator past = JwtAuthenticator.withSecrets(SECRET, PREVIOUS_SECRET, Instant.now().minusSeconds(1),
				null, null);
		assertFailure(past.authenticate(request(null, "Bearer " + oldToken)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void previousSecretAppliesTheSameValidators() throws Exception {
		JwtAuthenticator rotating = JwtAuthenticator.withSecrets(SECRET, PREVIOUS_SECRET, null, "wse-test",
				"wse-test-api");
		Map<String, Object> wrongIssuer = claims("carol");
		wrongIssuer.put("iss", "someone-else");
		assertFailure(rotating.authenticate(request(null, "Bearer " + mint(wrongIssuer, PREVIOUS_SECRET))),
				ErrorCode.AUTH_FAILED, "Authentication failed");
		Map<String, Object> noExpiry = claims("carol");
		noExpiry.remove("exp");
		assertFailure(rotating.authenticate(request(null, "Bearer " + mint(noExpiry, PREVIOUS_SECRET))),
				ErrorCode.AUTH_FAILED, "Authentication failed");
		Map<String, Object> expired = claims("carol");
		expired.put("iat", Date.from(Instant.now().minusSeconds(600)));
		expired.put("exp", Date.from(Instant.now().minusSeconds(120)));
		assertFailure(rotating.authenticate(request(null, "Bearer " + mint(expired, PREVIOUS_SECRET))),
				ErrorCode.AUTH_FAILED, "Authentication failed");
	}

	@Test
	void tokenSignedWithNeitherSecretFailsDuringRotation() throws Exception {
		JwtAuthenticator rotating = JwtAuthenticator.withSecrets(SECRET, PREVIOUS_SECRET, null, null, null);
		String token = mint(claims("mallory"), "another-secret-0123456789-abcdefghijkl");
		assertFailure(rotating.authenticate(request(null, "Bearer " + token)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
		assertFailure(rotating.authenticate(request(null, "Bearer " + FORGED_TOKEN)), ErrorCode.AUTH_FAILED,
				"Authentication failed");
	}

	@Test
	void previousSecretShorterThan32BytesIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwtAuthenticator.withSecrets(SECRET, "too-short", null, null, null))
			.withMessageContaining("at least 32 bytes");
	}

	@Test
	void queryParameterIsReadOnlyWhenEnabled() {
		String query = "?access_token=" + TOKEN;
		assertFailure(this.authenticator.authenticate(request(query, null, null, null)), ErrorCode.AUTH_REQUIRED,
				"No JWT cookie or Authorization header");
		assertThat(this.authenticator.queryParameter()).isNull();
		JwtAuthenticator withQuery = this.authenticator.withQueryParameter("access_token");
		assertThat(withQuery.queryParameter()).isEqualTo("access_token");
		AuthenticationResult result = withQuery.authenticate(request(query, null, null, null));
		assertThat(result.isAccepted()).isTrue();
		assertThat(result.principal().userId()).isEqualTo("alice");
		assertFailure(withQuery.authenticate(request("?access_token=", null, null, null)), ErrorCode.AUTH_REQUIRED,
				"No JWT cookie or Authorization header");
		assertFailure(withQuery.authenticate(request("?access_token=" + FORGED_TOKEN, null, null, null)),
				ErrorCode.AUTH_FAILED, "Authentication failed");
		assertThat(this.authenticator.withQueryParameter("").queryParameter()).isNull();
	}

	@Test
	void queryParameterComesAfterTheCookieAndTheAuthorizationHeader() throws Exception {
		JwtAuthenticator withQuery = this.authenticator.withQueryParameter("token");
		String query = "?token=" + TOKEN;
		String bob = mint(claims("bob"));
		String carol = mint(claims("carol"));
		assertThat(withQuery.authenticate(request(query, "access_token=" + bob, null, null)).principal().userId())
			.isEqualTo("bob");
		assertThat(withQuery.authenticate(request(query, null, "Bearer " + carol, null)).principal().userId())
			.isEqualTo("carol");
		assertThat(withQuery.authenticate(request("?access_token=" + bob + "&token=" + TOKEN, null, null, null))
			.principal()
			.userId()).isEqualTo("alice");
	}

	@Test
	void sessionPrincipalIsUsedWhenNoTokenIsPresent() {
		Authentication session = UsernamePasswordAuthenticationToken.authenticated("dave", null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		assertThat(this.authenticator.isSessionPrincipalEnabled()).isTrue();
		AuthenticationResult result = this.authenticator.authenticate(request(null, null, null, session));
		assertThat(result.isAccepted()).isTrue();
		assertThat(result.principal().userId()).isEqualTo("dave");
		assertThat(result.principal().claims()).isEmpty();
		assertThat(result.principal().credentials()).isSameAs(session);
	}

	@Test
	void sessionPrincipalCarryingAJwtExposesItsClaims() {
		Jwt jwt = Jwt.withTokenValue("opaque").header("alg", "none").subject("erin").claim("scope", "read").build();
		Authentication session = UsernamePasswordAuthenticationToken.authenticated(jwt, jwt,
				AuthorityUtils.NO_AUTHORITIES);
		AuthenticationResult result = this.authenticator.authenticate(request(null, null, null, session));
		assertThat(result.principal().claims()).containsEntry("sub", "erin").containsEntry("scope", "read");
		assertThat(result.principal().credentials()).isSameAs(session);
	}

	@Test
	void tokenWinsOverTheSessionPrincipalAndMustVerify() {
		Authentication session = UsernamePasswordAuthenticationToken.authenticated("dave", null,
				AuthorityUtils.NO_AUTHORITIES);
		assertThat(
				this.authenticator.authenticate(request(null, null, "Bearer " + TOKEN, session)).principal().userId())
			.isEqualTo("alice");
		assertFailure(this.authenticator.authenticate(request(null, null, "Bearer " + FORGED_TOKEN, session)),
				ErrorCode.AUTH_FAILED, "Authentication failed");
	}

	@Test
	void sessionPrincipalIsIgnoredWhenDisabled() {
		Authentication session = UsernamePasswordAuthenticationToken.authenticated("dave", null,
				AuthorityUtils.NO_AUTHORITIES);
		JwtAuthenticator disabled = this.authenticator.withSessionPrincipal(false);
		assertThat(disabled.isSessionPrincipalEnabled()).isFalse();
		assertFailure(disabled.authenticate(request(null, null, null, session)), ErrorCode.AUTH_REQUIRED,
				"No JWT cookie or Authorization header");
	}

	@Test
	void anonymousUnauthenticatedOrNonSpringPrincipalsAreNotUsed() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		Authentication unauthenticated = UsernamePasswordAuthenticationToken.unauthenticated("dave", "secret");
		Principal plain = () -> "frank";
		for (Principal principal : List.of(anonymous, unauthenticated, plain)) {
			assertFailure(this.authenticator.authenticate(request(null, null, null, principal)),
					ErrorCode.AUTH_REQUIRED, "No JWT cookie or Authorization header");
		}
	}

	private static void assertFailure(AuthenticationResult result, ErrorCode code, String message) {
		assertThat(result.isAccepted()).isFalse();
		assertThat(result.principal()).isNull();
		assertThat(result.errorCode()).isEqualTo(code);
		assertThat(result.message()).isEqualTo(message);
	}

	static HandshakeRequest request(String cookie, String authorization) {
		return request("", cookie, authorization, null);
	}

	static HandshakeRequest request(String query, String cookie, String authorization, Principal principal) {
		Map<String, List<String>> headers = new HashMap<>();
		if (cookie != null) {
			headers.put("Cookie", List.of(cookie));
		}
		if (authorization != null) {
			headers.put("Authorization", List.of(authorization));
		}
		return new HandshakeRequest(URI.create("ws://localhost/wse" + query), headers, null, principal);
	}

	static Map<String, Object> claims(String subject) {
		Map<String, Object> claims = new HashMap<>();
		claims.put("sub", subject);
		claims.put("iss", "wse-test");
		claims.put("aud", "wse-test-api");
		claims.put("iat", Date.from(Instant.now()));
		claims.put("exp", Date.from(Instant.now().plusSeconds(300)));
		return claims;
	}

	static String mint(Map<String, Object> claims) throws JOSEException {
		return mint(claims, SECRET);
	}

	static String mint(Map<String, Object> claims, String secret) throws JOSEException {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.forEach(builder::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

}
