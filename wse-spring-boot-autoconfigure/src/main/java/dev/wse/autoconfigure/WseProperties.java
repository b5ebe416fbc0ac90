package dev.wse.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.WseEngineConfig.SlowConsumerPolicy;
import dev.wse.engine.WseEngineConfig.UserLimitPolicy;
import dev.wse.engine.netty.NettyWseServerOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for WSE ({@code wse.*}). Engine defaults are taken from
 * {@link WseEngineConfig#defaults()}, so they live in one place.
 *
 * @author WSE team
 * @since 0.1.0
 */
@ConfigurationProperties("wse")
public class WseProperties {

	private static final WseEngineConfig DEFAULTS = WseEngineConfig.defaults();

	/**
	 * Whether to enable WSE.
	 */
	private boolean enabled = true;

	/**
	 * Time to wait for open connections to drain on shutdown before closing the rest.
	 */
	private Duration shutdownTimeout = DEFAULTS.shutdownTimeout();

	/**
	 * Number of recent message ids remembered per connection to drop duplicate sends.
	 */
	private int dedupWindowSize = DEFAULTS.dedupWindowSize();

	/**
	 * Transport that carries the WebSocket connections: 'servlet' (the application's
	 * servlet container, at wse.endpoint.path) or 'netty' (a Netty server of its own on
	 * wse.netty.port).
	 */
	private Transport transport = Transport.SERVLET;

	private final Endpoint endpoint = new Endpoint();

	private final Netty netty = new Netty();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Limits limits = new Limits();

	private final Outbox outbox = new Outbox();

	private final RateLimit rateLimit = new RateLimit();

	private final Compression compression = new Compression();

	private final Handler handler = new Handler();

	private final Rpc rpc = new Rpc();

	private final Presence presence = new Presence();

	private final Topics topics = new Topics();

	private final Rooms rooms = new Rooms();

	private final Recovery recovery = new Recovery();

	private final Security security = new Security();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public int getDedupWindowSize() {
		return this.dedupWindowSize;
	}

	public void setDedupWindowSize(int dedupWindowSize) {
		this.dedupWindowSize = dedupWindowSize;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public Endpoint getEndpoint() {
		return this.endpoint;
	}

	public Netty getNetty() {
		return this.netty;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Outbox getOutbox() {
		return this.outbox;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public Handler getHandler() {
		return this.handler;
	}

	public Rpc getRpc() {
		return this.rpc;
	}

	public Presence getPresence() {
		return this.presence;
	}

	public Topics getTopics() {
		return this.topics;
	}

	public Rooms getRooms() {
		return this.rooms;
	}

	public Recovery getRecovery() {
		return this.recovery;
	}

	public Security getSecurity() {
		return this.security;
	}

	/**
	 * WebSocket endpoint properties.
	 */
	public static class Endpoint {

		/**
		 * Path of the WebSocket endpoint.
		 */
		private String path = "/wse";

		/**
		 * Comma-separated list of origin patterns allowed to open connections (for
		 * example 'https://*.example.com'); others get HTTP 403 before the upgrade. When
		 * empty, every origin is allowed.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Size of the servlet container's per-connection WebSocket message buffers (bytes
		 * for binary, characters for text), used where the container speaks the WebSocket
		 * protocol (wse.endpoint.servlet-websocket=container, or a container other than
		 * Tomcat). WSE takes messages in parts, so small buffers save memory on every
		 * idle connection; larger messages arrive in more parts. Not applied when the
		 * application defines a ServletServerContainerFactoryBean.
		 */
		private DataSize servletMessageBuffer = DataSize.ofKilobytes(1);

		/**
		 * Who speaks the WebSocket protocol on the servlet transport: 'wse' (WSE itself,
		 * over the container's non-blocking I/O; on Tomcat, other containers use their
		 * own) or 'container' (the container's JSR 356 WebSocket support).
		 */
		private ServletWebSocket servletWebsocket = ServletWebSocket.WSE;

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public DataSize getServletMessageBuffer() {
			return this.servletMessageBuffer;
		}

		public void setServletMessageBuffer(DataSize servletMessageBuffer) {
			this.servletMessageBuffer = servletMessageBuffer;
		}

		public ServletWebSocket getServletWebsocket() {
			return this.servletWebsocket;
		}

		public void setServletWebsocket(ServletWebSocket servletWebsocket) {
			this.servletWebsocket = servletWebsocket;
		}

	}

	/**
	 * Who speaks the WebSocket protocol on the servlet transport.
	 */
	public enum ServletWebSocket {

		/**
		 * WSE itself, over the servlet container's connection upgrade and non-blocking
		 * I/O (Tomcat; other containers fall back to their JSR 356 support).
		 */
		WSE,

		/**
		 * The servlet container's JSR 356 WebSocket support.
		 */
		CONTAINER

	}

	/**
	 * The transport that carries the WebSocket connections.
	 */
	public enum Transport {

		/**
		 * The application's servlet container (Spring WebSocket).
		 */
		SERVLET,

		/**
		 * A Netty WebSocket server of its own.
		 */
		NETTY

	}

	/**
	 * Netty transport properties (with 'wse.transport=netty').
	 */
	public static class Netty {

		/**
		 * Address the Netty server binds.
		 */
		private String host = "0.0.0.0";

		/**
		 * Port the Netty server listens on; 0 picks a free port.
		 */
		private int port = NettyWseServerOptions.DEFAULT_PORT;

		/**
		 * Whether to use the native epoll transport when it is available (Linux); NIO
		 * otherwise.
		 */
		private boolean epoll = true;

		/**
		 * Number of event loop threads serving connections; 0 uses Netty's default (twice
		 * the available processors).
		 */
		private int workerThreads;

		/**
		 * Largest size of the upgrade request's headers; larger requests get HTTP 431.
		 */
		private DataSize maxHeaderSize = DataSize.ofBytes(NettyWseServerOptions.DEFAULT_MAX_HEADER_SIZE);

		private final Ssl ssl = new Ssl();

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public boolean isEpoll() {
			return this.epoll;
		}

		public void setEpoll(boolean epoll) {
			this.epoll = epoll;
		}

		public int getWorkerThreads() {
			return this.workerThreads;
		}

		public void setWorkerThreads(int workerThreads) {
			this.workerThreads = workerThreads;
		}

		public DataSize getMaxHeaderSize() {
			return this.maxHeaderSize;
		}

		public void setMaxHeaderSize(DataSize maxHeaderSize) {
			this.maxHeaderSize = maxHeaderSize;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		/**
		 * TLS of the Netty server.
		 */
		public static class Ssl {

			/**
			 * PEM file with the server's certificate chain. TLS is on when both this and
			 * the private key are set.
			 */
			private @Nullable String certificate;

			/**
			 * PEM file with the server's private key (PKCS#8). TLS is on when both this
			 * and the certificate are set.
			 */
			private @Nullable String privateKey;

			public @Nullable String getCertificate() {
				return this.certificate;
			}

			public void setCertificate(@Nullable String certificate) {
				this.certificate = certificate;
			}

			public @Nullable String getPrivateKey() {
				return this.privateKey;
			}

			public void setPrivateKey(@Nullable String privateKey) {
				this.privateKey = privateKey;
			}

		}

	}

	/**
	 * Heartbeat properties.
	 */
	public static class Heartbeat {

		/**
		 * Interval of the server's JSON ping to each connection.
		 */
		private Duration pingInterval = DEFAULTS.pingInterval();

		/**
		 * Time without an inbound data frame after which a connection is closed with
		 * 4408.
		 */
		private Duration idleTimeout = DEFAULTS.idleTimeout();

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Limits on connections and inbound messages.
	 */
	public static class Limits {

		/**
		 * Maximum size of an inbound message; larger messages close the connection with
		 * 1009.
		 */
		private DataSize maxMessageSize = DataSize.ofBytes(DEFAULTS.maxMessageSize());

		/**
		 * Maximum nesting depth of inbound JSON or MessagePack messages.
		 */
		private int maxJsonDepth = DEFAULTS.maxJsonDepth();

		/**
		 * Maximum number of open connections; further ones are closed with 1013.
		 */
		private int maxConnections = DEFAULTS.maxConnections();

		/**
		 * Maximum number of topics and patterns one connection may subscribe to.
		 */
		private int maxSubscriptionsPerConnection = DEFAULTS.maxSubscriptionsPerConnection();

		/**
		 * Maximum length of a topic name or pattern.
		 */
		private int maxTopicLength = DEFAULTS.maxTopicLength();

		/**
		 * Maximum number of glob patterns one connection may subscribe to; every
		 * publication checks every pattern.
		 */
		private int maxPatternsPerConnection = DEFAULTS.maxPatternsPerConnection();

		/**
		 * Maximum number of open connections per user (all their devices); 0 means no
		 * limit.
		 */
		private int connectionsPerUser = DEFAULTS.connectionsPerUser();

		/**
		 * What happens when a user opens one connection too many: 'reject-new' closes the
		 * new one with 4410, 'evict-oldest' closes the user's oldest one with 4411.
		 */
		private UserLimitPolicy connectionsPerUserPolicy = DEFAULTS.connectionsPerUserPolicy();

		/**
		 * Maximum number of open connections from one remote IP address (beyond it: close
		 * 4429); 0 means no limit. Behind a proxy, the address is the proxy's unless
		 * 'server.forward-headers-strategy' makes the container use the forwarded one.
		 */
		private int connectionsPerAddress = DEFAULTS.connectionsPerAddress();

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public int getMaxJsonDepth() {
			return this.maxJsonDepth;
		}

		public void setMaxJsonDepth(int maxJsonDepth) {
			this.maxJsonDepth = maxJsonDepth;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxSubscriptionsPerConnection() {
			return this.maxSubscriptionsPerConnection;
		}

		public void setMaxSubscriptionsPerConnection(int maxSubscriptionsPerConnection) {
			this.maxSubscriptionsPerConnection = maxSubscriptionsPerConnection;
		}

		public int getMaxTopicLength() {
			return this.maxTopicLength;
		}

		public void setMaxTopicLength(int maxTopicLength) {
			this.maxTopicLength = maxTopicLength;
		}

		public int getMaxPatternsPerConnection() {
			return this.maxPatternsPerConnection;
		}

		public void setMaxPatternsPerConnection(int maxPatternsPerConnection) {
			this.maxPatternsPerConnection = maxPatternsPerConnection;
		}

		public int getConnectionsPerUser() {
			return this.connectionsPerUser;
		}

		public void setConnectionsPerUser(int connectionsPerUser) {
			this.connectionsPerUser = connectionsPerUser;
		}

		public UserLimitPolicy getConnectionsPerUserPolicy() {
			return this.connectionsPerUserPolicy;
		}

		public void setConnectionsPerUserPolicy(UserLimitPolicy connectionsPerUserPolicy) {
			this.connectionsPerUserPolicy = connectionsPerUserPolicy;
		}

		public int getConnectionsPerAddress() {
			return this.connectionsPerAddress;
		}

		public void setConnectionsPerAddress(int connectionsPerAddress) {
			this.connectionsPerAddress = connectionsPerAddress;
		}

	}

	/**
	 * Per-connection outbound queue properties.
	 */
	public static class Outbox {

		/**
		 * Maximum number of queued outbound messages per connection.
		 */
		private int maxMessages = DEFAULTS.outboxMaxMessages();

		/**
		 * Maximum size of the queued outbound messages per connection.
		 */
		private DataSize maxBytes = DataSize.ofBytes(DEFAULTS.outboxMaxBytes());

		/**
		 * Maximum number of frames written to the container in one batch.
		 */
		private int batchSize = DEFAULTS.outboxBatchSize();

		/**
		 * What happens to a connection whose outbox stays full.
		 */
		private SlowConsumerPolicy slowConsumerPolicy = DEFAULTS.slowConsumerPolicy();

		/**
		 * Time an outbox may stay full, dropping messages, before the connection is
		 * closed with 4409.
		 */
		private Duration slowConsumerTimeout = DEFAULTS.slowConsumerTimeout();

		public int getMaxMessages() {
			return this.maxMessages;
		}

		public void setMaxMessages(int maxMessages) {
			this.maxMessages = maxMessages;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public SlowConsumerPolicy getSlowConsumerPolicy() {
			return this.slowConsumerPolicy;
		}

		public void setSlowConsumerPolicy(SlowConsumerPolicy slowConsumerPolicy) {
			this.slowConsumerPolicy = slowConsumerPolicy;
		}

		public Duration getSlowConsumerTimeout() {
			return this.slowConsumerTimeout;
		}

		public void setSlowConsumerTimeout(Duration slowConsumerTimeout) {
			this.slowConsumerTimeout = slowConsumerTimeout;
		}

	}

	/**
	 * Rate limiting properties.
	 */
	public static class RateLimit {

		/**
		 * Fraction of a bucket below which a 'rate_limit_warning' is sent.
		 */
		private double warningRatio = DEFAULTS.rateLimitWarningRatio();

		/**
		 * Per-connection token bucket for messages clients send.
		 */
		private final Inbound inbound = new Inbound();

		/**
		 * Per-connection token bucket for direct sends to a connection.
		 */
		private final Outbound outbound = new Outbound();

		public double getWarningRatio() {
			return this.warningRatio;
		}

		public void setWarningRatio(double warningRatio) {
			this.warningRatio = warningRatio;
		}

		public Inbound getInbound() {
			return this.inbound;
		}

		public Outbound getOutbound() {
			return this.outbound;
		}

		/**
		 * Token bucket for messages clients send.
		 */
		public static class Inbound {

			/**
			 * Capacity (burst) of the inbound bucket; 0 disables inbound rate limiting.
			 */
			private int capacity = DEFAULTS.inboundRateCapacity();

			/**
			 * Tokens refilled into the inbound bucket per second.
			 */
			private int refill = DEFAULTS.inboundRateRefill();

			public int getCapacity() {
				return this.capacity;
			}

			public void setCapacity(int capacity) {
				this.capacity = capacity;
			}

			public int getRefill() {
				return this.refill;
			}

			public void setRefill(int refill) {
				this.refill = refill;
			}

		}

		/**
		 * Token bucket for direct sends to a connection.
		 */
		public static class Outbound {

			/**
			 * Capacity (burst) of the outbound bucket; 0 disables outbound rate limiting.
			 */
			private int capacity = DEFAULTS.outboundRateCapacity();

			/**
			 * Tokens refilled into the outbound bucket per second.
			 */
			private int refill = DEFAULTS.outboundRateRefill();

			public int getCapacity() {
				return this.capacity;
			}

			public void setCapacity(int capacity) {
				this.capacity = capacity;
			}

			public int getRefill() {
				return this.refill;
			}

			public void setRefill(int refill) {
				this.refill = refill;
			}

		}

	}

	/**
	 * Compression properties.
	 */
	public static class Compression {

		/**
		 * Size above which binary sends are zlib-compressed ('C:' frames); 0 disables
		 * compression.
		 */
		private DataSize threshold = DataSize.ofBytes(DEFAULTS.compressionThreshold());

		/**
		 * zlib compression level, from 0 to 9.
		 */
		private int level = DEFAULTS.compressionLevel();

		public DataSize getThreshold() {
			return this.threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

		public int getLevel() {
			return this.level;
		}

		public void setLevel(int level) {
			this.level = level;
		}

	}

	/**
	 * Application handler execution properties.
	 */
	public static class Handler {

		/**
		 * Number of threads running application handlers.
		 */
		private int threads = DEFAULTS.handlerThreads();

		/**
		 * Number of messages waiting for handlers per connection at which WSE stops
		 * reading from it until the queue is down to a quarter (back-pressure); on a
		 * transport that cannot stop reading, more are answered with 'OVERLOADED'.
		 */
		private int queueSize = DEFAULTS.handlerQueueSize();

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

	}

	/**
	 * RPC properties.
	 */
	public static class Rpc {

		/**
		 * Time a client's call may run before it is answered with 'RPC_TIMEOUT'; also the
		 * default wait of the server's calls to clients.
		 */
		private Duration timeout = DEFAULTS.rpcTimeout();

		/**
		 * Maximum number of calls per connection in each direction: running client calls
		 * (more are answered with 'OVERLOADED') and server calls waiting for a response.
		 */
		private int maxInFlight = DEFAULTS.maxRpcInFlight();

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

	}

	/**
	 * Presence properties.
	 */
	public static class Presence {

		/**
		 * Whether subscriptions that carry presence data make the connection present in
		 * their topics; rooms track presence either way.
		 */
		private boolean enabled = DEFAULTS.presenceEnabled();

		/**
		 * Maximum size of one member's presence data (serialized JSON); larger data is
		 * refused with 'INVALID_PRESENCE'.
		 */
		private DataSize maxDataSize = DataSize.ofBytes(DEFAULTS.presenceMaxDataSize());

		/**
		 * Maximum number of users present in one topic; further joins are refused with
		 * 'INVALID_PRESENCE'.
		 */
		private int maxMembers = DEFAULTS.presenceMaxMembers();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxDataSize() {
			return this.maxDataSize;
		}

		public void setMaxDataSize(DataSize maxDataSize) {
			this.maxDataSize = maxDataSize;
		}

		public int getMaxMembers() {
			return this.maxMembers;
		}

		public void setMaxMembers(int maxMembers) {
			this.maxMembers = maxMembers;
		}

	}

	/**
	 * Topic properties.
	 */
	public static class Topics {

		/**
		 * Comma-separated list of topics every connection is subscribed to after
		 * authentication; '{sub}' stands for the user id (for example 'user:{sub}').
		 */
		private List<String> defaultSubscriptions = new ArrayList<>(DEFAULTS.defaultSubscriptions());

		public List<String> getDefaultSubscriptions() {
			return this.defaultSubscriptions;
		}

		public void setDefaultSubscriptions(List<String> defaultSubscriptions) {
			this.defaultSubscriptions = defaultSubscriptions;
		}

	}

	/**
	 * Room properties.
	 */
	public static class Rooms {

		/**
		 * Comma-separated list of glob patterns of the rooms clients may join; '{sub}'
		 * stands for the user id (for example 'team:{sub}:*'). When empty, only the
		 * TopicAuthorizer's canJoin opens rooms.
		 */
		private List<String> allowed = new ArrayList<>(DEFAULTS.allowedRooms());

		public List<String> getAllowed() {
			return this.allowed;
		}

		public void setAllowed(List<String> allowed) {
			this.allowed = allowed;
		}

	}

	/**
	 * Message recovery properties.
	 */
	public static class Recovery {

		/**
		 * Whether to enable message recovery after reconnects.
		 */
		private boolean enabled = DEFAULTS.recoveryEnabled();

		/**
		 * Number of recent publications kept per topic for recovery; rounded up to a
		 * power of two, at least 16.
		 */
		private int bufferSize = DEFAULTS.recoveryBufferSize();

		/**
		 * Time without publications after which a topic's recovery buffer is dropped; a
		 * buffer created later gets a new epoch.
		 */
		private Duration ttl = DEFAULTS.recoveryTtl();

		/**
		 * Memory all recovery buffers may hold before the least recently written ones are
		 * dropped.
		 */
		private DataSize memoryBudget = DataSize.ofBytes(DEFAULTS.recoveryMemoryBudget());

		/**
		 * Largest number of missed messages replayed to a resuming client; a bigger gap
		 * is reported as not recovered.
		 */
		private int maxMessages = DEFAULTS.recoveryMaxMessages();

		/**
		 * Interval of the cleanup that applies the TTL and the memory budget.
		 */
		private Duration cleanupInterval = DEFAULTS.recoveryCleanupInterval();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public DataSize getMemoryBudget() {
			return this.memoryBudget;
		}

		public void setMemoryBudget(DataSize memoryBudget) {
			this.memoryBudget = memoryBudget;
		}

		public int getMaxMessages() {
			return this.maxMessages;
		}

		public void setMaxMessages(int maxMessages) {
			this.maxMessages = maxMessages;
		}

		public Duration getCleanupInterval() {
			return this.cleanupInterval;
		}

		public void setCleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = cleanupInterval;
		}

	}

	/**
	 * Security properties.
	 */
	public static class Security {

		private final Jwt jwt = new Jwt();

		private final Encryption encryption = new Encryption();

		private final Signing signing = new Signing();

		private final Topics topics = new Topics();

		private final SessionPrincipal sessionPrincipal = new SessionPrincipal();

		/**
		 * How connections authenticate: 'handshake' (token, cookie or session on the
		 * upgrade request), 'message' (post-connect 'authenticate' message with a token)
		 * or 'challenge' (HMAC challenge-response; needs a ChallengeSecretProvider bean).
		 */
		private WseEngineConfig.AuthMode authMode = DEFAULTS.authMode();

		/**
		 * Time a connection has to authenticate in the 'message' and 'challenge' modes;
		 * later ones are closed with 4001.
		 */
		private Duration authTimeout = DEFAULTS.authTimeout();

		public WseEngineConfig.AuthMode getAuthMode() {
			return this.authMode;
		}

		public void setAuthMode(WseEngineConfig.AuthMode authMode) {
			this.authMode = authMode;
		}

		public Duration getAuthTimeout() {
			return this.authTimeout;
		}

		public void setAuthTimeout(Duration authTimeout) {
			this.authTimeout = authTimeout;
		}

		public Jwt getJwt() {
			return this.jwt;
		}

		public Encryption getEncryption() {
			return this.encryption;
		}

		public Signing getSigning() {
			return this.signing;
		}

		public Topics getTopics() {
			return this.topics;
		}

		/**
		 * Rule-based topic authorization, applied in addition to the TopicAuthorizer
		 * bean.
		 */
		public static class Topics {

			/**
			 * Comma-separated list of glob patterns of the topics clients may subscribe
			 * to; '{sub}' stands for the user id. When empty (and no 'wse_topics' claim
			 * allows), every topic not denied is allowed.
			 */
			private List<String> allow = new ArrayList<>();

			/**
			 * Comma-separated list of glob patterns of the topics clients may not
			 * subscribe to; '{sub}' stands for the user id. Deny wins over allow.
			 */
			private List<String> deny = new ArrayList<>();

			/**
			 * Comma-separated list of glob patterns of the topics clients may publish to
			 * with 'publish' messages; '{sub}' stands for the user id. Client publishing
			 * is denied unless this list, a 'wse_publish' claim or the TopicAuthorizer
			 * bean allows it.
			 */
			private List<String> publishAllow = new ArrayList<>();

			/**
			 * Comma-separated list of glob patterns of the topics clients may not publish
			 * to; '{sub}' stands for the user id. Deny wins, also over the
			 * TopicAuthorizer bean; 'deny' applies to publishing too.
			 */
			private List<String> publishDeny = new ArrayList<>();

			public List<String> getPublishAllow() {
				return this.publishAllow;
			}

			public void setPublishAllow(List<String> publishAllow) {
				this.publishAllow = publishAllow;
			}

			public List<String> getPublishDeny() {
				return this.publishDeny;
			}

			public void setPublishDeny(List<String> publishDeny) {
				this.publishDeny = publishDeny;
			}

			public List<String> getAllow() {
				return this.allow;
			}

			public void setAllow(List<String> allow) {
				this.allow = allow;
			}

			public List<String> getDeny() {
				return this.deny;
			}

			public void setDeny(List<String> deny) {
				this.deny = deny;
			}

		}

		public SessionPrincipal getSessionPrincipal() {
			return this.sessionPrincipal;
		}

		/**
		 * Session login: use a Spring Security principal already authenticated on the
		 * upgrade request.
		 */
		public static class SessionPrincipal {

			/**
			 * Whether an authenticated, non-anonymous Spring Security principal on the
			 * upgrade request authenticates the connection when it carries no token (a
			 * token, when present, still wins and must verify).
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		/**
		 * HMAC-SHA256 message signing properties (key derived from the hello's ECDH
		 * exchange, 'sig' on messages of the signed types, replay cache).
		 */
		public static class Signing {

			/**
			 * Whether clients may negotiate message signing in client_hello
			 * ('features.signing' with 'encryption_public_key').
			 */
			private boolean enabled = DEFAULTS.signingEnabled();

			/**
			 * Comma-separated list of message types signed in both directions on
			 * connections that negotiated signing (client_hello, server_hello and the
			 * heartbeat types are never signed).
			 */
			private List<String> types = new ArrayList<>(DEFAULTS.signingTypes());

			/**
			 * Whether every connection must negotiate signing: until it has, messages of
			 * signed types are refused with 'INVALID_SIGNATURE', and a connection that
			 * has not within 'wse.security.encryption.timeout' is closed with 4007.
			 */
			private boolean required = DEFAULTS.signingRequired();

			/**
			 * How far a signed message's timestamp may be from the server's clock, either
			 * way ('REPLAY_DETECTED' outside), and how long its nonce is remembered.
			 */
			private Duration window = DEFAULTS.signingWindow();

			/**
			 * Most nonces remembered per connection; beyond it the oldest is forgotten
			 * and timestamps up to its one are refused.
			 */
			private int replayCacheSize = DEFAULTS.signingReplayCacheSize();

			/**
			 * Number of consecutive inbound messages of signed types that fail their
			 * signature or replay check after which the connection is closed with 4006.
			 */
			private int maxFailures = DEFAULTS.maxSignatureFailures();

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public List<String> getTypes() {
				return this.types;
			}

			public void setTypes(List<String> types) {
				this.types = types;
			}

			public boolean isRequired() {
				return this.required;
			}

			public void setRequired(boolean required) {
				this.required = required;
			}

			public Duration getWindow() {
				return this.window;
			}

			public void setWindow(Duration window) {
				this.window = window;
			}

			public int getReplayCacheSize() {
				return this.replayCacheSize;
			}

			public void setReplayCacheSize(int replayCacheSize) {
				this.replayCacheSize = replayCacheSize;
			}

			public int getMaxFailures() {
				return this.maxFailures;
			}

			public void setMaxFailures(int maxFailures) {
				this.maxFailures = maxFailures;
			}

		}

		/**
		 * Per-connection encryption properties (ECDH P-256 key exchange in the hello,
		 * AES-256-GCM 'E:' frames).
		 */
		public static class Encryption {

			/**
			 * Whether every connection must exchange a key: plaintext messages other than
			 * client_hello, ping and PONG are refused with 'ENCRYPTION_REQUIRED', and a
			 * connection not keyed within the timeout is closed with 4004.
			 */
			private boolean required = DEFAULTS.encryptionRequired();

			/**
			 * Time a connection has to complete a key exchange when encryption is
			 * required.
			 */
			private Duration timeout = DEFAULTS.encryptionTimeout();

			/**
			 * Age of a connection's key after which the server sends 'rekey_request'
			 * (again every interval until the client rekeys; the connection keeps its key
			 * meanwhile); 0 disables.
			 */
			private Duration rekeyInterval = DEFAULTS.rekeyInterval();

			/**
			 * Time inbound frames encrypted under the previous key are still accepted
			 * after a rekey.
			 */
			private Duration rekeyGrace = DEFAULTS.rekeyGrace();

			/**
			 * Number of consecutive inbound frames that fail to decrypt after which the
			 * connection is closed with 4005.
			 */
			private int maxDecryptFailures = DEFAULTS.maxDecryptFailures();

			public boolean isRequired() {
				return this.required;
			}

			public void setRequired(boolean required) {
				this.required = required;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public Duration getRekeyInterval() {
				return this.rekeyInterval;
			}

			public void setRekeyInterval(Duration rekeyInterval) {
				this.rekeyInterval = rekeyInterval;
			}

			public Duration getRekeyGrace() {
				return this.rekeyGrace;
			}

			public void setRekeyGrace(Duration rekeyGrace) {
				this.rekeyGrace = rekeyGrace;
			}

			public int getMaxDecryptFailures() {
				return this.maxDecryptFailures;
			}

			public void setMaxDecryptFailures(int maxDecryptFailures) {
				this.maxDecryptFailures = maxDecryptFailures;
			}

		}

		/**
		 * Handshake JWT properties, used when the application defines no
		 * {@code JwtDecoder} bean.
		 */
		public static class Jwt {

			/**
			 * HS256 secret verifying handshake tokens; at least 32 bytes. When neither
			 * this nor a JwtDecoder bean is set, connections are anonymous.
			 */
			private @Nullable String secret;

			/**
			 * Issuer that tokens must name in their 'iss' claim; when set, the claim is
			 * required.
			 */
			private @Nullable String issuer;

			/**
			 * Audience that tokens must contain in their 'aud' claim; when set, the claim
			 * is required.
			 */
			private @Nullable String audience;

			/**
			 * Previous HS256 secret, still accepted during a key rotation when a token
			 * fails verification with the current secret; at least 32 bytes.
			 */
			private @Nullable String previousSecret;

			/**
			 * Instant (ISO-8601, for example '2026-12-01T00:00:00Z') from which the
			 * previous secret is no longer accepted. When unset, it is accepted as long
			 * as it is configured.
			 */
			private @Nullable Instant previousSecretValidUntil;

			/**
			 * Name of a query parameter (for example 'access_token') the token is read
			 * from when neither the cookie nor the Authorization header carries one.
			 * Unset disables query-parameter tokens; URLs end up in logs.
			 */
			private @Nullable String queryParameter;

			/**
			 * URI of a JSON Web Key Set verifying handshake tokens signed with public
			 * keys (RS256, ES256, ...); exclusive with 'secret' and 'issuer-uri'.
			 */
			private @Nullable String jwkSetUri;

			/**
			 * URI of an OpenID Connect issuer whose discovery document names the JWK Set;
			 * resolved at the first handshake, and the tokens' 'iss' must equal it.
			 * Exclusive with 'secret' and 'jwk-set-uri'.
			 */
			private @Nullable String issuerUri;

			/**
			 * Comma-separated list of the JWS algorithms accepted with 'jwk-set-uri' or
			 * 'issuer-uri' (for example RS256, ES256); tokens signed with any other
			 * algorithm are refused.
			 */
			private List<String> jwsAlgorithms = new ArrayList<>(List.of("RS256"));

			public @Nullable String getJwkSetUri() {
				return this.jwkSetUri;
			}

			public void setJwkSetUri(@Nullable String jwkSetUri) {
				this.jwkSetUri = jwkSetUri;
			}

			public @Nullable String getIssuerUri() {
				return this.issuerUri;
			}

			public void setIssuerUri(@Nullable String issuerUri) {
				this.issuerUri = issuerUri;
			}

			public List<String> getJwsAlgorithms() {
				return this.jwsAlgorithms;
			}

			public void setJwsAlgorithms(List<String> jwsAlgorithms) {
				this.jwsAlgorithms = jwsAlgorithms;
			}

			public @Nullable String getPreviousSecret() {
				return this.previousSecret;
			}

			public void setPreviousSecret(@Nullable String previousSecret) {
				this.previousSecret = previousSecret;
			}

			public @Nullable Instant getPreviousSecretValidUntil() {
				return this.previousSecretValidUntil;
			}

			public void setPreviousSecretValidUntil(@Nullable Instant previousSecretValidUntil) {
				this.previousSecretValidUntil = previousSecretValidUntil;
			}

			public @Nullable String getQueryParameter() {
				return this.queryParameter;
			}

			public void setQueryParameter(@Nullable String queryParameter) {
				this.queryParameter = queryParameter;
			}

			public @Nullable String getSecret() {
				return this.secret;
			}

			public void setSecret(@Nullable String secret) {
				this.secret = secret;
			}

			public @Nullable String getIssuer() {
				return this.issuer;
			}

			public void setIssuer(@Nullable String issuer) {
				this.issuer = issuer;
			}

			public @Nullable String getAudience() {
				return this.audience;
			}

			public void setAudience(@Nullable String audience) {
				this.audience = audience;
			}

		}

	}

}
