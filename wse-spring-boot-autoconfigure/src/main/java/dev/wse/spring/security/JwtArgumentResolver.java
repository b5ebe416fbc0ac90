package dev.wse.spring.security;

import java.lang.reflect.Parameter;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.ArgumentResolver;
import dev.wse.engine.handler.InboundMessage;
import dev.wse.engine.security.WsePrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * {@link ArgumentResolver} for handler method parameters of type {@link Jwt}: the token
 * the connection authenticated with, or {@code null} when it was not authenticated by a
 * {@link JwtAuthenticator}.
 *
 * @author WSE team
 * @since 0.1.0
 */
public final class JwtArgumentResolver implements ArgumentResolver {

	@Override
	public boolean supports(Parameter parameter) {
		return parameter.getType() == Jwt.class;
	}

	@Override
	public @Nullable Object resolve(Parameter parameter, WseConnection connection, @Nullable InboundMessage message) {
		WsePrincipal principal = connection.principal();
		return (principal != null && principal.credentials() instanceof Jwt jwt) ? jwt : null;
	}

}
