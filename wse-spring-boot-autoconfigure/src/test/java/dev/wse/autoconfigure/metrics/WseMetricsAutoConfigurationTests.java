package dev.wse.autoconfigure.metrics;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.DropReason;
import dev.wse.engine.WseEngine;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InMemorySession;
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
import static org.awaitility.Awaitility.await;

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
			assertThat(registry.get("wse.presence.topics").gauge().value()).isZero();
			assertThat(registry.get("wse.presence.members").gauge().value()).isZero();
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
	void presenceGaugesCountTopicsAndUsersPresent() {
		this.contextRunner.withPropertyValues("wse.presence.enabled=true")
			.withBean(Authenticator.class,
					() -> (request) -> AuthenticationResult.success(WsePrincipal.of(request.queryParameter("user"))))
			.run((context) -> {
				WseEngine engine = context.getBean(WseEngine.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				InMemorySession alicePhone = connect(engine, "alice");
				InMemorySession aliceLaptop = connect(engine, "alice");
				InMemorySession bob = connect(engine, "bob");
				joinPresence(alicePhone, "room:1");
				joinPresence(aliceLaptop, "room:1");
				joinPresence(bob, "room:1");
				joinPresence(bob, "room:2");
				assertThat(registry.get("wse.presence.topics").gauge().value()).isEqualTo(2);
				assertThat(registry.get("wse.presence.members").gauge().value()).isEqualTo(3);
				bob.peerClosed(1000);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					assertThat(registry.get("wse.presence.topics").gauge().value()).isEqualTo(1);
					assertThat(registry.get("wse.presence.members").gauge().value()).isEqualTo(1);
				});
			});
	}

	private static InMemorySession connect(WseEngine engine, String user) {
		InMemorySession session = new InMemorySession().connect(engine,
				HandshakeRequest.of(URI.create("ws://localhost/wse?user=" + user), Map.of()));
		awaitText(session, "\"server_ready\"");
		return session;
	}

	private static void joinPresence(InMemorySession session, String topic) {
		session.clearFrames();
		session.receiveText("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + topic
				+ "\"],\"presence\":{}}}");
		awaitText(session, "\"subscription_update\"");
	}

	private static void awaitText(InMemorySession session, String fragment) {
		session.awaitFrame(
				(frame) -> (frame.isText() ? frame.textContent() : new String(frame.bytes(), StandardCharsets.UTF_8))
					.contains(fragment),
				Duration.ofSeconds(5));
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
