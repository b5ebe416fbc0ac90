package dev.wse.autoconfigure.metrics;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.WseEngine;
import dev.wse.spring.metrics.WseMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the WSE {@link WseMetrics
 * Micrometer meters}, bound to every {@link MeterRegistry} by Boot's metrics support.
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(after = WseAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ WseEngine.class, MeterRegistry.class })
public final class WseMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WseMetrics wseMetrics(WseEngine engine) {
		return new WseMetrics(engine);
	}

}
