package dev.wse.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.WseEngineConfig.SlowConsumerPolicy;
import dev.wse.engine.WseEngineConfig.UserLimitPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseProperties} and its mapping onto {@link WseEngineConfig}.
 *
 * @author WSE team
 */
class WsePropertiesTests {

	@Test
	void defaultPropertiesMapToTheEngineDefaults() {
		WseEngineConfig defaults = WseEngineConfig.defaults();
		WseEngineConfig mapped = WsePropertiesMapper.toBuilder(new WseProperties()).build();
		assertThat(mapped).usingRecursiveComparison().isEqualTo(defaults);
	}

	@Test
	void defaultEndpointIsWseWithoutOriginRestriction() {
		WseProperties properties = new WseProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getEndpoint().getPath()).isEqualTo("/wse");
		assertThat(properties.getEndpoint().getAllowedOriginPatterns()).isEmpty();
		assertThat(properties.getSecurity().getJwt().getSecret()).isNull();
		assertThat(properties.getLimits().getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
	}

	@Test
	void bindsEveryPropertyAndMapsItOntoTheEngineConfig() {
		WseProperties properties = bind(Map.ofEntries(Map.entry("wse.enabled", "false"),
				Map.entry("wse.shutdown-timeout", "3s"), Map.entry("wse.dedup-window-size", "7"),
				Map.entry("wse.endpoint.path", "/ws"),
				Map.entry("wse.endpoint.allowed-origin-patterns", "https://*.example.com,http://localhost:[*]"),
				Map.entry("wse.heartbeat.ping-interval", "5s"), Map.entry("wse.heartbeat.idle-timeout", "12s"),
				Map.entry("wse.limits.max-message-size", "64KB"), Map.entry("wse.limits.max-json-depth", "8"),
				Map.entry("wse.limits.max-connections", "3"),
				Map.entry("wse.limits.max-subscriptions-per-connection", "4"),
				Map.entry("wse.limits.max-topic-length", "32"), Map.entry("wse.limits.connections-per-user", "2"),
				Map.entry("wse.limits.connections-per-user-policy", "evict-oldest"),
				Map.entry("wse.presence.enabled", "true"), Map.entry("wse.presence.max-data-size", "1KB"),
				Map.entry("wse.presence.max-members", "50"),
				Map.entry("wse.topics.default-subscriptions", "user:{sub},news"),
				Map.entry("wse.rooms.allowed", "room:*,team:{sub}:*"), Map.entry("wse.outbox.max-messages", "10"),
				Map.entry("wse.outbox.max-bytes", "2MB"), Map.entry("wse.outbox.batch-size", "5"),
				Map.entry("wse.outbox.slow-consumer-policy", "drop"),
				Map.entry("wse.outbox.slow-consumer-timeout", "250ms"),
				Map.entry("wse.rate-limit.warning-ratio", "0.5"), Map.entry("wse.rate-limit.inbound.capacity", "11"),
				Map.entry("wse.rate-limit.inbound.refill", "12"), Map.entry("wse.rate-limit.outbound.capacity", "13"),
				Map.entry("wse.rate-limit.outbound.refill", "14"), Map.entry("wse.compression.threshold", "2KB"),
				Map.entry("wse.compression.level", "6"), Map.entry("wse.handler.threads", "3"),
				Map.entry("wse.handler.queue-size", "9"), Map.entry("wse.recovery.enabled", "true"),
				Map.entry("wse.recovery.buffer-size", "64"), Map.entry("wse.recovery.ttl", "2m"),
				Map.entry("wse.recovery.memory-budget", "8MB"), Map.entry("wse.recovery.max-messages", "40"),
				Map.entry("wse.recovery.cleanup-interval", "5s"), Map.entry("wse.security.jwt.secret", "s"),
				Map.entry("wse.security.jwt.issuer", "iss"), Map.entry("wse.security.jwt.audience", "aud"),
				Map.entry("wse.security.encryption.required", "true"),
				Map.entry("wse.security.encryption.timeout", "3s"),
				Map.entry("wse.security.encryption.rekey-interval", "10m"),
				Map.entry("wse.security.encryption.rekey-grace", "4s"),
				Map.entry("wse.security.encryption.max-decrypt-failures", "5")));
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getEndpoint().getPath()).isEqualTo("/ws");
		assertThat(properties.getEndpoint().getAllowedOriginPatterns()).containsExactly("https://*.example.com",
				"http://localhost:[*]");
		assertThat(properties.getSecurity().getJwt().getSecret()).isEqualTo("s");
		assertThat(properties.getSecurity().getJwt().getIssuer()).isEqualTo("iss");
		assertThat(properties.getSecurity().getJwt().getAudience()).isEqualTo("aud");
		WseEngineConfig config = WsePropertiesMapper.toBuilder(properties).build();
		assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(config.dedupWindowSize()).isEqualTo(7);
		assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(12));
		assertThat(config.maxMessageSize()).isEqualTo(64 * 1024);
		assertThat(config.maxJsonDepth()).isEqualTo(8);
		assertThat(config.maxConnections()).isEqualTo(3);
		assertThat(config.maxSubscriptionsPerConnection()).isEqualTo(4);
		assertThat(config.maxTopicLength()).isEqualTo(32);
		assertThat(config.connectionsPerUser()).isEqualTo(2);
		assertThat(config.connectionsPerUserPolicy()).isEqualTo(UserLimitPolicy.EVICT_OLDEST);
		assertThat(config.presenceEnabled()).isTrue();
		assertThat(config.presenceMaxDataSize()).isEqualTo(1024);
		assertThat(config.presenceMaxMembers()).isEqualTo(50);
		assertThat(config.defaultSubscriptions()).containsExactly("user:{sub}", "news");
		assertThat(config.allowedRooms()).containsExactly("room:*", "team:{sub}:*");
		assertThat(config.outboxMaxMessages()).isEqualTo(10);
		assertThat(config.outboxMaxBytes()).isEqualTo(2L * 1024 * 1024);
		assertThat(config.outboxBatchSize()).isEqualTo(5);
		assertThat(config.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DROP);
		assertThat(config.slowConsumerTimeout()).isEqualTo(Duration.ofMillis(250));
		assertThat(config.rateLimitWarningRatio()).isEqualTo(0.5);
		assertThat(config.inboundRateCapacity()).isEqualTo(11);
		assertThat(config.inboundRateRefill()).isEqualTo(12);
		assertThat(config.outboundRateCapacity()).isEqualTo(13);
		assertThat(config.outboundRateRefill()).isEqualTo(14);
		assertThat(config.compressionThreshold()).isEqualTo(2048);
		assertThat(config.compressionLevel()).isEqualTo(6);
		assertThat(config.handlerThreads()).isEqualTo(3);
		assertThat(config.handlerQueueSize()).isEqualTo(9);
		assertThat(config.recoveryEnabled()).isTrue();
		assertThat(config.recoveryBufferSize()).isEqualTo(64);
		assertThat(config.recoveryTtl()).isEqualTo(Duration.ofMinutes(2));
		assertThat(config.recoveryMemoryBudget()).isEqualTo(8L * 1024 * 1024);
		assertThat(config.recoveryMaxMessages()).isEqualTo(40);
		assertThat(config.recoveryCleanupInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.encryptionRequired()).isTrue();
		assertThat(config.encryptionTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(config.rekeyInterval()).isEqualTo(Duration.ofMinutes(10));
		assertThat(config.rekeyGrace()).isEqualTo(Duration.ofSeconds(4));
		assertThat(config.maxDecryptFailures()).isEqualTo(5);
	}

	@Test
	void defaultPresenceAndRoomsAreOffWithoutPerUserLimit() {
		WseProperties properties = new WseProperties();
		assertThat(properties.getPresence().isEnabled()).isFalse();
		assertThat(properties.getPresence().getMaxDataSize()).isEqualTo(DataSize.ofKilobytes(4));
		assertThat(properties.getPresence().getMaxMembers()).isEqualTo(10_000);
		assertThat(properties.getLimits().getConnectionsPerUser()).isZero();
		assertThat(properties.getLimits().getConnectionsPerUserPolicy()).isEqualTo(UserLimitPolicy.REJECT_NEW);
		assertThat(properties.getTopics().getDefaultSubscriptions()).isEmpty();
		assertThat(properties.getRooms().getAllowed()).isEmpty();
	}

	@Test
	void bindsUserLimitPoliciesInKebabAndUpperCase() {
		assertThat(bind(Map.of("wse.limits.connections-per-user-policy", "reject-new")).getLimits()
			.getConnectionsPerUserPolicy()).isEqualTo(UserLimitPolicy.REJECT_NEW);
		assertThat(bind(Map.of("wse.limits.connections-per-user-policy", "EVICT_OLDEST")).getLimits()
			.getConnectionsPerUserPolicy()).isEqualTo(UserLimitPolicy.EVICT_OLDEST);
	}

	@Test
	void bindsListsAsIndexedProperties() {
		WseProperties properties = bind(Map.of("wse.rooms.allowed[0]", "room:*", "wse.rooms.allowed[1]", "team:{sub}:*",
				"wse.topics.default-subscriptions[0]", "user:{sub}"));
		WseEngineConfig config = WsePropertiesMapper.toBuilder(properties).build();
		assertThat(config.allowedRooms()).isEqualTo(List.of("room:*", "team:{sub}:*"));
		assertThat(config.defaultSubscriptions()).isEqualTo(List.of("user:{sub}"));
	}

	@Test
	void bindsPlainNumbersAsBytesAndMilliseconds() {
		WseProperties properties = bind(
				Map.of("wse.limits.max-message-size", "1000", "wse.heartbeat.ping-interval", "1500"));
		assertThat(properties.getLimits().getMaxMessageSize()).isEqualTo(DataSize.ofBytes(1000));
		assertThat(properties.getHeartbeat().getPingInterval()).isEqualTo(Duration.ofMillis(1500));
	}

	private static WseProperties bind(Map<String, String> values) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		return binder.bindOrCreate("wse", WseProperties.class);
	}

}
