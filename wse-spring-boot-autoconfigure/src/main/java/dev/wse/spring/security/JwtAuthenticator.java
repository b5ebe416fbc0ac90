package dev.wse.spring.security;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.protocol.ErrorCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * {@link Authenticator} that verifies a JWT from the handshake with Spring Security's
 * {@link JwtDecoder}. The token is read from the {@code access_token} cookie first, then
 * from the {@code Authorization: Bearer} header, then, only when
 * {@link #withQueryParameter(String) enabled}, from a query parameter; its {@code sub}
 * claim becomes the user id. When no token is present and the upgrade request already
 * carries an authenticated, non-anonymous Spring Security {@link Authentication} (session
 * login), that principal is used instead unless {@link #withSessionPrincipal(boolean)
 * disabled}; a token, when present, always wins and must verify. Failures follow the WSE
 * v2 protocol: {@code AUTH_REQUIRED} when no token (and no usable session principal) is
 * present, {@code AUTH_FAILED} for any invalid token (the reason is logged, never sent),
 * then close code 4401. The same rules apply to the {@code token} of post-connect
 * {@code authenticate} and {@code refresh_token} messages
 * ({@link #authenticateCredentials(JsonNode)}). Results carry the token's {@code exp}
 * (plus the {@link #CLOCK_SKEW}) as expiry, at which the engine closes the connection
 * with 4401 {@code Token expired} unless the client refreshed its token.
 *
 * @author WSE team
 * @since 0.1.0
 */
public final class JwtAuthenticator implements Authenticator {

	/**
	 * Name of the cookie that carries the token.
	 */
	public static final String COOKIE_NAME = "access_token";

	/**
	 * Maximum length of a token in bytes; longer tokens are rejected without decoding.
	 */
	public static final int MAX_TOKEN_LENGTH = 8192;

	/**
	 * Minimum length of an HS256 secret in bytes.
	 */
	public static final int MIN_SECRET_LENGTH = 32;

	/**
	 * Clock skew tolerated when checking {@code exp} and {@code nbf}.
	 */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/**
	 * Connect and read timeout when fetching a JWK Set or a discovery document.
	 */
	static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(5);

	static final String NO_TOKEN_MESSAGE = "No JWT cookie or Authorization header";

	static final String FAILED_MESSAGE = "Authentication failed";

	static final String MISSING_USER_MESSAGE = "Token missing user ID";

	static final String NO_CREDENTIALS_TOKEN_MESSAGE = "No token in credentials";

	/**
	 * Member of the {@code authenticate} / {@code refresh_token} payload that carries the
	 * token.
	 */
	public static final String TOKEN_MEMBER = "token";

	private static final Log logger = LogFactory.getLog(JwtAuthenticator.class);

	private final JwtDecoder decoder;

	private final WseSecurityMode securityMode;

	private final @Nullable String queryParameter;

	private final boolean sessionPrincipal;

	/**
	 * Create an authenticator that verifies tokens with an application's decoder (RS256
	 * from a JWK set, for example). The decoder's validators decide which claims are
	 * required.
	 * @param decoder the decoder
	 */
	public JwtAuthenticator(JwtDecoder decoder) {
		this(decoder, WseSecurityMode.CUSTOM_JWT_DECODER);
	}

	private JwtAuthenticator(JwtDecoder decoder, WseSecurityMode securityMode) {
		this(decoder, securityMode, null, true);
	}

	private JwtAuthenticator(JwtDecoder decoder, WseSecurityMode securityMode, @Nullable String queryParameter,
			boolean sessionPrincipal) {
		Assert.notNull(decoder, "'decoder' must not be null");
		this.decoder = decoder;
		this.securityMode = securityMode;
		this.queryParameter = queryParameter;
		this.sessionPrincipal = sessionPrincipal;
	}

	/**
	 * Return a copy of this authenticator that also reads the token from a query
	 * parameter, after the cookie and the {@code Authorization} header. URLs end up in
	 * access logs, proxies and browser history, so a token passed this way leaks more
	 * easily than one in a header or cookie.
	 * @param name the parameter name (for example {@code access_token}), or {@code null}
	 * or empty not to read a query parameter
	 * @return the authenticator
	 */
	public JwtAuthenticator withQueryParameter(@Nullable String name) {
		return new JwtAuthenticator(this.decoder, this.securityMode, StringUtils.hasText(name) ? name : null,
				this.sessionPrincipal);
	}

	/**
	 * Return a copy of this authenticator that uses (or ignores) an authenticated Spring
	 * Security principal of the upgrade request when no token is present. Enabled by
	 * default.
	 * @param enabled whether to use the session principal
	 * @return the authenticator
	 */
	public JwtAuthenticator withSessionPrincipal(boolean enabled) {
		return new JwtAuthenticator(this.decoder, this.securityMode, this.queryParameter, enabled);
	}

	/**
	 * Create an authenticator that verifies HS256 tokens signed with a shared secret.
	 * @param secret the secret (UTF-8, at least {@value #MIN_SECRET_LENGTH} bytes)
	 * @param issuer the required {@code iss}, or {@code null} not to check it
	 * @param audience the audience {@code aud} must contain, or {@code null} not to check
	 * it
	 * @return the authenticator
	 * @throws IllegalArgumentException if the secret is too short
	 * @see #hs256Decoder(String, String, String)
	 */
	public static JwtAuthenticator withSecret(String secret, @Nullable String issuer, @Nullable String audience) {
		return new JwtAuthenticator(hs256Decoder(secret, issuer, audience), WseSecurityMode.JWT);
	}

	/**
	 * Create an authenticator that verifies HS256 tokens signed with a shared secret and,
	 * during a key rotation, with the previous secret: a token that fails verification
	 * with the current secret is verified again with the previous one (same validators)
	 * as long as {@code previousSecretValidUntil} has not been reached.
	 * @param secret the secret (UTF-8, at least {@value #MIN_SECRET_LENGTH} bytes)
	 * @param previousSecret the previous secret (at least {@value #MIN_SECRET_LENGTH}
	 * bytes), or {@code null} for none
	 * @param previousSecretValidUntil the instant from which the previous secret is no
	 * longer accepted, or {@code null} to accept it as long as it is configured
	 * @param issuer the required {@code iss}, or {@code null} not to check it
	 * @param audience the audience {@code aud} must contain, or {@code null} not to check
	 * it
	 * @return the authenticator
	 * @throws IllegalArgumentException if a secret is too short
	 */
	public static JwtAuthenticator withSecrets(String secret, @Nullable String previousSecret,
			@Nullable Instant previousSecretValidUntil, @Nullable String issuer, @Nullable String audience) {
		return withSecrets(secret, previousSecret, previousSecretValidUntil, issuer, audience, Clock.systemUTC());
	}

	static JwtAuthenticator withSecrets(String secret, @Nullable String previousSecret,
			@Nullable Instant previousSecretValidUntil, @Nullable String issuer, @Nullable String audience,
			Clock clock) {
		JwtDecoder current = hs256Decoder(secret, issuer, audience);
		if (previousSecret == null) {
			return new JwtAuthenticator(current, WseSecurityMode.JWT);
		}
		JwtDecoder previous = hs256Decoder(previousSecret, issuer, audience);
		return new JwtAuthenticator(new RotatingJwtDecoder(current, previous, previousSecretValidUntil, clock),
				WseSecurityMode.JWT);
	}

	/**
	 * Create an HS256 decoder for a shared secret. It requires {@code exp} and checks
	 * {@code exp} / {@code nbf} with a {@link #CLOCK_SKEW} tolerance; when an issuer or
	 * an audience is given, the {@code iss} / {@code aud} claim is required and must
	 * match.
	 * @param secret the secret (UTF-8, at least {@value #MIN_SECRET_LENGTH} bytes)
	 * @param issuer the required {@code iss}, or {@code null} not to check it
	 * @param audience the audience {@code aud} must contain, or {@code null} not to check
	 * it
	 * @return the decoder
	 * @throws IllegalArgumentException if the secret is too short
	 */
	public static NimbusJwtDecoder hs256Decoder(String secret, @Nullable String issuer, @Nullable String audience) {
		Assert.notNull(secret, "'secret' must not be null");
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < MIN_SECRET_LENGTH) {
			throw new IllegalArgumentException("The HS256 JWT secret must be at least " + MIN_SECRET_LENGTH
					+ " bytes (256 bits) long but is " + key.length + " bytes");
		}
		SecretKey secretKey = new SecretKeySpec(key, "HmacSHA256");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(secretKey).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(validator(issuer, audience));
		return decoder;
	}

	/**
	 * Create an authenticator that verifies tokens signed with the public keys of a JSON
	 * Web Key Set, with the validators of {@link #hs256Decoder}.
	 * @param jwkSetUri the URI of the JWK Set
	 * @param algorithms the accepted JWS algorithms (for example {@code RS256},
	 * {@code ES256}); others are refused
	 * @param issuer the required {@code iss}, or {@code null} not to check it
	 * @param audience the audience {@code aud} must contain, or {@code null} not to check
	 * it
	 * @return the authenticator
	 * @throws IllegalArgumentException if an algorithm is not a public-key signature
	 * algorithm
	 */
	public static JwtAuthenticator withJwkSetUri(String jwkSetUri, Collection<String> algorithms,
			@Nullable String issuer, @Nullable String audience) {
		return new JwtAuthenticator(jwkSetDecoder(jwkSetUri, algorithms, issuer, audience), WseSecurityMode.JWT);
	}

	/**
	 * Create an authenticator for an OpenID Connect issuer: its discovery document
	 * ({@code /.well-known/openid-configuration}) names the JWK Set. The document is read
	 * at the first handshake (and again at later ones while it cannot be read), so the
	 * application starts while the issuer is unreachable; {@code iss} must equal the
	 * issuer URI. Validators as {@link #hs256Decoder}.
	 * @param issuerUri the issuer
	 * @param algorithms the accepted JWS algorithms; others are refused
	 * @param audience the audience {@code aud} must contain, or {@code null} not to check
	 * it
	 * @return the authenticator
	 * @throws IllegalArgumentException if an algorithm is not a public-key signature
	 * algorithm
	 */
	public static JwtAuthenticator withIssuerUri(String issuerUri, Collection<String> algorithms,
			@Nullable String audience) {
		Set<SignatureAlgorithm> accepted = signatureAlgorithms(algorithms);
		return new JwtAuthenticator(new LazyJwtDecoder(() -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuerUri)
				.restOperations(restOperations())
				.jwsAlgorithms((set) -> {
					set.clear();
					set.addAll(accepted);
				})
				.build();
			decoder.setJwtValidator(validator(issuerUri, audience));
			return decoder;
		}), WseSecurityMode.JWT);
	}

	/**
	 * Create a decoder for the public keys of a JSON Web Key Set, with the validators of
	 * {@link #hs256Decoder}.
	 * @param jwkSetUri the URI of the JWK Set
	 * @param algorithms the accepted JWS algorithms; others are refused
	 * @param issuer the required {@code iss}, or {@code null} not to check it
	 * @param audience the audience {@code aud} must contain, or {@code null} not to check
	 * it
	 * @return the decoder
	 * @throws IllegalArgumentException if an algorithm is not a public-key signature
	 * algorithm
	 */
	public static NimbusJwtDecoder jwkSetDecoder(String jwkSetUri, Collection<String> algorithms,
			@Nullable String issuer, @Nullable String audience) {
		Set<SignatureAlgorithm> accepted = signatureAlgorithms(algorithms);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
			.restOperations(restOperations())
			.jwsAlgorithms((set) -> {
				set.clear();
				set.addAll(accepted);
			})
			.build();
		decoder.setJwtValidator(validator(issuer, audience));
		return decoder;
	}

	private static Set<SignatureAlgorithm> signatureAlgorithms(Collection<String> names) {
		if (names.isEmpty()) {
			throw new IllegalArgumentException("At least one JWS algorithm is required");
		}
		Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
		for (String name : names) {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(name.trim());
			if (algorithm == null) {
				throw new IllegalArgumentException("'" + name + "' is not a public-key JWS algorithm (use one of "
						+ Arrays.toString(SignatureAlgorithm.values()) + "; HS256 takes 'wse.security.jwt.secret')");
			}
			algorithms.add(algorithm);
		}
		return algorithms;
	}

	private static RestOperations restOperations() {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(KEY_FETCH_TIMEOUT);
		requests.setReadTimeout(KEY_FETCH_TIMEOUT);
		return new RestTemplate(requests);
	}

	/**
	 * The validators every WSE-configured decoder uses: {@code exp} required, {@code exp}
	 * / {@code nbf} with {@link #CLOCK_SKEW}, and {@code iss} / {@code aud} when given.
	 */
	private static OAuth2TokenValidator<Jwt> validator(@Nullable String issuer, @Nullable String audience) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setAllowEmptyExpiryClaim(false);
		validators.add(timestamps);
		if (StringUtils.hasText(issuer)) {
			validators.add(new JwtClaimValidator<@Nullable Object>(JwtClaimNames.ISS,
					(iss) -> iss != null && issuer.equals(iss.toString())));
		}
		if (StringUtils.hasText(audience)) {
			validators.add(new JwtClaimValidator<@Nullable Object>(JwtClaimNames.AUD,
					(aud) -> (aud instanceof Collection<?> values) ? values.contains(audience) : audience.equals(aud)));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	@Override
	public AuthenticationResult authenticate(HandshakeRequest request) {
		String token = token(request);
		if (token == null) {
			WsePrincipal sessionPrincipal = this.sessionPrincipal ? sessionPrincipal(request.principal()) : null;
			if (sessionPrincipal != null) {
				return AuthenticationResult.success(sessionPrincipal);
			}
			return AuthenticationResult.failure(ErrorCode.AUTH_REQUIRED, NO_TOKEN_MESSAGE);
		}
		return verify(token, "handshake");
	}

	/**
	 * Verify the token of an {@code authenticate} (post-connect mode) or
	 * {@code refresh_token} message: the string {@code token} member of the credentials
	 * object, with the same decoder and rules as a handshake token. A missing or
	 * non-string token fails with {@code AUTH_FAILED}.
	 * @param credentials the credentials object the client sent
	 * @return the result, carrying the token's {@code exp} plus the {@link #CLOCK_SKEW}
	 * as expiry
	 */
	@Override
	public AuthenticationResult authenticateCredentials(JsonNode credentials) {
		JsonNode token = credentials.path(TOKEN_MEMBER);
		if (!token.isString() || token.stringValue().isEmpty()) {
			return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, NO_CREDENTIALS_TOKEN_MESSAGE);
		}
		return verify(token.stringValue(), "message");
	}

	private AuthenticationResult verify(String token, String source) {
		if (isTooLong(token)) {
			logger.debug("Rejected WSE " + source + " token: longer than " + MAX_TOKEN_LENGTH + " bytes");
			return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, FAILED_MESSAGE);
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtException ex) {
			logger.debug("Rejected WSE " + source + " token: " + ex.getMessage());
			return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, FAILED_MESSAGE);
		}
		catch (RuntimeException ex) {
			logger.warn("JwtDecoder failed unexpectedly while verifying a WSE " + source + " token", ex);
			return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, FAILED_MESSAGE);
		}
		String subject = jwt.getSubject();
		if (!StringUtils.hasLength(subject)) {
			return AuthenticationResult.failure(ErrorCode.AUTH_FAILED, MISSING_USER_MESSAGE);
		}
		Instant expiresAt = jwt.getExpiresAt();
		return AuthenticationResult.success(new WsePrincipal(subject, claims(jwt), jwt),
				(expiresAt != null) ? expiresAt.plus(CLOCK_SKEW) : null);
	}

	private @Nullable String token(HandshakeRequest request) {
		String token = request.cookie(COOKIE_NAME);
		if (!StringUtils.hasLength(token)) {
			token = request.bearerToken();
		}
		if (!StringUtils.hasLength(token) && this.queryParameter != null) {
			token = request.queryParameter(this.queryParameter);
		}
		return StringUtils.hasLength(token) ? token : null;
	}

	private static @Nullable WsePrincipal sessionPrincipal(@Nullable Principal principal) {
		if (!(principal instanceof Authentication authentication) || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		String name = authentication.getName();
		if (!StringUtils.hasLength(name)) {
			return null;
		}
		Map<String, Object> claims = Map.of();
		if (authentication.getPrincipal() instanceof Jwt jwt) {
			claims = claims(jwt);
		}
		else if (authentication.getCredentials() instanceof Jwt jwt) {
			claims = claims(jwt);
		}
		return new WsePrincipal(name, claims, authentication);
	}

	private static boolean isTooLong(String token) {
		// Tokens are ASCII; count UTF-8 bytes only when the cheap bound is not
		// conclusive.
		if (token.length() > MAX_TOKEN_LENGTH) {
			return true;
		}
		return token.length() * 3 > MAX_TOKEN_LENGTH
				&& token.getBytes(StandardCharsets.UTF_8).length > MAX_TOKEN_LENGTH;
	}

	private static Map<String, Object> claims(Jwt jwt) {
		Map<String, Object> claims = new HashMap<>();
		jwt.getClaims().forEach((name, value) -> {
			if (value != null) {
				claims.put(name, value);
			}
		});
		return claims;
	}

	/**
	 * Return where this authenticator's decoder comes from.
	 * @return {@link WseSecurityMode#JWT} for a secret, otherwise
	 * {@link WseSecurityMode#CUSTOM_JWT_DECODER}
	 */
	public WseSecurityMode securityMode() {
		return this.securityMode;
	}

	/**
	 * Return the query parameter the token is read from as a last resort.
	 * @return the parameter name, or {@code null} when query-parameter tokens are
	 * disabled
	 */
	public @Nullable String queryParameter() {
		return this.queryParameter;
	}

	/**
	 * Return whether an authenticated Spring Security principal of the upgrade request is
	 * used when no token is present.
	 * @return whether session login is enabled
	 */
	public boolean isSessionPrincipalEnabled() {
		return this.sessionPrincipal;
	}

	/**
	 * Builds its decoder at the first use, and again at later ones while building fails
	 * (an issuer that cannot be reached yet).
	 */
	private static final class LazyJwtDecoder implements JwtDecoder {

		private final Supplier<JwtDecoder> factory;

		private volatile @Nullable JwtDecoder delegate;

		LazyJwtDecoder(Supplier<JwtDecoder> factory) {
			this.factory = factory;
		}

		@Override
		public Jwt decode(String token) throws JwtException {
			JwtDecoder decoder = this.delegate;
			if (decoder == null) {
				synchronized (this) {
					decoder = this.delegate;
					if (decoder == null) {
						try {
							decoder = this.factory.get();
						}
						catch (RuntimeException ex) {
							throw new IllegalStateException(
									"The issuer's configuration could not be read: " + ex.getMessage(), ex);
						}
						this.delegate = decoder;
					}
				}
			}
			return decoder.decode(token);
		}

	}

	/**
	 * Verifies with the current decoder, then, while the rotation window is open, with
	 * the previous one.
	 */
	private static final class RotatingJwtDecoder implements JwtDecoder {

		private final JwtDecoder current;

		private final JwtDecoder previous;

		private final @Nullable Instant previousValidUntil;

		private final Clock clock;

		RotatingJwtDecoder(JwtDecoder current, JwtDecoder previous, @Nullable Instant previousValidUntil, Clock clock) {
			this.current = current;
			this.previous = previous;
			this.previousValidUntil = previousValidUntil;
			this.clock = clock;
		}

		@Override
		public Jwt decode(String token) throws JwtException {
			try {
				return this.current.decode(token);
			}
			catch (JwtException ex) {
				if (this.previousValidUntil != null && !this.clock.instant().isBefore(this.previousValidUntil)) {
					throw ex;
				}
				try {
					Jwt jwt = this.previous.decode(token);
					logger.debug("Accepted a WSE handshake token signed with the previous secret");
					return jwt;
				}
				catch (JwtException previousEx) {
					ex.addSuppressed(previousEx);
					throw ex;
				}
			}
		}

	}

}
