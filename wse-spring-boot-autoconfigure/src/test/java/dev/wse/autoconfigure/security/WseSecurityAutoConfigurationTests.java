package dev.wse.autoconfigure.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.autoconfigure.WseProperties;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.spring.annotation.WseHandler;
import dev.wse.spring.security.JwtArgumentResolver;
import dev.wse.spring.security.JwtAuthenticator;
import dev.wse.spring.security.WseSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseSecurityAutoConfiguration}.
 *
 * @author WSE team
 */
@ExtendWith(OutputCaptureExtension.class)
class WseSecurityAutoConfigurationTests {

	private static final String SECRET = "conformance-secret-0123456789-abcdefgh";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseSecurityAutoConfiguration.class, WseAutoConfiguration.class));

	@Test
	void withoutSecretOrDecoderConnectionsAreAnonymousWithAWarning(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(JwtAuthenticator.class).hasSingleBean(JwtArgumentResolver.class);
			assertThat(context.getBean(Authenticator.class)).isSameAs(Authenticator.ANONYMOUS);
			assertThat(WseSecurityMode.of(context.getBean(Authenticator.class))).isEqualTo(WseSecurityMode.NONE);
			assertThat(output).contains("WSE accepts ANONYMOUS connections");
		});
	}

	@Test
	void secretConfiguresAnHs256Authenticator() {
		this.contextRunner
			.withPropertyValues("wse.security.jwt.secret=" + SECRET, "wse.security.jwt.issuer=wse-test",
					"wse.security.jwt.audience=wse-test-api")
			.run((context) -> {
				assertThat(context).hasSingleBean(Authenticator.class).hasSingleBean(JwtAuthenticator.class);
				JwtAuthenticator authenticator = context.getBean(JwtAuthenticator.class);
				assertThat(authenticator.securityMode()).isEqualTo(WseSecurityMode.JWT);
				assertThat(WseSecurityMode.of(authenticator)).isEqualTo(WseSecurityMode.JWT);
			});
	}

	@Test
	void handlerMethodsMayTakeTheJwt() {
		this.contextRunner.withUserConfiguration(JwtHandler.class)
			.withPropertyValues("wse.security.jwt.secret=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(HandlerRegistry.class)
				.satisfies((registry) -> assertThat(registry.types()).containsExactly("whoami")));
	}

	@Test
	void secretShorterThan32BytesFailsStartup() {
		this.contextRunner.withPropertyValues("wse.security.jwt.secret=too-short-secret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'wse.security.jwt.secret' must be at least 32 bytes")
				.hasMessageContaining("is 16 bytes"));
	}

	@Test
	void rotationQueryParameterAndSessionPrincipalPropertiesAreBound() throws Exception {
		String previous = "previous-secret-0123456789-abcdefghijk";
		String oldToken = mint("carol", previous);
		this.contextRunner
			.withPropertyValues("wse.security.jwt.secret=" + SECRET, "wse.security.jwt.previous-secret=" + previous,
					"wse.security.jwt.previous-secret-valid-until=2100-01-01T00:00:00Z",
					"wse.security.jwt.query-parameter=access_token", "wse.security.session-principal.enabled=false")
			.run((context) -> {
				WseProperties.Security security = context.getBean(WseProperties.class).getSecurity();
				assertThat(security.getJwt().getPreviousSecretValidUntil())
					.isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
				JwtAuthenticator authenticator = context.getBean(JwtAuthenticator.class);
				assertThat(authenticator.queryParameter()).isEqualTo("access_token");
				assertThat(authenticator.isSessionPrincipalEnabled()).isFalse();
				HandshakeRequest request = HandshakeRequest
					.of(URI.create("ws://localhost/wse?access_token=" + oldToken), Map.of());
				assertThat(authenticator.authenticate(request).principal().userId()).isEqualTo("carol");
			});
	}

	@Test
	void previousSecretIsNotAcceptedAfterItsValidity() throws Exception {
		String previous = "previous-secret-0123456789-abcdefghijk";
		String oldToken = mint("carol", previous);
		this.contextRunner
			.withPropertyValues("wse.security.jwt.secret=" + SECRET, "wse.security.jwt.previous-secret=" + previous,
					"wse.security.jwt.previous-secret-valid-until=2020-01-01T00:00:00Z")
			.run((context) -> {
				JwtAuthenticator authenticator = context.getBean(JwtAuthenticator.class);
				HandshakeRequest request = HandshakeRequest.of(URI.create("ws://localhost/wse"),
						Map.of("Authorization", List.of("Bearer " + oldToken)));
				assertThat(authenticator.authenticate(request).isAccepted()).isFalse();
			});
	}

	@Test
	void defaultsDisableTheQueryParameterAndEnableTheSessionPrincipal() {
		this.contextRunner.withPropertyValues("wse.security.jwt.secret=" + SECRET).run((context) -> {
			JwtAuthenticator authenticator = context.getBean(JwtAuthenticator.class);
			assertThat(authenticator.queryParameter()).isNull();
			assertThat(authenticator.isSessionPrincipalEnabled()).isTrue();
		});
	}

	@Test
	void previousSecretShorterThan32BytesFailsStartup() {
		this.contextRunner
			.withPropertyValues("wse.security.jwt.secret=" + SECRET, "wse.security.jwt.previous-secret=too-short")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'wse.security.jwt.previous-secret' must be at least 32 bytes"));
	}

	@Test
	void queryParameterAndSessionPrincipalApplyToTheApplicationJwtDecoder() {
		this.contextRunner.withUserConfiguration(JwtDecoderConfiguration.class)
			.withPropertyValues("wse.security.jwt.query-parameter=token",
					"wse.security.session-principal.enabled=false")
			.run((context) -> {
				JwtAuthenticator authenticator = context.getBean(JwtAuthenticator.class);
				assertThat(authenticator.queryParameter()).isEqualTo("token");
				assertThat(authenticator.isSessionPrincipalEnabled()).isFalse();
			});
	}

	private static String mint(String subject, String secret) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	@Test
	void applicationJwtDecoderIsUsedInsteadOfTheSecret() {
		this.contextRunner.withUserConfiguration(JwtDecoderConfiguration.class)
			.withPropertyValues("wse.security.jwt.secret=" + SECRET)
			.run((context) -> {
				JwtAuthenticator authenticator = context.getBean(JwtAuthenticator.class);
				assertThat(authenticator.securityMode()).isEqualTo(WseSecurityMode.CUSTOM_JWT_DECODER);
			});
	}

	@Test
	void severalJwtDecodersWithoutAPrimaryFailStartup() {
		this.contextRunner.withUserConfiguration(JwtDecoderConfiguration.class, SecondJwtDecoderConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("several JwtDecoder beans"));
	}

	@Test
	void userDefinedAuthenticatorBacksOff() {
		this.contextRunner.withUserConfiguration(AuthenticatorConfiguration.class)
			.withPropertyValues("wse.security.jwt.secret=" + SECRET)
			.run((context) -> {
				assertThat(context).hasSingleBean(Authenticator.class).doesNotHaveBean(JwtAuthenticator.class);
				assertThat(WseSecurityMode.of(context.getBean(Authenticator.class))).isEqualTo(WseSecurityMode.CUSTOM);
			});
	}

	@Test
	void backsOffWithoutSpringSecurityJose() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JwtDecoder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JwtAuthenticator.class)
				.doesNotHaveBean(JwtArgumentResolver.class)
				.hasSingleBean(Authenticator.class));
	}

	@Test
	void disabledWithWse() {
		this.contextRunner.withPropertyValues("wse.enabled=false", "wse.security.jwt.secret=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(Authenticator.class)
				.doesNotHaveBean(JwtArgumentResolver.class));
	}

	@WseHandler
	static class JwtHandler {

		@OnMessage("whoami")
		String whoami(Map<String, Object> payload, Jwt jwt) {
			return jwt.getSubject();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JwtDecoderConfiguration {

		@Bean
		NimbusJwtDecoder applicationJwtDecoder() {
			return JwtAuthenticator.hs256Decoder(SECRET, null, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondJwtDecoderConfiguration {

		@Bean
		NimbusJwtDecoder secondJwtDecoder() {
			return JwtAuthenticator.hs256Decoder(SECRET, null, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthenticatorConfiguration {

		@Bean
		Authenticator customAuthenticator() {
			return (request) -> AuthenticationResult.anonymous();
		}

	}

	@Test
	void jwkSetUriConfiguresAPublicKeyAuthenticatorWithoutFetchingAtStartup() {
		this.contextRunner
			.withPropertyValues("wse.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
					"wse.security.jwt.jws-algorithms=RS256,ES256")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JwtAuthenticator.class);
				assertThat(context.getBean(JwtAuthenticator.class).securityMode()).isEqualTo(WseSecurityMode.JWT);
			});
	}

	@Test
	void issuerUriIsResolvedLazilySoStartupSucceedsWhileTheIssuerIsDown(CapturedOutput output) {
		this.contextRunner.withPropertyValues("wse.security.jwt.issuer-uri=http://127.0.0.1:1/issuer")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JwtAuthenticator.class);
				AuthenticationResult result = context.getBean(JwtAuthenticator.class)
					.authenticate(HandshakeRequest.of(URI.create("ws://localhost/wse"),
							Map.of("Authorization", List.of("Bearer a.b.c"))));
				assertThat(result.isAccepted()).isFalse();
				assertThat(output).contains("JwtDecoder failed unexpectedly").doesNotContain("a.b.c");
			});
	}

	@Test
	void secretAndJwkSetUriAreExclusive() {
		this.contextRunner
			.withPropertyValues("wse.security.jwt.secret=" + SECRET,
					"wse.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Set only one of 'wse.security.jwt.secret', 'wse.security.jwt.jwk-set-uri'")
				.hasMessageNotContaining(SECRET));
	}

	@Test
	void jwkSetUriAndIssuerUriAreExclusive() {
		this.contextRunner
			.withPropertyValues("wse.security.jwt.issuer-uri=http://127.0.0.1:1/issuer",
					"wse.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'wse.security.jwt.jwk-set-uri', 'wse.security.jwt.issuer-uri'"));
	}

	@Test
	void hmacAlgorithmsAreNotAcceptedForPublicKeys() {
		this.contextRunner
			.withPropertyValues("wse.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
					"wse.security.jwt.jws-algorithms=HS256")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'HS256' is not a public-key JWS algorithm"));
	}

	@Test
	void applicationJwtDecoderWinsOverJwkSetUri() {
		this.contextRunner.withUserConfiguration(ApplicationDecoderForKeys.class)
			.withPropertyValues("wse.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks")
			.run((context) -> assertThat(context.getBean(JwtAuthenticator.class).securityMode())
				.isEqualTo(WseSecurityMode.CUSTOM_JWT_DECODER));
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationDecoderForKeys {

		@Bean
		JwtDecoder applicationJwtDecoder() {
			return (token) -> {
				throw new org.springframework.security.oauth2.jwt.BadJwtException("never");
			};
		}

	}

}
