package dev.wse.autoconfigure;

import dev.wse.engine.WseEngine;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.handler.ArgumentResolver;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.ChallengeSecretProvider;
import dev.wse.engine.security.RpcAuthorizer;
import dev.wse.engine.security.RuleTopicAuthorizer;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.spring.WseEngineLifecycle;
import dev.wse.spring.WseTemplate;
import dev.wse.spring.annotation.WseHandlerMethodProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the WSE engine: the engine and
 * its lifecycle, the handler registry filled from
 * {@link dev.wse.spring.annotation.WseHandler} beans, the default authenticator, topic
 * authorizer and RPC authorizer, and the {@link WseTemplate}.
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(WseEngine.class)
@ConditionalOnBooleanProperty(name = "wse.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WseProperties.class)
public final class WseAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WseAutoConfiguration.class);

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static WseHandlerMethodProcessor wseHandlerMethodProcessor(ObjectProvider<HandlerRegistry> handlerRegistry) {
		return new WseHandlerMethodProcessor(handlerRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	HandlerRegistry wseHandlerRegistry(ObjectProvider<ArgumentResolver> argumentResolvers) {
		HandlerRegistry registry = new HandlerRegistry();
		argumentResolvers.orderedStream().forEach(registry::addArgumentResolver);
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	WseEngineConfig wseEngineConfig(WseProperties properties, ObjectProvider<WseEngineConfigCustomizer> customizers) {
		WseEngineConfig.Builder builder = WsePropertiesMapper.toBuilder(properties);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	Authenticator wseAuthenticator(WseProperties properties) {
		if (properties.getSecurity().getJwt().getSecret() != null) {
			throw new IllegalStateException("'wse.security.jwt.secret' is set but handshake tokens cannot be verified: "
					+ "add org.springframework.security:spring-security-oauth2-jose to the classpath "
					+ "(and keep WseSecurityAutoConfiguration enabled)");
		}
		logger.warn("WSE accepts ANONYMOUS connections: no handshake authentication is configured. "
				+ "Set 'wse.security.jwt.secret', define a JwtDecoder or an Authenticator bean to require tokens.");
		return Authenticator.ANONYMOUS;
	}

	@Bean
	@ConditionalOnMissingBean
	TopicAuthorizer wseTopicAuthorizer() {
		return TopicAuthorizer.ALLOW_ALL;
	}

	@Bean
	@ConditionalOnMissingBean
	RpcAuthorizer wseRpcAuthorizer() {
		return RpcAuthorizer.ALLOW_ALL;
	}

	@Bean
	@ConditionalOnMissingBean
	WseEngine wseEngine(WseProperties properties, WseEngineConfig config, Authenticator authenticator,
			TopicAuthorizer topicAuthorizer, RpcAuthorizer rpcAuthorizer, HandlerRegistry handlerRegistry,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<ChallengeSecretProvider> challengeSecrets) {
		WseEngine.Builder builder = WseEngine.builder()
			.config(config)
			.authenticator(authenticator)
			.topicAuthorizer(withTopicRules(properties, topicAuthorizer))
			.rpcAuthorizer(rpcAuthorizer)
			.handlers(handlerRegistry)
			.jsonMapper(jsonMapper.getIfUnique(() -> JsonMapper.builder().build()));
		applyChallengeSecrets(builder, config, challengeSecrets.getIfUnique());
		return builder.build();
	}

	/**
	 * Give the engine the application's {@link ChallengeSecretProvider}; the
	 * {@code challenge} auth mode cannot work without one.
	 */
	private static void applyChallengeSecrets(WseEngine.Builder builder, WseEngineConfig config,
			@Nullable ChallengeSecretProvider challengeSecrets) {
		if (challengeSecrets != null) {
			builder.challengeSecretProvider(challengeSecrets);
		}
		else if (config.authMode() == WseEngineConfig.AuthMode.CHALLENGE) {
			throw new IllegalStateException("'wse.security.auth-mode' is 'challenge' but there is no (unique) "
					+ "dev.wse.engine.security.ChallengeSecretProvider bean to supply the per-identity secrets");
		}
	}

	/**
	 * Combine the {@code wse.security.topics.*} rules (and the {@code wse_topics} and
	 * {@code wse_publish} claims) with the application's authorizer: both must allow a
	 * subscription; room joins stay the application authorizer's decision; a client
	 * publication needs a publish-allow rule, a claim or the application authorizer to
	 * allow it, and no deny rule to match. Empty rules allow every subscription, so
	 * without rules or claims the authorizer alone decides.
	 */
	static TopicAuthorizer withTopicRules(WseProperties properties, TopicAuthorizer topicAuthorizer) {
		WseProperties.Security.Topics topics = properties.getSecurity().getTopics();
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(topics.getAllow(), topics.getDeny(),
				topics.getPublishAllow(), topics.getPublishDeny());
		return TopicAuthorizer.allOf(rules, topicAuthorizer);
	}

	@Bean
	@ConditionalOnMissingBean
	WseEngineLifecycle wseEngineLifecycle(WseEngine engine) {
		return new WseEngineLifecycle(engine);
	}

	@Bean
	@ConditionalOnMissingBean
	WseTemplate wseTemplate(WseEngine engine) {
		return new WseTemplate(engine);
	}

}
