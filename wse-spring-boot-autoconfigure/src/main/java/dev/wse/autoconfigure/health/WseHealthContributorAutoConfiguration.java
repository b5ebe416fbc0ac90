package dev.wse.autoconfigure.health;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.WseEngine;
import dev.wse.engine.security.Authenticator;
import dev.wse.spring.health.WseHealthIndicator;
import dev.wse.spring.security.WseSecurityMode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code wse}
 * {@link WseHealthIndicator health indicator} (disabled with
 * {@code management.health.wse.enabled=false}).
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(after = WseAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(WseEngine.class)
@ConditionalOnEnabledHealthIndicator("wse")
public final class WseHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "wseHealthIndicator", "wseHealthContributor" })
	WseHealthIndicator wseHealthIndicator(WseEngine engine, ObjectProvider<Authenticator> authenticator) {
		return new WseHealthIndicator(engine,
				WseSecurityMode.of(authenticator.getIfUnique(() -> Authenticator.ANONYMOUS)));
	}

}
