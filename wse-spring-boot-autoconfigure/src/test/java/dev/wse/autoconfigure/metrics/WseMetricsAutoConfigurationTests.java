package dev.wse.autoconfigure.metrics;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.DropReason;
import dev.wse.spring.metrics.WseMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseMetricsAutoConfiguration}.
 *
 * @author WSE team
 */
class WseMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				WseMetricsAutoConfiguration.class));

	@Test
	void bindsTheEngineMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WseMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("wse.connections.active").gauge().value()).isZero();
			assertThat(registry.get("wse.messages.in").functionCounter().count()).isZero();
			assertThat(registry.get("wse.messages.out").functionCounter().count()).isZero();
			assertThat(registry.get("wse.auth.failures").functionCounter().count()).isZero();
			assertThat(registry.get("wse.connections.accepted").functionCounter().count()).isZero();
			assertThat(registry.get("wse.connections.rejected").functionCounter().count()).isZero();
			assertThat(registry.get("wse.messages.dropped").functionCounters()).hasSize(DropReason.values().length);
			assertThat(registry.get("wse.messages.dropped").tag("reason", "outbox_full").functionCounter().count())
				.isZero();
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WseMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(MeterRegistry.class).doesNotHaveBean(WseMetrics.class));
	}

	@Test
	void backsOffWhenWseIsDisabled() {
		this.contextRunner.withPropertyValues("wse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WseMetrics.class));
	}

}
