package dev.wse.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.wse.engine.EngineState;
import dev.wse.engine.WseEngine;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.ChallengeSecretProvider;
import dev.wse.engine.security.RpcAuthorizer;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.InMemorySession;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.spring.WseEngineLifecycle;
import dev.wse.spring.WseTemplate;
import dev.wse.spring.annotation.WseHandlerMethodProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseAutoConfiguration}.
 *
 * @author WSE team
 */
class WseAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class));

	@Test
	void createsTheEngineAndItsCollaborators() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WseEngine.class)
				.hasSingleBean(WseEngineConfig.class)
				.hasSingleBean(HandlerRegistry.class)
				.hasSingleBean(WseEngineLifecycle.class)
				.hasSingleBean(WseTemplate.class)
				.hasSingleBean(WseHandlerMethodProcessor.class)
				.hasSingleBean(WseProperties.class);
			assertThat(context.getBean(Authenticator.class)).isSameAs(Authenticator.ANONYMOUS);
			assertThat(context.getBean(TopicAuthorizer.class)).isSameAs(TopicAuthorizer.ALLOW_ALL);
			assertThat(context.getBean(RpcAuthorizer.class)).isSameAs(RpcAuthorizer.ALLOW_ALL);
			WseEngine engine = context.getBean(WseEngine.class);
			assertThat(engine.handlers()).isSameAs(context.getBean(HandlerRegistry.class));
			assertThat(engine.config()).isSameAs(context.getBean(WseEngineConfig.class));
		});
	}

	@Test
	void engineRunsWhileTheContextIsActiveAndStopsWithIt() {
		this.contextRunner.withPropertyValues("wse.shutdown-timeout=100ms").run((context) -> {
			WseEngine engine = context.getBean(WseEngine.class);
			assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
			assertThat(context.getBean(WseEngineLifecycle.class).isRunning()).isTrue();
			context.close();
			assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
		});
	}

	@Test
	void engineKeepsRunningWhileTheContextIsPaused() {
		this.contextRunner.run((context) -> {
			context.getSourceApplicationContext().pause();
			assertThat(context.getBean(WseEngine.class).state()).isEqualTo(EngineState.RUNNING);
			context.getSourceApplicationContext().restart();
			assertThat(context.getBean(WseEngine.class).state()).isEqualTo(EngineState.RUNNING);
		});
	}

	@Test
	void templateDelegatesToTheEngine() {
		this.contextRunner.run((context) -> {
			WseTemplate template = context.getBean(WseTemplate.class);
			assertThat(template.getEngine()).isSameAs(context.getBean(WseEngine.class));
			assertThat(template.publish("prices", "price_update", null)).isZero();
			assertThat(template.broadcast("notice", null)).isZero();
			assertThat(template.sendToUser("alice", "notice", null)).isZero();
			assertThat(template.sendToConnection("missing", "notice", null)).isFalse();
		});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("wse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WseEngine.class)
				.doesNotHaveBean(WseTemplate.class)
				.doesNotHaveBean(WseProperties.class));
	}

	@Test
	void propertiesConfigureTheEngine() {
		this.contextRunner
			.withPropertyValues("wse.limits.max-connections=5", "wse.heartbeat.ping-interval=2s",
					"wse.heartbeat.idle-timeout=4s", "wse.limits.max-message-size=64KB")
			.run((context) -> {
				WseEngineConfig config = context.getBean(WseEngine.class).config();
				assertThat(config.maxConnections()).isEqualTo(5);
				assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(config.maxMessageSize()).isEqualTo(65536);
			});
	}

	@Test
	void authModePropertiesConfigureTheEngine() {
		this.contextRunner.withPropertyValues("wse.security.auth-mode=message", "wse.security.auth-timeout=2s")
			.run((context) -> {
				WseEngineConfig config = context.getBean(WseEngine.class).config();
				assertThat(config.authMode()).isEqualTo(WseEngineConfig.AuthMode.MESSAGE);
				assertThat(config.authTimeout()).isEqualTo(Duration.ofSeconds(2));
				InMemorySession session = new InMemorySession().connect(context.getBean(WseEngine.class), Map.of());
				assertThat(session.awaitFrame((frame) -> true, Duration.ofSeconds(5)).textContent())
					.contains("\"t\":\"auth_required\"");
				assertThat(context.getBean(WseEngine.class).connectionCount()).isZero();
			});
	}

	@Test
	void authModeDefaultsToTheHandshake() {
		this.contextRunner.run((context) -> {
			WseEngineConfig config = context.getBean(WseEngine.class).config();
			assertThat(config.authMode()).isEqualTo(WseEngineConfig.AuthMode.HANDSHAKE);
			assertThat(config.authTimeout()).isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void challengeModeWithoutSecretProviderFailsStartup() {
		this.contextRunner.withPropertyValues("wse.security.auth-mode=challenge")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wse.security.auth-mode")
				.hasMessageContaining("ChallengeSecretProvider"));
	}

	@Test
	void challengeModeUsesTheSecretProviderBean() {
		this.contextRunner.withPropertyValues("wse.security.auth-mode=challenge")
			.withUserConfiguration(ChallengeSecretsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WseEngine engine = context.getBean(WseEngine.class);
				InMemorySession session = new InMemorySession().connect(engine, Map.of());
				String challenge = session.awaitFrame((frame) -> true, Duration.ofSeconds(5)).textContent();
				assertThat(challenge).contains("\"t\":\"challenge\"");
				String nonce = challenge.replaceAll(".*\"nonce\":\"([^\"]+)\".*", "$1");
				String ts = challenge.replaceAll(".*\"ts\":(\\d+).*", "$1");
				javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
				mac.init(new javax.crypto.spec.SecretKeySpec(ChallengeSecretsConfiguration.SECRET, "HmacSHA256"));
				String hmac = java.util.HexFormat.of()
					.formatHex(mac.doFinal((nonce + "\n" + ts + "\nsensor").getBytes(StandardCharsets.UTF_8)));
				session.receiveText("{\"t\":\"challenge_response\",\"p\":{\"identity\":\"sensor\",\"nonce\":\"" + nonce
						+ "\",\"ts\":" + ts + ",\"hmac\":\"" + hmac + "\"}}");
				assertThat(session
					.awaitFrame((frame) -> frame.textContent().contains("server_ready"), Duration.ofSeconds(5))
					.textContent()).contains("\"user_id\":\"sensor\"");
			});
	}

	@Test
	void invalidPropertiesFailStartupWithTheEngineMessage() {
		this.contextRunner.withPropertyValues("wse.heartbeat.ping-interval=2m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pingInterval")
				.hasMessageContaining("idleTimeout"));
	}

	@Test
	void customizersAreAppliedInOrderAfterTheProperties() {
		this.contextRunner.withPropertyValues("wse.limits.max-connections=5")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				WseEngineConfig config = context.getBean(WseEngineConfig.class);
				assertThat(config.maxConnections()).isEqualTo(7);
				assertThat(config.maxJsonDepth()).isEqualTo(3);
			});
	}

	@Test
	void userDefinedEngineConfigBacksOff() {
		this.contextRunner.withUserConfiguration(EngineConfigConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WseEngineConfig.class);
			assertThat(context.getBean(WseEngine.class).config().maxConnections()).isEqualTo(42);
		});
	}

	@Test
	void userDefinedAuthenticatorBacksOff() {
		this.contextRunner.withUserConfiguration(AuthenticatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Authenticator.class);
			assertThat(context.getBean(Authenticator.class)).isSameAs(AuthenticatorConfiguration.AUTHENTICATOR);
		});
	}

	@Test
	void userDefinedTopicAuthorizerBacksOff() {
		this.contextRunner.withUserConfiguration(TopicAuthorizerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TopicAuthorizer.class);
			assertThat(context.getBean(TopicAuthorizer.class)).isSameAs(TopicAuthorizerConfiguration.AUTHORIZER);
		});
	}

	@Test
	void topicRulesWithoutPropertiesAllowEverything() {
		this.contextRunner.run((context) -> {
			TopicAuthorizer engineAuthorizer = engineTopicAuthorizer(context.getBean(WseEngine.class));
			assertThat(engineAuthorizer.canSubscribe(null, "*")).isTrue();
			assertThat(engineAuthorizer.canSubscribe(WsePrincipal.of("alice"), "anything")).isTrue();
			assertThat(engineAuthorizer.canJoin(WsePrincipal.of("alice"), "room")).isFalse();
		});
	}

	@Test
	void topicRulePropertiesCombineWithTheTopicAuthorizerBean() {
		this.contextRunner.withUserConfiguration(SelectiveTopicAuthorizerConfiguration.class)
			.withPropertyValues("wse.security.topics.allow=chat:*,user:{sub}", "wse.security.topics.deny=chat:secret")
			.run((context) -> {
				WseProperties.Security.Topics topics = context.getBean(WseProperties.class).getSecurity().getTopics();
				assertThat(topics.getAllow()).containsExactly("chat:*", "user:{sub}");
				assertThat(topics.getDeny()).containsExactly("chat:secret");
				assertThat(context.getBean(TopicAuthorizer.class))
					.isSameAs(SelectiveTopicAuthorizerConfiguration.AUTHORIZER);
				TopicAuthorizer engineAuthorizer = engineTopicAuthorizer(context.getBean(WseEngine.class));
				WsePrincipal alice = WsePrincipal.of("alice");
				assertThat(engineAuthorizer.canSubscribe(alice, "chat:general")).isTrue();
				assertThat(engineAuthorizer.canSubscribe(alice, "user:alice")).isTrue();
				assertThat(engineAuthorizer.canSubscribe(alice, "user:bob")).isFalse();
				assertThat(engineAuthorizer.canSubscribe(alice, "chat:secret")).isFalse();
				assertThat(engineAuthorizer.canSubscribe(alice, "news")).isFalse();
				assertThat(engineAuthorizer.canSubscribe(alice, "chat:blocked")).isFalse();
				assertThat(engineAuthorizer.canSubscribe(alice, "*")).isFalse();
				assertThat(engineAuthorizer.canJoin(alice, "lobby")).isTrue();
				assertThat(engineAuthorizer.canJoin(alice, "chat:general")).isFalse();
			});
	}

	@Test
	void clientPublishingIsDeniedByDefaultAndOpenedByPublishRules() {
		this.contextRunner.run((context) -> assertThat(
				engineTopicAuthorizer(context.getBean(WseEngine.class)).canPublish(WsePrincipal.of("alice"), "chat:a"))
			.isFalse());
		this.contextRunner
			.withPropertyValues("wse.security.topics.publish-allow=chat:*,user:{sub}",
					"wse.security.topics.publish-deny=chat:readonly", "wse.security.topics.deny=chat:secret",
					"wse.limits.connections-per-address=7")
			.run((context) -> {
				TopicAuthorizer engineAuthorizer = engineTopicAuthorizer(context.getBean(WseEngine.class));
				WsePrincipal alice = WsePrincipal.of("alice");
				assertThat(engineAuthorizer.canPublish(alice, "chat:general")).isTrue();
				assertThat(engineAuthorizer.canPublish(alice, "user:alice")).isTrue();
				assertThat(engineAuthorizer.canPublish(alice, "user:bob")).isFalse();
				assertThat(engineAuthorizer.canPublish(alice, "chat:readonly")).isFalse();
				assertThat(engineAuthorizer.canPublish(alice, "chat:secret")).isFalse();
				assertThat(engineAuthorizer.canPublish(alice, "news")).isFalse();
				assertThat(context.getBean(WseEngine.class).config().connectionsPerAddress()).isEqualTo(7);
			});
	}

	private static TopicAuthorizer engineTopicAuthorizer(WseEngine engine) {
		Object authorizer = org.assertj.core.util.introspection.PropertyOrFieldSupport.EXTRACTION
			.getValueOf("core.topicAuthorizer", engine);
		assertThat(authorizer).isInstanceOf(TopicAuthorizer.class);
		return (TopicAuthorizer) authorizer;
	}

	@Test
	void rpcPropertiesConfigureTheEngine() {
		this.contextRunner.withPropertyValues("wse.rpc.timeout=5s", "wse.rpc.max-in-flight=8").run((context) -> {
			WseEngineConfig config = context.getBean(WseEngine.class).config();
			assertThat(config.rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(config.maxRpcInFlight()).isEqualTo(8);
		});
	}

	@Test
	void userDefinedRpcAuthorizerBacksOffAndGuardsClientCalls() {
		this.contextRunner.withUserConfiguration(RpcAuthorizerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RpcAuthorizer.class);
			assertThat(context.getBean(RpcAuthorizer.class)).isSameAs(RpcAuthorizerConfiguration.AUTHORIZER);
			InMemorySession session = new InMemorySession().connect(context.getBean(WseEngine.class), Map.of());
			session.receiveText("{\"t\":\"rpc_request\",\"cid\":\"c-1\",\"p\":{\"method\":\"anything\"}}");
			OutboundFrame response = session.awaitFrame((frame) -> !frame.isText(), Duration.ofSeconds(5));
			assertThat(new String(response.bytes(), StandardCharsets.UTF_8)).contains("\"rpc_response\"")
				.contains("\"RPC_FORBIDDEN\"");
		});
	}

	@Test
	void userDefinedTemplateAndHandlerRegistryBackOff() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HandlerRegistry.class);
			assertThat(context.getBean(WseEngine.class).handlers()).isSameAs(RegistryConfiguration.REGISTRY);
		});
	}

	@Test
	void secretWithoutSpringSecurityJoseFailsStartup() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JwtDecoder.class))
			.withPropertyValues("wse.security.jwt.secret=0123456789abcdef0123456789abcdef")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wse.security.jwt.secret")
				.hasMessageContaining("spring-security-oauth2-jose"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		WseEngineConfigCustomizer second() {
			return (builder) -> builder.maxConnections(7);
		}

		@Bean
		@Order(1)
		WseEngineConfigCustomizer first() {
			return (builder) -> builder.maxConnections(6).maxJsonDepth(3);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EngineConfigConfiguration {

		@Bean
		WseEngineConfig customEngineConfig() {
			return WseEngineConfig.builder().maxConnections(42).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ChallengeSecretsConfiguration {

		static final byte[] SECRET = "sensor-secret".getBytes(StandardCharsets.UTF_8);

		@Bean
		ChallengeSecretProvider sensorSecrets() {
			return (identity) -> identity.equals("sensor") ? SECRET.clone() : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthenticatorConfiguration {

		static final Authenticator AUTHENTICATOR = (request) -> AuthenticationResult.anonymous();

		@Bean
		Authenticator customAuthenticator() {
			return AUTHENTICATOR;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TopicAuthorizerConfiguration {

		static final TopicAuthorizer AUTHORIZER = (principal, topic) -> false;

		@Bean
		TopicAuthorizer customTopicAuthorizer() {
			return AUTHORIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SelectiveTopicAuthorizerConfiguration {

		static final TopicAuthorizer AUTHORIZER = new TopicAuthorizer() {

			@Override
			public boolean canSubscribe(@Nullable WsePrincipal principal, String topic) {
				return !topic.endsWith(":blocked");
			}

			@Override
			public boolean canJoin(@Nullable WsePrincipal principal, String room) {
				return room.equals("lobby");
			}

		};

		@Bean
		TopicAuthorizer selectiveTopicAuthorizer() {
			return AUTHORIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RpcAuthorizerConfiguration {

		static final RpcAuthorizer AUTHORIZER = (principal, method) -> false;

		@Bean
		RpcAuthorizer customRpcAuthorizer() {
			return AUTHORIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		static final HandlerRegistry REGISTRY = new HandlerRegistry();

		@Bean
		HandlerRegistry customHandlerRegistry() {
			return REGISTRY;
		}

	}

}
