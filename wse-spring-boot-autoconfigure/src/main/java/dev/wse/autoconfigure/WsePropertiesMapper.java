package dev.wse.autoconfigure;

import java.util.Set;

import dev.wse.engine.WseEngineConfig;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link WseProperties} onto a {@link WseEngineConfig.Builder}.
 *
 * @author WSE team
 */
final class WsePropertiesMapper {

	private WsePropertiesMapper() {
	}

	static WseEngineConfig.Builder toBuilder(WseProperties properties) {
		WseEngineConfig.Builder builder = WseEngineConfig.builder();
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getShutdownTimeout).to(builder::shutdownTimeout);
		map.from(properties::getDedupWindowSize).to(builder::dedupWindowSize);
		WseProperties.Heartbeat heartbeat = properties.getHeartbeat();
		map.from(heartbeat::getPingInterval).to(builder::pingInterval);
		map.from(heartbeat::getIdleTimeout).to(builder::idleTimeout);
		WseProperties.Limits limits = properties.getLimits();
		map.from(limits::getMaxMessageSize).as(WsePropertiesMapper::toIntBytes).to(builder::maxMessageSize);
		map.from(limits::getMaxJsonDepth).to(builder::maxJsonDepth);
		map.from(limits::getMaxConnections).to(builder::maxConnections);
		map.from(limits::getMaxSubscriptionsPerConnection).to(builder::maxSubscriptionsPerConnection);
		map.from(limits::getMaxTopicLength).to(builder::maxTopicLength);
		map.from(limits::getMaxPatternsPerConnection).to(builder::maxPatternsPerConnection);
		map.from(limits::getConnectionsPerUser).to(builder::connectionsPerUser);
		map.from(limits::getConnectionsPerUserPolicy).to(builder::connectionsPerUserPolicy);
		map.from(limits::getConnectionsPerAddress).to(builder::connectionsPerAddress);
		WseProperties.Outbox outbox = properties.getOutbox();
		map.from(outbox::getMaxMessages).to(builder::outboxMaxMessages);
		map.from(outbox::getMaxBytes).as(DataSize::toBytes).to(builder::outboxMaxBytes);
		map.from(outbox::getBatchSize).to(builder::outboxBatchSize);
		map.from(outbox::getSlowConsumerPolicy).to(builder::slowConsumerPolicy);
		map.from(outbox::getSlowConsumerTimeout).to(builder::slowConsumerTimeout);
		WseProperties.RateLimit rateLimit = properties.getRateLimit();
		map.from(rateLimit::getWarningRatio).to(builder::rateLimitWarningRatio);
		map.from(rateLimit.getInbound()::getCapacity).to(builder::inboundRateCapacity);
		map.from(rateLimit.getInbound()::getRefill).to(builder::inboundRateRefill);
		map.from(rateLimit.getOutbound()::getCapacity).to(builder::outboundRateCapacity);
		map.from(rateLimit.getOutbound()::getRefill).to(builder::outboundRateRefill);
		WseProperties.Compression compression = properties.getCompression();
		map.from(compression::getThreshold).as(WsePropertiesMapper::toIntBytes).to(builder::compressionThreshold);
		map.from(compression::getLevel).to(builder::compressionLevel);
		WseProperties.Handler handler = properties.getHandler();
		map.from(handler::getThreads).to(builder::handlerThreads);
		map.from(handler::getQueueSize).to(builder::handlerQueueSize);
		WseProperties.Rpc rpc = properties.getRpc();
		map.from(rpc::getTimeout).to(builder::rpcTimeout);
		map.from(rpc::getMaxInFlight).to(builder::maxRpcInFlight);
		WseProperties.Presence presence = properties.getPresence();
		map.from(presence::isEnabled).to(builder::presenceEnabled);
		map.from(presence::getMaxDataSize).as(WsePropertiesMapper::toIntBytes).to(builder::presenceMaxDataSize);
		map.from(presence::getMaxMembers).to(builder::presenceMaxMembers);
		map.from(properties.getTopics()::getDefaultSubscriptions).to(builder::defaultSubscriptions);
		map.from(properties.getRooms()::getAllowed).to(builder::allowedRooms);
		WseProperties.Recovery recovery = properties.getRecovery();
		map.from(recovery::isEnabled).to(builder::recoveryEnabled);
		map.from(recovery::getBufferSize).to(builder::recoveryBufferSize);
		map.from(recovery::getTtl).to(builder::recoveryTtl);
		map.from(recovery::getMemoryBudget).as(DataSize::toBytes).to(builder::recoveryMemoryBudget);
		map.from(recovery::getMaxMessages).to(builder::recoveryMaxMessages);
		map.from(recovery::getCleanupInterval).to(builder::recoveryCleanupInterval);
		map.from(properties.getSecurity()::getAuthMode).to(builder::authMode);
		map.from(properties.getSecurity()::getAuthTimeout).to(builder::authTimeout);
		WseProperties.Security.Encryption encryption = properties.getSecurity().getEncryption();
		map.from(encryption::isRequired).to(builder::encryptionRequired);
		map.from(encryption::getTimeout).to(builder::encryptionTimeout);
		map.from(encryption::getRekeyInterval).to(builder::rekeyInterval);
		map.from(encryption::getRekeyGrace).to(builder::rekeyGrace);
		map.from(encryption::getMaxDecryptFailures).to(builder::maxDecryptFailures);
		WseProperties.Security.Signing signing = properties.getSecurity().getSigning();
		map.from(signing::isEnabled).to(builder::signingEnabled);
		map.from(signing::getTypes).as(Set::copyOf).to(builder::signingTypes);
		map.from(signing::isRequired).to(builder::signingRequired);
		map.from(signing::getWindow).to(builder::signingWindow);
		map.from(signing::getReplayCacheSize).to(builder::signingReplayCacheSize);
		map.from(signing::getMaxFailures).to(builder::maxSignatureFailures);
		return builder;
	}

	private static int toIntBytes(DataSize size) {
		return Math.toIntExact(size.toBytes());
	}

}
