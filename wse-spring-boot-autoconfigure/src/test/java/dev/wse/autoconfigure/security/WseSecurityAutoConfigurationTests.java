package dev.wse.autoconfigure.security;

import java.util.Map;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
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

}
