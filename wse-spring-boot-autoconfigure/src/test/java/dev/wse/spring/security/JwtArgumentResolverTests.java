package dev.wse.spring.security;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Instant;
import java.util.Map;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.security.WsePrincipal;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JwtArgumentResolver}.
 *
 * @author WSE team
 */
class JwtArgumentResolverTests {

	private final JwtArgumentResolver resolver = new JwtArgumentResolver();

	@Test
	void supportsOnlyJwtParameters() throws Exception {
		Parameter[] parameters = handlerMethod().getParameters();
		assertThat(this.resolver.supports(parameters[0])).isTrue();
		assertThat(this.resolver.supports(parameters[1])).isFalse();
	}

	@Test
	void resolvesTheTokenTheConnectionAuthenticatedWith() throws Exception {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "HS256")
			.subject("alice")
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		WseConnection connection = mock(WseConnection.class);
		given(connection.principal()).willReturn(new WsePrincipal("alice", Map.of(), jwt));
		assertThat(this.resolver.resolve(handlerMethod().getParameters()[0], connection, null)).isSameAs(jwt);
	}

	@Test
	void resolvesNullForAnonymousConnections() throws Exception {
		WseConnection connection = mock(WseConnection.class);
		assertThat(this.resolver.resolve(handlerMethod().getParameters()[0], connection, null)).isNull();
		given(connection.principal()).willReturn(WsePrincipal.of("bob"));
		assertThat(this.resolver.resolve(handlerMethod().getParameters()[0], connection, null)).isNull();
	}

	private static Method handlerMethod() throws NoSuchMethodException {
		return JwtArgumentResolverTests.class.getDeclaredMethod("handle", Jwt.class, String.class);
	}

	void handle(Jwt jwt, String payload) {
	}

}
