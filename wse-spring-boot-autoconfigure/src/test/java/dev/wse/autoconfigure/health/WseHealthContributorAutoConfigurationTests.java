package dev.wse.autoconfigure.health;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.autoconfigure.security.WseSecurityAutoConfiguration;
import dev.wse.spring.health.WseHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseHealthContributorAutoConfiguration}.
 *
 * @author WSE team
 */
class WseHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseSecurityAutoConfiguration.class, WseAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, WseHealthContributorAutoConfiguration.class));

	@Test
	void reportsUpWithConnectionsTopicsAndAnAnonymousWarning() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WseHealthIndicator.class);
			Health health = context.getBean(WseHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("state", "running")
				.containsEntry("connections", 0)
				.containsEntry("topics", 0)
				.containsEntry("security", "none")
				.containsKey("warning");
		});
	}

	@Test
	void reportsJwtSecurityWithoutWarning() {
		this.contextRunner.withPropertyValues("wse.security.jwt.secret=conformance-secret-0123456789-abcdefgh")
			.run((context) -> {
				Health health = context.getBean(WseHealthIndicator.class).health();
				assertThat(health.getDetails()).containsEntry("security", "jwt").doesNotContainKey("warning");
			});
	}

	@Test
	void reportsOutOfServiceOnceTheEngineStops() {
		this.contextRunner.withPropertyValues("wse.shutdown-timeout=100ms").run((context) -> {
			WseHealthIndicator indicator = context.getBean(WseHealthIndicator.class);
			context.close();
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health.getDetails()).containsEntry("state", "stopped");
		});
	}

	@Test
	void disabledByManagementProperty() {
		this.contextRunner.withPropertyValues("management.health.wse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WseHealthIndicator.class));
	}

	@Test
	void backsOffWithoutTheHealthModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WseHealthIndicator.class));
	}

	@Test
	void backsOffWhenWseIsDisabled() {
		this.contextRunner.withPropertyValues("wse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WseHealthIndicator.class));
	}

	@Test
	void userDefinedIndicatorBacksOff() {
		this.contextRunner.withUserConfiguration(CustomHealthConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(WseHealthIndicator.class);
			assertThat(context.getBean("wseHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UNKNOWN);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHealthConfiguration {

		@Bean
		HealthIndicator wseHealthIndicator() {
			return () -> Health.unknown().build();
		}

	}

}
