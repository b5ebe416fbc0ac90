package dev.wse.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.autoconfigure.WseProperties;
import dev.wse.engine.WseEngine;
import dev.wse.engine.security.Authenticator;
import dev.wse.spring.security.JwtArgumentResolver;
import dev.wse.spring.security.JwtAuthenticator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for WSE handshake authentication
 * with Spring Security's {@link JwtDecoder}: the application's own decoder when it
 * defines one, otherwise an HS256 decoder built from {@code wse.security.jwt.secret}, or
 * a public-key decoder from {@code wse.security.jwt.jwk-set-uri} or
 * {@code wse.security.jwt.issuer-uri} (only one of the three). Without either, the engine
 * falls back to anonymous connections (see {@link WseAutoConfiguration}).
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(before = WseAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ WseEngine.class, JwtDecoder.class })
@ConditionalOnBooleanProperty(name = "wse.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WseProperties.class)
public final class WseSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WseSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	JwtArgumentResolver wseJwtArgumentResolver() {
		return new JwtArgumentResolver();
	}

	private static JwtAuthenticator customize(JwtAuthenticator authenticator, WseProperties properties) {
		WseProperties.Security security = properties.getSecurity();
		String queryParameter = security.getJwt().getQueryParameter();
		if (queryParameter != null && !queryParameter.isBlank()) {
			logger.info("WSE also reads handshake tokens from the query parameter '" + queryParameter
					+ "'; URLs, and the tokens in them, end up in access logs");
		}
		return authenticator.withQueryParameter(queryParameter)
			.withSessionPrincipal(security.getSessionPrincipal().isEnabled());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(JwtDecoder.class)
	static class ApplicationJwtDecoderConfiguration {

		@Bean
		@ConditionalOnMissingBean(Authenticator.class)
		JwtAuthenticator wseAuthenticator(ObjectProvider<JwtDecoder> jwtDecoders, WseProperties properties) {
			JwtDecoder jwtDecoder = jwtDecoders.getIfUnique();
			if (jwtDecoder == null) {
				throw new IllegalStateException("WSE cannot choose between several JwtDecoder beans: "
						+ "mark one @Primary or define a dev.wse.engine.security.Authenticator bean");
			}
			WseProperties.Security.Jwt jwt = properties.getSecurity().getJwt();
			if (jwt.getSecret() != null || jwt.getPreviousSecret() != null || jwt.getJwkSetUri() != null
					|| jwt.getIssuerUri() != null) {
				logger.info("WSE verifies handshake tokens with the application's JwtDecoder; "
						+ "'wse.security.jwt.secret', 'previous-secret', 'jwk-set-uri', 'issuer-uri', 'issuer' "
						+ "and 'audience' are ignored");
			}
			return customize(new JwtAuthenticator(jwtDecoder), properties);
		}

	}

	/**
	 * Fail startup when more than one of the secret, the JWK Set URI and the issuer URI
	 * is set: each configures its own decoder.
	 */
	static void checkExclusive(WseProperties.Security.Jwt jwt) {
		List<String> set = new ArrayList<>();
		if (StringUtils.hasText(jwt.getSecret())) {
			set.add("'wse.security.jwt.secret'");
		}
		if (StringUtils.hasText(jwt.getJwkSetUri())) {
			set.add("'wse.security.jwt.jwk-set-uri'");
		}
		if (StringUtils.hasText(jwt.getIssuerUri())) {
			set.add("'wse.security.jwt.issuer-uri'");
		}
		if (set.size() > 1) {
			throw new IllegalStateException("Set only one of " + String.join(", ", set)
					+ ": each configures how WSE verifies handshake tokens");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(JwtDecoder.class)
	@Conditional(OnPublicKeyProperties.class)
	static class PublicKeyJwtDecoderConfiguration {

		@Bean
		@ConditionalOnMissingBean(Authenticator.class)
		JwtAuthenticator wseAuthenticator(WseProperties properties) {
			WseProperties.Security.Jwt jwt = properties.getSecurity().getJwt();
			checkExclusive(jwt);
			if (jwt.getPreviousSecret() != null) {
				logger.warn("'wse.security.jwt.previous-secret' only applies to 'wse.security.jwt.secret' "
						+ "and is ignored");
			}
			String jwkSetUri = jwt.getJwkSetUri();
			if (StringUtils.hasText(jwkSetUri)) {
				return customize(JwtAuthenticator.withJwkSetUri(jwkSetUri, jwt.getJwsAlgorithms(), jwt.getIssuer(),
						jwt.getAudience()), properties);
			}
			String issuerUri = jwt.getIssuerUri();
			Assert.state(issuerUri != null, "'wse.security.jwt.issuer-uri' is not set");
			if (StringUtils.hasText(jwt.getIssuer()) && !issuerUri.equals(jwt.getIssuer())) {
				throw new IllegalStateException("'wse.security.jwt.issuer' must equal 'wse.security.jwt.issuer-uri' "
						+ "(tokens must name the issuer URI in 'iss') or be left unset");
			}
			return customize(JwtAuthenticator.withIssuerUri(issuerUri, jwt.getJwsAlgorithms(), jwt.getAudience()),
					properties);
		}

	}

	static final class OnPublicKeyProperties extends AnyNestedCondition {

		OnPublicKeyProperties() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("wse.security.jwt.jwk-set-uri")
		static class JwkSetUri {

		}

		@ConditionalOnProperty("wse.security.jwt.issuer-uri")
		static class IssuerUri {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(JwtDecoder.class)
	@ConditionalOnProperty("wse.security.jwt.secret")
	static class SecretJwtDecoderConfiguration {

		@Bean
		@ConditionalOnMissingBean(Authenticator.class)
		JwtAuthenticator wseAuthenticator(WseProperties properties) {
			WseProperties.Security.Jwt jwt = properties.getSecurity().getJwt();
			checkExclusive(jwt);
			String secret = checkSecret("wse.security.jwt.secret", jwt.getSecret());
			String previousSecret = (jwt.getPreviousSecret() != null)
					? checkSecret("wse.security.jwt.previous-secret", jwt.getPreviousSecret()) : null;
			if (previousSecret == null && jwt.getPreviousSecretValidUntil() != null) {
				logger.warn("'wse.security.jwt.previous-secret-valid-until' is set without "
						+ "'wse.security.jwt.previous-secret' and is ignored");
			}
			return customize(JwtAuthenticator.withSecrets(secret, previousSecret, jwt.getPreviousSecretValidUntil(),
					jwt.getIssuer(), jwt.getAudience()), properties);
		}

		private static String checkSecret(String name, @Nullable String secret) {
			int length = (secret != null) ? secret.getBytes(StandardCharsets.UTF_8).length : 0;
			if (secret == null || length < JwtAuthenticator.MIN_SECRET_LENGTH) {
				throw new IllegalStateException("'" + name + "' must be at least " + JwtAuthenticator.MIN_SECRET_LENGTH
						+ " bytes (256 bits) for HS256 but is " + length
						+ " bytes; use a long random value, e.g. 'openssl rand -base64 48'");
			}
			return secret;
		}

	}

}
