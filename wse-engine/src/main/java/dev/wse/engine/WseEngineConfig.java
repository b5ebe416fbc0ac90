package dev.wse.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable configuration of a {@link WseEngine}. Every default lives here; build one
 * with {@link #builder()} or change one with {@link #toBuilder()}. Defaults follow the
 * limits of the WSE v2 reference unless {@code docs/configuration.md} says otherwise.
 */
public final class WseEngineConfig {

	/**
	 * What happens to a connection whose outbox stays full.
	 */
	public enum SlowConsumerPolicy {

		/**
		 * Drop lower priorities first, then close the connection with 4409 after the
		 * timeout.
		 */
		CLOSE,

		/** Drop messages (lower priorities first) but never close the connection. */
		DROP

	}

	/**
	 * What happens when a user opens more connections than allowed.
	 */
	public enum UserLimitPolicy {

		/** Close the new connection with 4410. */
		REJECT_NEW,

		/** Close the user's oldest connection with 4411 and accept the new one. */
		EVICT_OLDEST

	}

	/**
	 * How connections authenticate.
	 */
	public enum AuthMode {

		/**
		 * From the upgrade request (token, cookie, session), before {@code server_ready}.
		 */
		HANDSHAKE,

		/**
		 * Post-connect: the client sends {@code authenticate} with credentials within the
		 * auth timeout.
		 */
		MESSAGE,

		/**
		 * Challenge-response: the server sends {@code challenge}, the client answers with
		 * an HMAC over it within the auth timeout.
		 */
		CHALLENGE

	}

	private static final WseEngineConfig DEFAULTS = builder().build();

	private final Duration pingInterval;

	private final Duration idleTimeout;

	private final int maxMessageSize;

	private final int maxJsonDepth;

	private final int maxConnections;

	private final int maxSubscriptionsPerConnection;

	private final int maxTopicLength;

	private final int outboxMaxMessages;

	private final long outboxMaxBytes;

	private final int outboxBatchSize;

	private final SlowConsumerPolicy slowConsumerPolicy;

	private final Duration slowConsumerTimeout;

	private final int inboundRateCapacity;

	private final int inboundRateRefill;

	private final int outboundRateCapacity;

	private final int outboundRateRefill;

	private final double rateLimitWarningRatio;

	private final int dedupWindowSize;

	private final int compressionThreshold;

	private final int compressionLevel;

	private final int handlerThreads;

	private final int handlerQueueSize;

	private final Duration shutdownTimeout;

	private final boolean recoveryEnabled;

	private final String serverVersion;

	private final int maxPatternsPerConnection;

	private final List<String> defaultSubscriptions;

	private final List<String> allowedRooms;

	private final Duration rpcTimeout;

	private final int maxRpcInFlight;

	private final boolean presenceEnabled;

	private final int presenceMaxDataSize;

	private final int presenceMaxMembers;

	private final int connectionsPerUser;

	private final UserLimitPolicy connectionsPerUserPolicy;

	private final int connectionsPerAddress;

	private final int recoveryBufferSize;

	private final Duration recoveryTtl;

	private final long recoveryMemoryBudget;

	private final int recoveryMaxMessages;

	private final Duration recoveryCleanupInterval;

	private final boolean encryptionRequired;

	private final Duration encryptionTimeout;

	private final AuthMode authMode;

	private final Duration authTimeout;

	private final Duration rekeyInterval;

	private final Duration rekeyGrace;

	private final int maxDecryptFailures;

	private final boolean signingEnabled;

	private final Set<String> signingTypes;

	private final boolean signingRequired;

	private final Duration signingWindow;

	private final int signingReplayCacheSize;

	private final int maxSignatureFailures;

	private WseEngineConfig(Builder builder) {
		this.pingInterval = builder.pingInterval;
		this.idleTimeout = builder.idleTimeout;
		this.maxMessageSize = builder.maxMessageSize;
		this.maxJsonDepth = builder.maxJsonDepth;
		this.maxConnections = builder.maxConnections;
		this.maxSubscriptionsPerConnection = builder.maxSubscriptionsPerConnection;
		this.maxTopicLength = builder.maxTopicLength;
		this.outboxMaxMessages = builder.outboxMaxMessages;
		this.outboxMaxBytes = builder.outboxMaxBytes;
		this.outboxBatchSize = builder.outboxBatchSize;
		this.slowConsumerPolicy = builder.slowConsumerPolicy;
		this.slowConsumerTimeout = builder.slowConsumerTimeout;
		this.inboundRateCapacity = builder.inboundRateCapacity;
		this.inboundRateRefill = builder.inboundRateRefill;
		this.outboundRateCapacity = builder.outboundRateCapacity;
		this.outboundRateRefill = builder.outboundRateRefill;
		this.rateLimitWarningRatio = builder.rateLimitWarningRatio;
		this.dedupWindowSize = builder.dedupWindowSize;
		this.compressionThreshold = builder.compressionThreshold;
		this.compressionLevel = builder.compressionLevel;
		this.handlerThreads = builder.handlerThreads;
		this.handlerQueueSize = builder.handlerQueueSize;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.recoveryEnabled = builder.recoveryEnabled;
		this.serverVersion = builder.serverVersion;
		this.maxPatternsPerConnection = builder.maxPatternsPerConnection;
		this.defaultSubscriptions = builder.defaultSubscriptions;
		this.allowedRooms = builder.allowedRooms;
		this.rpcTimeout = builder.rpcTimeout;
		this.maxRpcInFlight = builder.maxRpcInFlight;
		this.presenceEnabled = builder.presenceEnabled;
		this.presenceMaxDataSize = builder.presenceMaxDataSize;
		this.presenceMaxMembers = builder.presenceMaxMembers;
		this.connectionsPerUser = builder.connectionsPerUser;
		this.connectionsPerUserPolicy = builder.connectionsPerUserPolicy;
		this.connectionsPerAddress = builder.connectionsPerAddress;
		this.recoveryBufferSize = builder.recoveryBufferSize;
		this.recoveryTtl = builder.recoveryTtl;
		this.recoveryMemoryBudget = builder.recoveryMemoryBudget;
		this.recoveryMaxMessages = builder.recoveryMaxMessages;
		this.recoveryCleanupInterval = builder.recoveryCleanupInterval;
		this.encryptionRequired = builder.encryptionRequired;
		this.encryptionTimeout = builder.encryptionTimeout;
		this.authMode = builder.authMode;
		this.authTimeout = builder.authTimeout;
		this.rekeyInterval = builder.rekeyInterval;
		this.rekeyGrace = builder.rekeyGrace;
		this.maxDecryptFailures = builder.maxDecryptFailures;
		this.signingEnabled = builder.signingEnabled;
		this.signingTypes = Set.copyOf(builder.signingTypes);
		this.signingRequired = builder.signingRequired;
		this.signingWindow = builder.signingWindow;
		this.signingReplayCacheSize = builder.signingReplayCacheSize;
		this.maxSignatureFailures = builder.maxSignatureFailures;
		validate();
	}

	private void validate() {
		if (this.pingInterval.compareTo(this.idleTimeout) >= 0) {
			throw new IllegalArgumentException("pingInterval (" + this.pingInterval
					+ ") must be shorter than idleTimeout (" + this.idleTimeout + ")");
		}
		requirePositive(this.maxMessageSize, "maxMessageSize");
		requirePositive(this.maxJsonDepth, "maxJsonDepth");
		requirePositive(this.maxConnections, "maxConnections");
		requirePositive(this.maxSubscriptionsPerConnection, "maxSubscriptionsPerConnection");
		requirePositive(this.maxTopicLength, "maxTopicLength");
		requirePositive(this.outboxMaxMessages, "outboxMaxMessages");
		requirePositive(this.outboxMaxBytes, "outboxMaxBytes");
		requirePositive(this.outboxBatchSize, "outboxBatchSize");
		requirePositive(this.handlerThreads, "handlerThreads");
		requirePositive(this.handlerQueueSize, "handlerQueueSize");
		requirePositive(this.dedupWindowSize + 1, "dedupWindowSize + 1");
		requirePositive(this.recoveryBufferSize, "recoveryBufferSize");
		requirePositive(this.recoveryMemoryBudget, "recoveryMemoryBudget");
		requirePositive(this.recoveryMaxMessages, "recoveryMaxMessages");
		requirePositive(this.maxPatternsPerConnection, "maxPatternsPerConnection");
		requirePositive(this.maxRpcInFlight, "maxRpcInFlight");
		requirePositive(this.presenceMaxDataSize, "presenceMaxDataSize");
		requirePositive(this.presenceMaxMembers, "presenceMaxMembers");
		requirePositive(this.connectionsPerUser + 1, "connectionsPerUser + 1");
		requirePositive(this.connectionsPerAddress + 1, "connectionsPerAddress + 1");
		requirePositive(this.maxDecryptFailures, "maxDecryptFailures");
		requirePositive(this.signingReplayCacheSize, "signingReplayCacheSize");
		requirePositive(this.maxSignatureFailures, "maxSignatureFailures");
		requirePositive(this.signingWindow.toMillis(), "signingWindow in milliseconds");
		requirePositive(this.encryptionTimeout.toMillis(), "encryptionTimeout in milliseconds");
		requirePositive(this.authTimeout.toMillis(), "authTimeout in milliseconds");
		if (this.rekeyInterval.isNegative() || this.rekeyGrace.isNegative()) {
			throw new IllegalArgumentException("rekeyInterval and rekeyGrace must not be negative");
		}
		if (this.compressionLevel < 0 || this.compressionLevel > 9) {
			throw new IllegalArgumentException("compressionLevel must be between 0 and 9");
		}
	}

	private static void requirePositive(long value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
	}

	/**
	 * Return the default configuration.
	 * @return the defaults
	 */
	public static WseEngineConfig defaults() {
		return DEFAULTS;
	}

	/**
	 * Start a builder with the defaults.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder initialised with this configuration.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.pingInterval = this.pingInterval;
		builder.idleTimeout = this.idleTimeout;
		builder.maxMessageSize = this.maxMessageSize;
		builder.maxJsonDepth = this.maxJsonDepth;
		builder.maxConnections = this.maxConnections;
		builder.maxSubscriptionsPerConnection = this.maxSubscriptionsPerConnection;
		builder.maxTopicLength = this.maxTopicLength;
		builder.outboxMaxMessages = this.outboxMaxMessages;
		builder.outboxMaxBytes = this.outboxMaxBytes;
		builder.outboxBatchSize = this.outboxBatchSize;
		builder.slowConsumerPolicy = this.slowConsumerPolicy;
		builder.slowConsumerTimeout = this.slowConsumerTimeout;
		builder.inboundRateCapacity = this.inboundRateCapacity;
		builder.inboundRateRefill = this.inboundRateRefill;
		builder.outboundRateCapacity = this.outboundRateCapacity;
		builder.outboundRateRefill = this.outboundRateRefill;
		builder.rateLimitWarningRatio = this.rateLimitWarningRatio;
		builder.dedupWindowSize = this.dedupWindowSize;
		builder.compressionThreshold = this.compressionThreshold;
		builder.compressionLevel = this.compressionLevel;
		builder.handlerThreads = this.handlerThreads;
		builder.handlerQueueSize = this.handlerQueueSize;
		builder.shutdownTimeout = this.shutdownTimeout;
		builder.recoveryEnabled = this.recoveryEnabled;
		builder.serverVersion = this.serverVersion;
		builder.maxPatternsPerConnection = this.maxPatternsPerConnection;
		builder.defaultSubscriptions = this.defaultSubscriptions;
		builder.allowedRooms = this.allowedRooms;
		builder.rpcTimeout = this.rpcTimeout;
		builder.maxRpcInFlight = this.maxRpcInFlight;
		builder.presenceEnabled = this.presenceEnabled;
		builder.presenceMaxDataSize = this.presenceMaxDataSize;
		builder.presenceMaxMembers = this.presenceMaxMembers;
		builder.connectionsPerUser = this.connectionsPerUser;
		builder.connectionsPerUserPolicy = this.connectionsPerUserPolicy;
		builder.connectionsPerAddress = this.connectionsPerAddress;
		builder.recoveryBufferSize = this.recoveryBufferSize;
		builder.recoveryTtl = this.recoveryTtl;
		builder.recoveryMemoryBudget = this.recoveryMemoryBudget;
		builder.recoveryMaxMessages = this.recoveryMaxMessages;
		builder.recoveryCleanupInterval = this.recoveryCleanupInterval;
		builder.encryptionRequired = this.encryptionRequired;
		builder.encryptionTimeout = this.encryptionTimeout;
		builder.authMode = this.authMode;
		builder.authTimeout = this.authTimeout;
		builder.rekeyInterval = this.rekeyInterval;
		builder.rekeyGrace = this.rekeyGrace;
		builder.maxDecryptFailures = this.maxDecryptFailures;
		builder.signingEnabled = this.signingEnabled;
		builder.signingTypes = this.signingTypes;
		builder.signingRequired = this.signingRequired;
		builder.signingWindow = this.signingWindow;
		builder.signingReplayCacheSize = this.signingReplayCacheSize;
		builder.maxSignatureFailures = this.maxSignatureFailures;
		return builder;
	}

	/**
	 * Interval of the server's JSON {@code ping} to each connection.
	 * @return the value
	 */
	public Duration pingInterval() {
		return this.pingInterval;
	}

	/**
	 * Time without an inbound data frame after which a connection is closed with 4408.
	 * @return the value
	 */
	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Maximum inbound message size in bytes; larger messages close the connection with
	 * 1009.
	 * @return the value
	 */
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Maximum JSON / MessagePack nesting depth of inbound messages.
	 * @return the value
	 */
	public int maxJsonDepth() {
		return this.maxJsonDepth;
	}

	/**
	 * Maximum number of open connections; further ones are closed with 1013.
	 * @return the value
	 */
	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * Maximum number of topics and patterns one connection may subscribe to.
	 * @return the value
	 */
	public int maxSubscriptionsPerConnection() {
		return this.maxSubscriptionsPerConnection;
	}

	/**
	 * Maximum length of a topic name or pattern.
	 * @return the value
	 */
	public int maxTopicLength() {
		return this.maxTopicLength;
	}

	/**
	 * Maximum number of queued outbound messages per connection.
	 * @return the value
	 */
	public int outboxMaxMessages() {
		return this.outboxMaxMessages;
	}

	/**
	 * Maximum number of queued outbound bytes per connection.
	 * @return the value
	 */
	public long outboxMaxBytes() {
		return this.outboxMaxBytes;
	}

	/**
	 * Maximum number of frames written to the transport in one batch.
	 * @return the value
	 */
	public int outboxBatchSize() {
		return this.outboxBatchSize;
	}

	/**
	 * What happens to a connection whose outbox stays full.
	 * @return the value
	 */
	public SlowConsumerPolicy slowConsumerPolicy() {
		return this.slowConsumerPolicy;
	}

	/**
	 * How long an outbox may stay full (dropping messages) before the connection is
	 * closed with 4409.
	 * @return the value
	 */
	public Duration slowConsumerTimeout() {
		return this.slowConsumerTimeout;
	}

	/**
	 * Capacity (burst) of the per-connection inbound token bucket; 0 disables inbound
	 * limiting.
	 * @return the value
	 */
	public int inboundRateCapacity() {
		return this.inboundRateCapacity;
	}

	/**
	 * Tokens per second refilled into the inbound bucket.
	 * @return the value
	 */
	public int inboundRateRefill() {
		return this.inboundRateRefill;
	}

	/**
	 * Capacity of the per-connection bucket for direct sends; 0 disables it.
	 * @return the value
	 */
	public int outboundRateCapacity() {
		return this.outboundRateCapacity;
	}

	/**
	 * Tokens per second refilled into the direct-send bucket.
	 * @return the value
	 */
	public int outboundRateRefill() {
		return this.outboundRateRefill;
	}

	/**
	 * Fraction of a bucket below which a {@code rate_limit_warning} is sent.
	 * @return the value
	 */
	public double rateLimitWarningRatio() {
		return this.rateLimitWarningRatio;
	}

	/**
	 * Number of recent message ids remembered per connection to drop duplicate sends.
	 * @return the value
	 */
	public int dedupWindowSize() {
		return this.dedupWindowSize;
	}

	/**
	 * Binary sends longer than this many bytes are zlib-compressed ({@code C:}); 0
	 * disables.
	 * @return the value
	 */
	public int compressionThreshold() {
		return this.compressionThreshold;
	}

	/**
	 * zlib compression level of {@code C:} frames.
	 * @return the value
	 */
	public int compressionLevel() {
		return this.compressionLevel;
	}

	/**
	 * Number of threads running application handlers.
	 * @return the value
	 */
	public int handlerThreads() {
		return this.handlerThreads;
	}

	/**
	 * Number of messages waiting for handlers per connection at which the transport stops
	 * reading from it, until the queue is down to a quarter; on a transport that cannot
	 * stop reading, more are answered with {@code OVERLOADED}.
	 * @return the value
	 */
	public int handlerQueueSize() {
		return this.handlerQueueSize;
	}

	/**
	 * How long {@code stop()} waits for connections to drain before closing the rest.
	 * @return the value
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Whether message recovery is enabled (reported in
	 * {@code server_ready.features.recovery}).
	 * @return the value
	 */
	public boolean recoveryEnabled() {
		return this.recoveryEnabled;
	}

	/**
	 * Server version reported in {@code server_hello}.
	 * @return the value
	 */
	public String serverVersion() {
		return this.serverVersion;
	}

	/**
	 * Messages kept per topic for recovery (rounded up to a power of two, at least 16).
	 * @return the value
	 */
	public int recoveryBufferSize() {
		return this.recoveryBufferSize;
	}

	/**
	 * Time without publications after which a topic's recovery buffer is dropped.
	 * @return the value
	 */
	public Duration recoveryTtl() {
		return this.recoveryTtl;
	}

	/**
	 * Bytes held by all recovery buffers before the least recently written are dropped.
	 * @return the value
	 */
	public long recoveryMemoryBudget() {
		return this.recoveryMemoryBudget;
	}

	/**
	 * Largest backlog replayed to a reconnecting client; a bigger gap is reported as not
	 * recovered.
	 * @return the value
	 */
	public int recoveryMaxMessages() {
		return this.recoveryMaxMessages;
	}

	/**
	 * Interval of the recovery buffer cleanup (TTL and memory budget).
	 * @return the value
	 */
	public Duration recoveryCleanupInterval() {
		return this.recoveryCleanupInterval;
	}

	/**
	 * Whether every connection must exchange a key: plaintext messages other than
	 * {@code client_hello}, {@code ping} and {@code PONG} are refused with
	 * ENCRYPTION_REQUIRED, and a connection not keyed within the encryption timeout is
	 * closed with 4004.
	 * @return the value
	 */
	public boolean encryptionRequired() {
		return this.encryptionRequired;
	}

	/**
	 * Time a connection has to complete a key exchange when encryption is required.
	 * @return the value
	 */
	public Duration encryptionTimeout() {
		return this.encryptionTimeout;
	}

	/**
	 * How connections authenticate.
	 * @return the value
	 */
	public AuthMode authMode() {
		return this.authMode;
	}

	/**
	 * Time a connection has to authenticate in the {@code MESSAGE} and {@code CHALLENGE}
	 * modes.
	 * @return the value
	 */
	public Duration authTimeout() {
		return this.authTimeout;
	}

	/**
	 * Age of a connection's key after which the server sends {@code rekey_request} (again
	 * every interval until the client rekeys); zero disables.
	 * @return the value
	 */
	public Duration rekeyInterval() {
		return this.rekeyInterval;
	}

	/**
	 * Time inbound frames under the previous key are still accepted after a rekey.
	 * @return the value
	 */
	public Duration rekeyGrace() {
		return this.rekeyGrace;
	}

	/**
	 * Number of consecutive inbound frames that fail to decrypt after which the
	 * connection is closed with 4005.
	 * @return the value
	 */
	public int maxDecryptFailures() {
		return this.maxDecryptFailures;
	}

	/**
	 * Whether clients may negotiate HMAC-SHA256 message signing in {@code client_hello}.
	 * @return the value
	 */
	public boolean signingEnabled() {
		return this.signingEnabled;
	}

	/**
	 * Message types that are signed in both directions on connections that negotiated
	 * signing.
	 * @return the value (immutable)
	 */
	public Set<String> signingTypes() {
		return this.signingTypes;
	}

	/**
	 * Whether every connection must negotiate signing: until it has, inbound messages of
	 * signed types are refused with INVALID_SIGNATURE, and one that has not within the
	 * encryption timeout is closed with 4007.
	 * @return the value
	 */
	public boolean signingRequired() {
		return this.signingRequired;
	}

	/**
	 * How far a signed message's timestamp may be from the server's clock, either way,
	 * and how long its nonce is remembered.
	 * @return the value
	 */
	public Duration signingWindow() {
		return this.signingWindow;
	}

	/**
	 * Most nonces remembered per connection for replay detection.
	 * @return the value
	 */
	public int signingReplayCacheSize() {
		return this.signingReplayCacheSize;
	}

	/**
	 * Number of consecutive inbound signed-type messages that fail their signature or
	 * replay check after which the connection is closed with 4006.
	 * @return the value
	 */
	public int maxSignatureFailures() {
		return this.maxSignatureFailures;
	}

	/**
	 * Longest time an RPC may take, in either direction, before it fails with
	 * RPC_TIMEOUT.
	 * @return the value
	 */
	public Duration rpcTimeout() {
		return this.rpcTimeout;
	}

	/**
	 * Maximum number of RPCs in flight per connection and direction; more are refused.
	 * @return the value
	 */
	public int maxRpcInFlight() {
		return this.maxRpcInFlight;
	}

	/**
	 * Whether presence is tracked for subscriptions that ask for it.
	 * @return the value
	 */
	public boolean presenceEnabled() {
		return this.presenceEnabled;
	}

	/**
	 * Maximum size in bytes of a member's presence data (serialized JSON).
	 * @return the value
	 */
	public int presenceMaxDataSize() {
		return this.presenceMaxDataSize;
	}

	/**
	 * Maximum number of users tracked as present in one topic.
	 * @return the value
	 */
	public int presenceMaxMembers() {
		return this.presenceMaxMembers;
	}

	/**
	 * Maximum number of connections one user may hold; 0 means no limit.
	 * @return the value
	 */
	public int connectionsPerUser() {
		return this.connectionsPerUser;
	}

	/**
	 * What happens when a user exceeds the connections-per-user limit.
	 * @return the value
	 */
	public UserLimitPolicy connectionsPerUserPolicy() {
		return this.connectionsPerUserPolicy;
	}

	/**
	 * Maximum number of connections from one remote address (the transport's remote IP
	 * address); 0 means no limit.
	 * @return the value
	 */
	public int connectionsPerAddress() {
		return this.connectionsPerAddress;
	}

	/**
	 * Topics every connection is subscribed to after authentication; {@code {sub}} stands
	 * for the user id.
	 * @return the value
	 */
	public List<String> defaultSubscriptions() {
		return this.defaultSubscriptions;
	}

	/**
	 * Glob patterns of the rooms clients may join; {@code {sub}} stands for the user id.
	 * Empty: only the topic authorizer's canJoin decides.
	 * @return the value
	 */
	public List<String> allowedRooms() {
		return this.allowedRooms;
	}

	/**
	 * Maximum number of glob patterns one connection may subscribe to (each publication
	 * checks every pattern).
	 * @return the value
	 */
	public int maxPatternsPerConnection() {
		return this.maxPatternsPerConnection;
	}

	/**
	 * Builder for {@link WseEngineConfig}.
	 */
	public static final class Builder {

		private Duration pingInterval = Duration.ofSeconds(25);

		private Duration idleTimeout = Duration.ofSeconds(60);

		private int maxMessageSize = 1024 * 1024;

		private int maxJsonDepth = 64;

		private int maxConnections = 1000;

		private int maxSubscriptionsPerConnection = 1000;

		private int maxTopicLength = 256;

		private int outboxMaxMessages = 10_000;

		private long outboxMaxBytes = 16L * 1024 * 1024;

		private int outboxBatchSize = 64;

		private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.CLOSE;

		private Duration slowConsumerTimeout = Duration.ofSeconds(15);

		private int inboundRateCapacity = 1000;

		private int inboundRateRefill = 500;

		private int outboundRateCapacity = 100_000;

		private int outboundRateRefill = 10_000;

		private double rateLimitWarningRatio = 0.2;

		private int dedupWindowSize = 50_000;

		private int compressionThreshold = 1024;

		private int compressionLevel = 1;

		private int handlerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

		private int handlerQueueSize = 256;

		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private boolean recoveryEnabled = false;

		private String serverVersion = "0.1.0";

		private int recoveryBufferSize = 128;

		private Duration recoveryTtl = Duration.ofSeconds(300);

		private long recoveryMemoryBudget = 256L * 1024 * 1024;

		private int recoveryMaxMessages = 500;

		private Duration recoveryCleanupInterval = Duration.ofSeconds(30);

		private boolean encryptionRequired = false;

		private Duration encryptionTimeout = Duration.ofSeconds(10);

		private AuthMode authMode = AuthMode.HANDSHAKE;

		private Duration authTimeout = Duration.ofSeconds(5);

		private Duration rekeyInterval = Duration.ofHours(1);

		private Duration rekeyGrace = Duration.ofSeconds(30);

		private int maxDecryptFailures = 10;

		private boolean signingEnabled = false;

		private Set<String> signingTypes = Set.of();

		private boolean signingRequired = false;

		private Duration signingWindow = Duration.ofMinutes(5);

		private int signingReplayCacheSize = 10_000;

		private int maxSignatureFailures = 10;

		private Duration rpcTimeout = Duration.ofSeconds(20);

		private int maxRpcInFlight = 64;

		private boolean presenceEnabled = false;

		private int presenceMaxDataSize = 4096;

		private int presenceMaxMembers = 10_000;

		private int connectionsPerUser = 0;

		private UserLimitPolicy connectionsPerUserPolicy = UserLimitPolicy.REJECT_NEW;

		private int connectionsPerAddress = 0;

		private List<String> defaultSubscriptions = List.of();

		private List<String> allowedRooms = List.of();

		private int maxPatternsPerConnection = 16;

		private Builder() {
		}

		/**
		 * Interval of the server's JSON {@code ping} to each connection.
		 * @param pingInterval the value
		 * @return this builder
		 */
		public Builder pingInterval(Duration pingInterval) {
			this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
			return this;
		}

		/**
		 * Time without an inbound data frame after which a connection is closed with
		 * 4408.
		 * @param idleTimeout the value
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
			return this;
		}

		/**
		 * Maximum inbound message size in bytes; larger messages close the connection
		 * with 1009.
		 * @param maxMessageSize the value
		 * @return this builder
		 */
		public Builder maxMessageSize(int maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/**
		 * Maximum JSON / MessagePack nesting depth of inbound messages.
		 * @param maxJsonDepth the value
		 * @return this builder
		 */
		public Builder maxJsonDepth(int maxJsonDepth) {
			this.maxJsonDepth = maxJsonDepth;
			return this;
		}

		/**
		 * Maximum number of open connections; further ones are closed with 1013.
		 * @param maxConnections the value
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * Maximum number of topics and patterns one connection may subscribe to.
		 * @param maxSubscriptionsPerConnection the value
		 * @return this builder
		 */
		public Builder maxSubscriptionsPerConnection(int maxSubscriptionsPerConnection) {
			this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
			return this;
		}

		/**
		 * Maximum length of a topic name or pattern.
		 * @param maxTopicLength the value
		 * @return this builder
		 */
		public Builder maxTopicLength(int maxTopicLength) {
			this.maxTopicLength = maxTopicLength;
			return this;
		}

		/**
		 * Maximum number of queued outbound messages per connection.
		 * @param outboxMaxMessages the value
		 * @return this builder
		 */
		public Builder outboxMaxMessages(int outboxMaxMessages) {
			this.outboxMaxMessages = outboxMaxMessages;
			return this;
		}

		/**
		 * Maximum number of queued outbound bytes per connection.
		 * @param outboxMaxBytes the value
		 * @return this builder
		 */
		public Builder outboxMaxBytes(long outboxMaxBytes) {
			this.outboxMaxBytes = outboxMaxBytes;
			return this;
		}

		/**
		 * Maximum number of frames written to the transport in one batch.
		 * @param outboxBatchSize the value
		 * @return this builder
		 */
		public Builder outboxBatchSize(int outboxBatchSize) {
			this.outboxBatchSize = outboxBatchSize;
			return this;
		}

		/**
		 * What happens to a connection whose outbox stays full.
		 * @param slowConsumerPolicy the value
		 * @return this builder
		 */
		public Builder slowConsumerPolicy(SlowConsumerPolicy slowConsumerPolicy) {
			this.slowConsumerPolicy = Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
			return this;
		}

		/**
		 * How long an outbox may stay full (dropping messages) before the connection is
		 * closed with 4409.
		 * @param slowConsumerTimeout the value
		 * @return this builder
		 */
		public Builder slowConsumerTimeout(Duration slowConsumerTimeout) {
			this.slowConsumerTimeout = Objects.requireNonNull(slowConsumerTimeout, "slowConsumerTimeout");
			return this;
		}

		/**
		 * Capacity (burst) of the per-connection inbound token bucket; 0 disables inbound
		 * limiting.
		 * @param inboundRateCapacity the value
		 * @return this builder
		 */
		public Builder inboundRateCapacity(int inboundRateCapacity) {
			this.inboundRateCapacity = inboundRateCapacity;
			return this;
		}

		/**
		 * Tokens per second refilled into the inbound bucket.
		 * @param inboundRateRefill the value
		 * @return this builder
		 */
		public Builder inboundRateRefill(int inboundRateRefill) {
			this.inboundRateRefill = inboundRateRefill;
			return this;
		}

		/**
		 * Capacity of the per-connection bucket for direct sends; 0 disables it.
		 * @param outboundRateCapacity the value
		 * @return this builder
		 */
		public Builder outboundRateCapacity(int outboundRateCapacity) {
			this.outboundRateCapacity = outboundRateCapacity;
			return this;
		}

		/**
		 * Tokens per second refilled into the direct-send bucket.
		 * @param outboundRateRefill the value
		 * @return this builder
		 */
		public Builder outboundRateRefill(int outboundRateRefill) {
			this.outboundRateRefill = outboundRateRefill;
			return this;
		}

		/**
		 * Fraction of a bucket below which a {@code rate_limit_warning} is sent.
		 * @param rateLimitWarningRatio the value
		 * @return this builder
		 */
		public Builder rateLimitWarningRatio(double rateLimitWarningRatio) {
			this.rateLimitWarningRatio = rateLimitWarningRatio;
			return this;
		}

		/**
		 * Number of recent message ids remembered per connection to drop duplicate sends.
		 * @param dedupWindowSize the value
		 * @return this builder
		 */
		public Builder dedupWindowSize(int dedupWindowSize) {
			this.dedupWindowSize = dedupWindowSize;
			return this;
		}

		/**
		 * Binary sends longer than this many bytes are zlib-compressed ({@code C:}); 0
		 * disables.
		 * @param compressionThreshold the value
		 * @return this builder
		 */
		public Builder compressionThreshold(int compressionThreshold) {
			this.compressionThreshold = compressionThreshold;
			return this;
		}

		/**
		 * zlib compression level of {@code C:} frames.
		 * @param compressionLevel the value
		 * @return this builder
		 */
		public Builder compressionLevel(int compressionLevel) {
			this.compressionLevel = compressionLevel;
			return this;
		}

		/**
		 * Number of threads running application handlers.
		 * @param handlerThreads the value
		 * @return this builder
		 */
		public Builder handlerThreads(int handlerThreads) {
			this.handlerThreads = handlerThreads;
			return this;
		}

		/**
		 * Number of messages waiting for handlers per connection at which the transport
		 * stops reading from it (more are answered with {@code OVERLOADED} on a transport
		 * that cannot stop reading).
		 * @param handlerQueueSize the value
		 * @return this builder
		 */
		public Builder handlerQueueSize(int handlerQueueSize) {
			this.handlerQueueSize = handlerQueueSize;
			return this;
		}

		/**
		 * How long {@code stop()} waits for connections to drain before closing the rest.
		 * @param shutdownTimeout the value
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
			return this;
		}

		/**
		 * Whether message recovery is enabled (reported in
		 * {@code server_ready.features.recovery}).
		 * @param recoveryEnabled the value
		 * @return this builder
		 */
		public Builder recoveryEnabled(boolean recoveryEnabled) {
			this.recoveryEnabled = recoveryEnabled;
			return this;
		}

		/**
		 * Server version reported in {@code server_hello}.
		 * @param serverVersion the value
		 * @return this builder
		 */
		public Builder serverVersion(String serverVersion) {
			this.serverVersion = Objects.requireNonNull(serverVersion, "serverVersion");
			return this;
		}

		/**
		 * Messages kept per topic for recovery (rounded up to a power of two, at least
		 * 16).
		 * @param recoveryBufferSize the value
		 * @return this builder
		 */
		public Builder recoveryBufferSize(int recoveryBufferSize) {
			this.recoveryBufferSize = recoveryBufferSize;
			return this;
		}

		/**
		 * Time without publications after which a topic's recovery buffer is dropped.
		 * @param recoveryTtl the value
		 * @return this builder
		 */
		public Builder recoveryTtl(Duration recoveryTtl) {
			this.recoveryTtl = Objects.requireNonNull(recoveryTtl, "recoveryTtl");
			return this;
		}

		/**
		 * Bytes held by all recovery buffers before the least recently written are
		 * dropped.
		 * @param recoveryMemoryBudget the value
		 * @return this builder
		 */
		public Builder recoveryMemoryBudget(long recoveryMemoryBudget) {
			this.recoveryMemoryBudget = recoveryMemoryBudget;
			return this;
		}

		/**
		 * Largest backlog replayed to a reconnecting client; a bigger gap is reported as
		 * not recovered.
		 * @param recoveryMaxMessages the value
		 * @return this builder
		 */
		public Builder recoveryMaxMessages(int recoveryMaxMessages) {
			this.recoveryMaxMessages = recoveryMaxMessages;
			return this;
		}

		/**
		 * Interval of the recovery buffer cleanup (TTL and memory budget).
		 * @param recoveryCleanupInterval the value
		 * @return this builder
		 */
		public Builder recoveryCleanupInterval(Duration recoveryCleanupInterval) {
			this.recoveryCleanupInterval = Objects.requireNonNull(recoveryCleanupInterval, "recoveryCleanupInterval");
			return this;
		}

		/**
		 * Whether every connection must exchange a key: plaintext messages other than
		 * {@code client_hello}, {@code ping} and {@code PONG} are refused with
		 * ENCRYPTION_REQUIRED, and a connection not keyed within the encryption timeout
		 * is closed with 4004.
		 * @param encryptionRequired the value
		 * @return this builder
		 */
		public Builder encryptionRequired(boolean encryptionRequired) {
			this.encryptionRequired = encryptionRequired;
			return this;
		}

		/**
		 * Time a connection has to complete a key exchange when encryption is required.
		 * @param encryptionTimeout the value
		 * @return this builder
		 */
		public Builder encryptionTimeout(Duration encryptionTimeout) {
			this.encryptionTimeout = Objects.requireNonNull(encryptionTimeout, "encryptionTimeout");
			return this;
		}

		/**
		 * How connections authenticate: in the handshake (default), with an
		 * {@code authenticate} message, or by challenge-response.
		 * @param authMode the value
		 * @return this builder
		 */
		public Builder authMode(AuthMode authMode) {
			this.authMode = Objects.requireNonNull(authMode, "authMode");
			return this;
		}

		/**
		 * Time a connection has to authenticate in the {@code MESSAGE} and
		 * {@code CHALLENGE} modes; a connection that has not authenticated by then is
		 * closed with 4001.
		 * @param authTimeout the value
		 * @return this builder
		 */
		public Builder authTimeout(Duration authTimeout) {
			this.authTimeout = Objects.requireNonNull(authTimeout, "authTimeout");
			return this;
		}

		/**
		 * Age of a connection's key after which the server sends {@code rekey_request}
		 * (again every interval until the client rekeys); zero disables.
		 * @param rekeyInterval the value
		 * @return this builder
		 */
		public Builder rekeyInterval(Duration rekeyInterval) {
			this.rekeyInterval = Objects.requireNonNull(rekeyInterval, "rekeyInterval");
			return this;
		}

		/**
		 * Time inbound frames under the previous key are still accepted after a rekey.
		 * @param rekeyGrace the value
		 * @return this builder
		 */
		public Builder rekeyGrace(Duration rekeyGrace) {
			this.rekeyGrace = Objects.requireNonNull(rekeyGrace, "rekeyGrace");
			return this;
		}

		/**
		 * Number of consecutive inbound frames that fail to decrypt after which the
		 * connection is closed with 4005.
		 * @param maxDecryptFailures the value
		 * @return this builder
		 */
		public Builder maxDecryptFailures(int maxDecryptFailures) {
			this.maxDecryptFailures = maxDecryptFailures;
			return this;
		}

		/**
		 * Whether clients may negotiate HMAC-SHA256 message signing in
		 * {@code client_hello}.
		 * @param signingEnabled the value
		 * @return this builder
		 */
		public Builder signingEnabled(boolean signingEnabled) {
			this.signingEnabled = signingEnabled;
			return this;
		}

		/**
		 * Message types that are signed in both directions on connections that negotiated
		 * signing.
		 * @param signingTypes the value
		 * @return this builder
		 */
		public Builder signingTypes(Set<String> signingTypes) {
			this.signingTypes = Set.copyOf(Objects.requireNonNull(signingTypes, "signingTypes"));
			return this;
		}

		/**
		 * Whether every connection must negotiate signing (see
		 * {@link WseEngineConfig#signingRequired()}).
		 * @param signingRequired the value
		 * @return this builder
		 */
		public Builder signingRequired(boolean signingRequired) {
			this.signingRequired = signingRequired;
			return this;
		}

		/**
		 * How far a signed message's timestamp may be from the server's clock, either
		 * way, and how long its nonce is remembered.
		 * @param signingWindow the value
		 * @return this builder
		 */
		public Builder signingWindow(Duration signingWindow) {
			this.signingWindow = Objects.requireNonNull(signingWindow, "signingWindow");
			return this;
		}

		/**
		 * Most nonces remembered per connection for replay detection.
		 * @param signingReplayCacheSize the value
		 * @return this builder
		 */
		public Builder signingReplayCacheSize(int signingReplayCacheSize) {
			this.signingReplayCacheSize = signingReplayCacheSize;
			return this;
		}

		/**
		 * Number of consecutive inbound signed-type messages that fail their signature or
		 * replay check after which the connection is closed with 4006.
		 * @param maxSignatureFailures the value
		 * @return this builder
		 */
		public Builder maxSignatureFailures(int maxSignatureFailures) {
			this.maxSignatureFailures = maxSignatureFailures;
			return this;
		}

		/**
		 * Longest time an RPC may take, in either direction, before it fails with
		 * RPC_TIMEOUT.
		 * @param rpcTimeout the value
		 * @return this builder
		 */
		public Builder rpcTimeout(Duration rpcTimeout) {
			this.rpcTimeout = Objects.requireNonNull(rpcTimeout, "rpcTimeout");
			return this;
		}

		/**
		 * Maximum number of RPCs in flight per connection and direction; more are
		 * refused.
		 * @param maxRpcInFlight the value
		 * @return this builder
		 */
		public Builder maxRpcInFlight(int maxRpcInFlight) {
			this.maxRpcInFlight = maxRpcInFlight;
			return this;
		}

		/**
		 * Whether presence is tracked for subscriptions that ask for it.
		 * @param presenceEnabled the value
		 * @return this builder
		 */
		public Builder presenceEnabled(boolean presenceEnabled) {
			this.presenceEnabled = presenceEnabled;
			return this;
		}

		/**
		 * Maximum size in bytes of a member's presence data (serialized JSON).
		 * @param presenceMaxDataSize the value
		 * @return this builder
		 */
		public Builder presenceMaxDataSize(int presenceMaxDataSize) {
			this.presenceMaxDataSize = presenceMaxDataSize;
			return this;
		}

		/**
		 * Maximum number of users tracked as present in one topic.
		 * @param presenceMaxMembers the value
		 * @return this builder
		 */
		public Builder presenceMaxMembers(int presenceMaxMembers) {
			this.presenceMaxMembers = presenceMaxMembers;
			return this;
		}

		/**
		 * Maximum number of connections one user may hold; 0 means no limit.
		 * @param connectionsPerUser the value
		 * @return this builder
		 */
		public Builder connectionsPerUser(int connectionsPerUser) {
			this.connectionsPerUser = connectionsPerUser;
			return this;
		}

		/**
		 * What happens when a user exceeds the connections-per-user limit.
		 * @param connectionsPerUserPolicy the value
		 * @return this builder
		 */
		public Builder connectionsPerUserPolicy(UserLimitPolicy connectionsPerUserPolicy) {
			this.connectionsPerUserPolicy = Objects.requireNonNull(connectionsPerUserPolicy,
					"connectionsPerUserPolicy");
			return this;
		}

		/**
		 * Maximum number of connections from one remote address; 0 means no limit.
		 * @param connectionsPerAddress the value
		 * @return this builder
		 */
		public Builder connectionsPerAddress(int connectionsPerAddress) {
			this.connectionsPerAddress = connectionsPerAddress;
			return this;
		}

		/**
		 * Topics every connection is subscribed to after authentication; {@code {sub}}
		 * stands for the user id.
		 * @param defaultSubscriptions the value
		 * @return this builder
		 */
		public Builder defaultSubscriptions(List<String> defaultSubscriptions) {
			this.defaultSubscriptions = List.copyOf(defaultSubscriptions);
			return this;
		}

		/**
		 * Glob patterns of the rooms clients may join; {@code {sub}} stands for the user
		 * id. Empty: only the topic authorizer's canJoin decides.
		 * @param allowedRooms the value
		 * @return this builder
		 */
		public Builder allowedRooms(List<String> allowedRooms) {
			this.allowedRooms = List.copyOf(allowedRooms);
			return this;
		}

		/**
		 * Maximum number of glob patterns one connection may subscribe to (each
		 * publication checks every pattern).
		 * @param maxPatternsPerConnection the value
		 * @return this builder
		 */
		public Builder maxPatternsPerConnection(int maxPatternsPerConnection) {
			this.maxPatternsPerConnection = maxPatternsPerConnection;
			return this;
		}

		/**
		 * Build the configuration.
		 * @return the configuration
		 * @throws IllegalArgumentException if a value is out of range
		 */
		public WseEngineConfig build() {
			return new WseEngineConfig(this);
		}

	}

}
