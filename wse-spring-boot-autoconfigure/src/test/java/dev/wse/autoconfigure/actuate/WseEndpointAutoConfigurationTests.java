package dev.wse.autoconfigure.actuate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.WseEngine;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InMemorySession;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.spring.actuate.WseEndpoint;
import dev.wse.spring.actuate.WseEndpoint.ConnectionDescriptor;
import dev.wse.spring.actuate.WseEndpoint.UserConnectionsDescriptor;
import dev.wse.spring.actuate.WseEndpoint.WseDescriptor;
import dev.wse.spring.security.WseSecurityMode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseEndpointAutoConfiguration} and the output of {@link WseEndpoint}.
 *
 * @author WSE team
 */
class WseEndpointAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseEndpointAutoConfiguration.class));

	@Test
	void registersTheEndpointWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wse")
			.run((context) -> assertThat(context).hasSingleBean(WseEndpoint.class));
	}

	@Test
	void backsOffWhenTheEndpointIsNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WseEndpoint.class));
	}

	@Test
	void backsOffWhenAccessToTheEndpointIsNone() {
		// Upper case: unlike SpringApplication, the runner's environment has no lenient
		// enum conversion
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=wse", "management.endpoint.wse.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WseEndpoint.class));
	}

	@Test
	void backsOffWithoutTheActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wse")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WseEndpoint.class));
	}

	@Test
	void backsOffWhenWseIsDisabled() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wse", "wse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WseEndpoint.class));
	}

	@Test
	void userDefinedEndpointBacksOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wse")
			.withBean("customWseEndpoint", WseEndpoint.class,
					() -> new WseEndpoint(WseEngine.builder().build(), WseSecurityMode.NONE))
			.run((context) -> assertThat(context).hasSingleBean(WseEndpoint.class).hasBean("customWseEndpoint"));
	}

	@Test
	void summaryReportsStateConnectionsTopicsPresenceAndSecurity() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=wse", "wse.presence.enabled=true")
			.withUserConfiguration(UserAuthenticatorConfiguration.class)
			.run((context) -> {
				WseEngine engine = context.getBean(WseEngine.class);
				InMemorySession alice = connect(engine, "alice");
				connect(engine, "bob");
				joinPresence(alice, "room:1");
				WseDescriptor summary = context.getBean(WseEndpoint.class).wse();
				assertThat(summary.state()).isEqualTo("running");
				assertThat(summary.connections()).isEqualTo(2);
				assertThat(summary.topics()).isEqualTo(1);
				assertThat(summary.presence().topics()).isEqualTo(1);
				assertThat(summary.presence().members()).isEqualTo(1);
				assertThat(summary.security()).isEqualTo("custom");
				JsonNode json = JsonMapper.builder().build().valueToTree(summary);
				assertThat(json.propertyNames()).containsExactlyInAnyOrder("state", "connections", "topics", "presence",
						"security");
			});
	}

	@Test
	void summaryOfAnAnonymousEngineReportsSecurityNone() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wse").run((context) -> {
			WseDescriptor summary = context.getBean(WseEndpoint.class).wse();
			assertThat(summary.connections()).isZero();
			assertThat(summary.presence().members()).isZero();
			assertThat(summary.security()).isEqualTo("none");
		});
	}

	@Test
	void userSelectorListsTheUsersConnectionsOldestFirstWithoutSecrets() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wse")
			.withUserConfiguration(UserAuthenticatorConfiguration.class)
			.run((context) -> {
				WseEngine engine = context.getBean(WseEngine.class);
				InMemorySession phone = connect(engine, "alice");
				connect(engine, "alice", "format=msgpack");
				connect(engine, "bob");
				subscribe(phone, "news", "chat.*");
				List<String> ids = engine.connectionsOf("alice").stream().map((connection) -> connection.id()).toList();
				WseEndpoint endpoint = context.getBean(WseEndpoint.class);

				UserConnectionsDescriptor alice = endpoint.userConnections("alice");
				assertThat(alice.userId()).isEqualTo("alice");
				assertThat(alice.connections()).containsExactly(
						new ConnectionDescriptor(1, ids.get(0), "json", List.of("chat.*", "news")),
						new ConnectionDescriptor(2, ids.get(1), "msgpack", List.of()));
				JsonNode json = JsonMapper.builder().build().valueToTree(alice);
				assertThat(json.propertyNames()).containsExactlyInAnyOrder("userId", "connections");
				assertThat(json.path("connections").path(0).propertyNames()).containsExactlyInAnyOrder("order", "id",
						"format", "subscriptions");
				assertThat(json.toString()).doesNotContain(UserAuthenticatorConfiguration.SECRET_CLAIM);
				assertThat(endpoint.userConnections("carol").connections()).isEmpty();
			});
	}

	private static InMemorySession connect(WseEngine engine, String user, String... query) {
		String uri = "ws://localhost/wse?user=" + user + ((query.length > 0) ? "&" + String.join("&", query) : "");
		InMemorySession session = new InMemorySession().connect(engine, HandshakeRequest.of(URI.create(uri), Map.of()));
		awaitText(session, "\"server_ready\"");
		return session;
	}

	private static void subscribe(InMemorySession session, String... topics) {
		session.receiveText("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\""
				+ String.join("\",\"", topics) + "\"]}}");
		awaitText(session, "\"subscription_update\"");
	}

	private static void joinPresence(InMemorySession session, String topic) {
		session.receiveText("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + topic
				+ "\"],\"presence\":{\"status\":\"here\"}}}");
		awaitText(session, "\"presence_join\"");
	}

	private static void awaitText(InMemorySession session, String fragment) {
		session.awaitFrame((frame) -> text(frame).contains(fragment), WAIT);
	}

	private static String text(OutboundFrame frame) {
		return frame.isText() ? frame.textContent() : new String(frame.bytes(), StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAuthenticatorConfiguration {

		static final String SECRET_CLAIM = "do-not-expose";

		@Bean
		Authenticator userAuthenticator() {
			return (request) -> AuthenticationResult.success(new WsePrincipal(request.queryParameter("user"),
					Map.of("sub", request.queryParameter("user"), "secret", SECRET_CLAIM), SECRET_CLAIM));
		}

	}

}
