package dev.wse.autoconfigure.actuate;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.WseEngine;
import dev.wse.engine.security.Authenticator;
import dev.wse.spring.actuate.WseEndpoint;
import dev.wse.spring.security.WseSecurityMode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code wse}
 * {@link WseEndpoint actuator endpoint}, registered when the endpoint is available
 * ({@code management.endpoint.wse.access} and exposure, for example
 * {@code management.endpoints.web.exposure.include=wse}).
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(after = WseAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(WseEngine.class)
@ConditionalOnAvailableEndpoint(WseEndpoint.class)
public final class WseEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WseEndpoint wseEndpoint(WseEngine engine, ObjectProvider<Authenticator> authenticator) {
		return new WseEndpoint(engine, WseSecurityMode.of(authenticator.getIfUnique(() -> Authenticator.ANONYMOUS)));
	}

}
