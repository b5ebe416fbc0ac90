package dev.wse.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.wse.engine.DropReason;
import dev.wse.engine.EngineState;
import dev.wse.engine.EngineStats;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.connection.Priority;
import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.filter.MessageFilter;
import dev.wse.engine.handler.ConnectionListener;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.PayloadConverter;
import dev.wse.engine.handler.PresenceListener;
import dev.wse.engine.presence.PresenceChange;
import dev.wse.engine.presence.PresenceMember;
import dev.wse.engine.presence.PresenceRegistry;
import dev.wse.engine.presence.PresenceStats;
import dev.wse.engine.topic.TopicPattern;
import dev.wse.engine.recovery.RecoveryStore;
import dev.wse.engine.recovery.TopicLog;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.ChallengeSecretProvider;
import dev.wse.engine.security.RpcAuthorizer;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.topic.TopicRegistry;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageIds;
import dev.wse.protocol.Timestamps;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.CodecLimits;
import dev.wse.protocol.codec.FrameCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's state and machinery behind the {@link dev.wse.engine.WseEngine} facade:
 * connections, user index, topics, executors and the housekeeping tick.
 */
public final class EngineCore {

	private static final Logger logger = LoggerFactory.getLogger(EngineCore.class);

	private static final Connection[] NO_CONNECTIONS = new Connection[0];

	private static final long PRESENCE_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(30);

	private static final int TOPIC_LOCKS = 256;

	private static final InboundHandler IGNORE = new InboundHandler() {

		@Override
		public void onText(String text) {
		}

		@Override
		public void onBinary(byte[] data) {
		}

		@Override
		public void onClose(int code, String reason) {
		}

	};

	private final WseEngineConfig config;

	private final Authenticator authenticator;

	private final TopicAuthorizer topicAuthorizer;

	private final HandlerRegistry handlers;

	private final EngineStats stats;

	private final MessageSignatures signatures;

	private final FrameCodec codec;

	private final PayloadConverter converter;

	private final SystemMessages messages;

	private final InboundRouter router;

	private final RpcCalls rpc;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	/** Connections still to authenticate (post-connect modes); not yet in connections. */
	private final Map<String, Connection> unauthenticated = new ConcurrentHashMap<>();

	private final AuthenticationRequests authentication;

	/** The connections of each user; arrays replaced under the map's lock. */
	private final Map<String, Connection[]> users = new ConcurrentHashMap<>();

	private final TopicRegistry<Connection> topics = new TopicRegistry<>();

	private final AtomicInteger reserved = new AtomicInteger();

	private final AtomicReference<EngineState> state = new AtomicReference<>(EngineState.NEW);

	private final ThreadPoolExecutor handlerPool;

	private final ExecutorService closer;

	private final ScheduledExecutorService scheduler;

	private final @Nullable RecoveryStore recovery;

	private volatile long lastRecoveryCleanup = System.nanoTime();

	private volatile long lastPresenceSweep = System.nanoTime();

	private final PresenceRegistry presenceRegistry;

	private final SubscriptionRequests subscriptions;

	private final PresenceRequests presence;

	private final AtomicLong connectionNumbers = new AtomicLong();

	private final Object[] topicLocks = new Object[TOPIC_LOCKS];

	private final AddressLimits addressLimits;

	/**
	 * Create the core.
	 * @param config the configuration
	 * @param authenticator the authenticator
	 * @param topicAuthorizer the topic authorizer
	 * @param handlers the handler registry
	 * @param jsonMapper the JSON mapper
	 * @param stats the counters to update
	 * @param rpcAuthorizer the RPC authorizer
	 */
	public EngineCore(WseEngineConfig config, Authenticator authenticator, TopicAuthorizer topicAuthorizer,
			HandlerRegistry handlers, JsonMapper jsonMapper, EngineStats stats, RpcAuthorizer rpcAuthorizer) {
		this.config = config;
		this.authenticator = authenticator;
		this.topicAuthorizer = topicAuthorizer;
		this.handlers = handlers;
		this.stats = stats;
		this.codec = new FrameCodec(jsonMapper, new CodecLimits(config.maxMessageSize(), config.maxMessageSize(),
				config.maxJsonDepth(), config.compressionLevel()));
		this.converter = new PayloadConverter(jsonMapper);
		this.messages = new SystemMessages(this.codec, config);
		this.recovery = config.recoveryEnabled()
				? new RecoveryStore(config.recoveryBufferSize(), config.recoveryTtl(), config.recoveryMemoryBudget())
				: null;
		for (int i = 0; i < this.topicLocks.length; i++) {
			this.topicLocks[i] = new Object();
		}
		this.addressLimits = new AddressLimits(config.connectionsPerAddress());
		this.presenceRegistry = new PresenceRegistry(config.presenceMaxDataSize(), config.presenceMaxMembers());
		this.subscriptions = new SubscriptionRequests(this);
		this.presence = new PresenceRequests(this, this.presenceRegistry);
		this.signatures = new MessageSignatures(config, jsonMapper, stats);
		this.router = new InboundRouter(this);
		this.rpc = new RpcCalls(this, rpcAuthorizer);
		this.authentication = new AuthenticationRequests(this, authenticator);
		this.handlerPool = new ThreadPoolExecutor(config.handlerThreads(), config.handlerThreads(), 60,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("wse-handler-"));
		this.closer = new ThreadPoolExecutor(0, 16, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				threads("wse-close-"));
		((ThreadPoolExecutor) this.closer).setCorePoolSize(1);
		((ThreadPoolExecutor) this.closer).allowCoreThreadTimeOut(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads("wse-housekeeper-"));
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	// Lifecycle

	/**
	 * Start accepting connections and the housekeeping tick.
	 */
	public void start() {
		EngineState current = this.state.get();
		if (current == EngineState.DRAINING || current == EngineState.STOPPED) {
			throw new IllegalStateException("A stopped WSE engine cannot be started again; build a new one");
		}
		if (this.state.compareAndSet(EngineState.NEW, EngineState.RUNNING)) {
			long tick = tickMillis();
			this.scheduler.scheduleWithFixedDelay(this::housekeep, tick, tick, TimeUnit.MILLISECONDS);
			logger.info("WSE engine started");
		}
	}

	private long tickMillis() {
		long tick = Math.min(this.config.pingInterval().toMillis(), this.config.idleTimeout().toMillis()) / 4;
		if (this.config.encryptionRequired()) {
			tick = Math.min(tick, this.config.encryptionTimeout().toMillis() / 4);
		}
		if (this.config.authMode() != WseEngineConfig.AuthMode.HANDSHAKE) {
			tick = Math.min(tick, this.config.authTimeout().toMillis() / 4);
		}
		if (!this.config.rekeyInterval().isZero()) {
			tick = Math.min(tick, this.config.rekeyInterval().toMillis() / 4);
		}
		return Math.max(10, Math.min(1000, tick));
	}

	/**
	 * Stop: refuse new connections, close open ones gracefully with 1001, wait, close the
	 * rest.
	 * @param timeout the longest wait for draining
	 */
	public void stop(Duration timeout) {
		if (this.state.compareAndSet(EngineState.NEW, EngineState.STOPPED)) {
			shutdownExecutors();
			return;
		}
		if (!this.state.compareAndSet(EngineState.RUNNING, EngineState.DRAINING)) {
			return;
		}
		logger.info("WSE engine draining {} connections", this.connections.size());
		for (Connection connection : this.unauthenticated.values()) {
			connection.closeNow(CloseCode.GOING_AWAY);
		}
		for (Connection connection : this.connections.values()) {
			connection.closeGracefully(CloseCode.GOING_AWAY);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.connections.isEmpty() && System.nanoTime() < deadline) {
			sleep(10);
		}
		for (Connection connection : this.connections.values()) {
			connection.closeNow(CloseCode.GOING_AWAY);
		}
		for (Connection connection : this.unauthenticated.values()) {
			connection.closeNow(CloseCode.GOING_AWAY);
		}
		shutdownExecutors();
		this.state.set(EngineState.STOPPED);
		logger.info("WSE engine stopped");
	}

	private void shutdownExecutors() {
		this.scheduler.shutdownNow();
		this.closer.shutdown();
		this.handlerPool.shutdown();
		try {
			this.closer.awaitTermination(2, TimeUnit.SECONDS);
			this.handlerPool.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.handlerPool.shutdownNow();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Return the lifecycle state.
	 * @return the state
	 */
	public EngineState state() {
		return this.state.get();
	}

	// Connections

	/**
	 * Accept a transport connection.
	 * @param session the session
	 * @param request the upgrade request
	 * @return the inbound handler
	 */
	public InboundHandler open(TransportSession session, HandshakeRequest request) {
		if (this.state.get() != EngineState.RUNNING) {
			this.stats.connectionRejected();
			closeTransport(session, CloseCode.GOING_AWAY);
			return IGNORE;
		}
		if (this.reserved.incrementAndGet() > this.config.maxConnections()) {
			this.reserved.decrementAndGet();
			this.stats.connectionRejected();
			logger.debug("Rejecting connection: {} open", this.config.maxConnections());
			closeTransport(session, CloseCode.TRY_AGAIN_LATER);
			return IGNORE;
		}
		String address = this.addressLimits.keyOf(request);
		if (address != null && !this.addressLimits.acquire(address)) {
			this.reserved.decrementAndGet();
			this.stats.connectionRejected();
			logger.debug("Rejecting connection: {} open from its address", this.config.connectionsPerAddress());
			closeTransport(session, CloseCode.ADDRESS_CONNECTION_LIMIT);
			return IGNORE;
		}
		WireFormat format = WireFormat.fromQuery(request.rawQuery());
		if (this.config.authMode() != WseEngineConfig.AuthMode.HANDSHAKE) {
			return openUnauthenticated(session, format, address);
		}
		AuthenticationResult result;
		try {
			result = this.authenticator.authenticate(request);
		}
		catch (RuntimeException ex) {
			logger.warn("Authenticator failed; rejecting the connection", ex);
			result = AuthenticationResult.failure(ErrorCode.AUTH_FAILED, ErrorCode.AUTH_FAILED.defaultMessage());
		}
		if (!result.isAccepted()) {
			releaseAddress(address);
			this.reserved.decrementAndGet();
			this.stats.authFailure();
			this.stats.connectionRejected();
			ErrorCode code = (result.errorCode() != null) ? result.errorCode() : ErrorCode.AUTH_FAILED;
			OutboundFrame error = this.messages.error(code, result.message(), null);
			session.write(List.of(error), (failure) -> closeTransport(session, CloseCode.AUTHENTICATION_FAILED));
			return IGNORE;
		}
		Connection connection = new Connection(MessageIds.next(), session, result.principal(),
				AuthenticationRequests.expiry(result), format, this, null);
		if (address != null) {
			this.addressLimits.bind(connection.id(), address);
		}
		return admit(connection) ? connection : IGNORE;
	}

	/**
	 * Accept a connection that authenticates after it opened (the {@code MESSAGE} and
	 * {@code CHALLENGE} modes): it is kept apart from the open connections, is sent
	 * {@code auth_required} or {@code challenge}, and becomes an open connection (with
	 * {@code server_ready}) once it authenticates.
	 */
	private InboundHandler openUnauthenticated(TransportSession session, WireFormat format, @Nullable String address) {
		PendingAuthentication pending = this.authentication.begin();
		Connection connection = new Connection(MessageIds.next(), session, null, 0, format, this, pending);
		if (address != null) {
			this.addressLimits.bind(connection.id(), address);
		}
		this.unauthenticated.put(connection.id(), connection);
		connection.offerControl(this.authentication.greeting(pending));
		return connection;
	}

	/**
	 * Make a connection that authenticated after it opened an open connection, exactly as
	 * if it had authenticated in the handshake.
	 * @param connection the connection
	 * @param principal its principal, or {@code null} for an anonymous one
	 * @param expiresAt when its authentication expires (epoch milliseconds), 0 for never
	 */
	void authenticated(Connection connection, @Nullable WsePrincipal principal, long expiresAt) {
		if (this.unauthenticated.remove(connection.id()) == null) {
			// closed (timed out) meanwhile
			return;
		}
		connection.authenticated(principal, expiresAt);
		admit(connection);
	}

	/**
	 * Register an authenticated connection: the per-user limit, the connection index,
	 * default subscriptions, {@code server_ready} and the connect listeners. The same
	 * path for handshake and post-connect authentication.
	 * @return {@code false} if the connection was refused or closed meanwhile
	 */
	private boolean admit(Connection connection) {
		String userId = connection.userId();
		if (userId != null && !admitForUser(connection, userId)) {
			this.addressLimits.closed(connection.id());
			this.reserved.decrementAndGet();
			this.stats.connectionRejected();
			connection.abandon(CloseCode.USER_CONNECTION_LIMIT);
			return false;
		}
		this.connections.put(connection.id(), connection);
		if (connection.isTerminated()) {
			// evicted by a newer connection of the same user while being opened
			remove(connection);
			return false;
		}
		this.stats.connectionAccepted();
		// default subscriptions exist before the client can see server_ready and react to
		// it
		subscribeDefaults(connection, userId);
		connection.offerControl(this.messages.serverReady(connection.id(), userId));
		for (ConnectionListener listener : this.handlers.connectListeners()) {
			connection.runTask(() -> this.router.notifyListener(listener, connection, true), true);
		}
		return true;
	}

	private void releaseAddress(@Nullable String address) {
		if (address != null) {
			this.addressLimits.release(address);
		}
	}

	/**
	 * Return the number of remote addresses holding connections counted by the
	 * connections-per-address limit (0 when the limit is off).
	 * @return the number of addresses
	 */
	public int addressCount() {
		return this.addressLimits.addressCount();
	}

	/**
	 * Return the number of users holding connections.
	 * @return the number of users
	 */
	public int userCount() {
		return this.users.size();
	}

	/**
	 * Add a connection to its user's set, applying the connections-per-user limit: with
	 * {@code REJECT_NEW} refuse it, with {@code EVICT_OLDEST} close the user's oldest
	 * connections.
	 * @return {@code false} if the connection is refused
	 */
	private boolean admitForUser(Connection connection, String userId) {
		int limit = this.config.connectionsPerUser();
		List<Connection> evicted = new ArrayList<>();
		synchronized (this.users) {
			Connection[] current = this.users.getOrDefault(userId, NO_CONNECTIONS);
			List<Connection> kept = new ArrayList<>(current.length + 1);
			kept.addAll(List.of(current));
			if (limit > 0 && kept.size() >= limit) {
				if (this.config.connectionsPerUserPolicy() == WseEngineConfig.UserLimitPolicy.REJECT_NEW) {
					return false;
				}
				List<Connection> oldest = new ArrayList<>(kept);
				oldest.sort(Comparator.comparingLong(Connection::openedAt));
				evicted.addAll(oldest.subList(0, kept.size() - limit + 1));
				kept.removeAll(evicted);
			}
			kept.add(connection);
			this.users.put(userId, kept.toArray(NO_CONNECTIONS));
		}
		for (Connection old : evicted) {
			logger.debug("Connection {} of {} replaced by {}", old.id(), userId, connection.id());
			old.closeNow(CloseCode.REPLACED);
		}
		return true;
	}

	private void subscribeDefaults(Connection connection, @Nullable String userId) {
		for (String topic : this.config.defaultSubscriptions()) {
			if (topic.contains("{sub}")) {
				if (userId == null) {
					continue;
				}
				topic = topic.replace("{sub}", userId);
			}
			this.subscriptions.subscribeRoom(connection, topic);
		}
	}

	/**
	 * Forget a terminated connection.
	 * @param connection the connection
	 */
	void remove(Connection connection) {
		if (this.connections.remove(connection.id()) == null) {
			if (this.unauthenticated.remove(connection.id()) != null) {
				// never authenticated: nothing registered beyond the reservation and the
				// address slot
				this.reserved.decrementAndGet();
				this.addressLimits.closed(connection.id());
			}
			return;
		}
		this.reserved.decrementAndGet();
		this.addressLimits.closed(connection.id());
		this.presence.closed(connection);
		for (String topic : connection.liveSubscriptions()) {
			this.topics.unsubscribe(connection, topic);
		}
		connection.liveSubscriptions().clear();
		this.rpc.closed(connection);
		String userId = connection.userId();
		if (userId != null) {
			synchronized (this.users) {
				this.users.computeIfPresent(userId, (key, current) -> {
					Connection[] remaining = Arrays.stream(current)
						.filter((other) -> other != connection)
						.toArray(Connection[]::new);
					return (remaining.length == 0) ? null : remaining;
				});
			}
		}
		for (ConnectionListener listener : this.handlers.disconnectListeners()) {
			connection.runTask(() -> this.router.notifyListener(listener, connection, false), true);
		}
	}

	/**
	 * Run a task off the calling thread (on the close executor): closes and the listeners
	 * they run must not happen on a thread that holds a topic lock.
	 * @param task the task
	 */
	void runLater(Runnable task) {
		try {
			this.closer.execute(task);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			task.run();
		}
	}

	/**
	 * Close a transport session off the calling thread (a container may block on close).
	 * @param session the session
	 * @param code the close code
	 */
	void closeTransport(TransportSession session, CloseCode code) {
		Runnable close = () -> {
			try {
				session.close(code.code(), code.reason());
			}
			catch (RuntimeException ex) {
				logger.debug("Close failed", ex);
			}
		};
		try {
			this.closer.execute(close);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			close.run();
		}
	}

	private void housekeep() {
		try {
			long now = System.nanoTime();
			long idle = this.config.idleTimeout().toNanos();
			long ping = this.config.pingInterval().toNanos();
			// a graceful close waits for the peer to read what is queued, as long as a
			// slow consumer may
			long closeDeadline = this.config.slowConsumerTimeout().toNanos();
			OutboundFrame pingFrame = null;
			for (Connection connection : this.unauthenticated.values()) {
				connection.checkAuthDeadline(now);
			}
			long nowMillis = System.currentTimeMillis();
			for (Connection connection : this.connections.values()) {
				if (now - connection.lastActivity() > idle) {
					logger.debug("Closing idle connection {}", connection.id());
					connection.closeNow(CloseCode.IDLE_TIMEOUT);
					continue;
				}
				if (connection.checkSlowConsumer(now) || connection.checkCloseDeadline(now, closeDeadline)
						|| connection.checkEncryption(now) || connection.checkAuthExpiry(nowMillis)) {
					continue;
				}
				if (now - connection.lastPing() >= ping && connection.outbox().overflowingFor(now) == 0) {
					if (pingFrame == null) {
						pingFrame = this.messages.ping();
					}
					connection.pinged(now);
					connection.offerControl(pingFrame);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Housekeeping failed", ex);
		}
		try {
			cleanupRecovery(false);
			sweepPresence();
		}
		catch (RuntimeException ex) {
			logger.error("Recovery cleanup or presence sweep failed", ex);
		}
	}

	private void sweepPresence() {
		long now = System.nanoTime();
		if (now - this.lastPresenceSweep >= PRESENCE_SWEEP_NANOS) {
			this.lastPresenceSweep = now;
			this.presence.sweep();
		}
	}

	private void cleanupRecovery(boolean force) {
		RecoveryStore store = this.recovery;
		long now = System.nanoTime();
		if (store != null
				&& (force || now - this.lastRecoveryCleanup >= this.config.recoveryCleanupInterval().toNanos())) {
			this.lastRecoveryCleanup = now;
			int evicted = store.cleanup(now, this::topicLock);
			if (evicted > 0) {
				logger.debug("Evicted {} recovery buffers ({} bytes held)", evicted, store.totalBytes());
			}
		}
	}

	// Sending

	/**
	 * Build a direct message with id, timestamp, sequence and version.
	 * @param type the type
	 * @param payload the payload
	 * @param id the id, or {@code null} to generate one
	 * @param correlationId the correlation id
	 * @return the message
	 */
	DirectMessage directMessage(String type, @Nullable Object payload, @Nullable String id,
			@Nullable String correlationId) {
		Envelope envelope = Envelope.builder(type)
			.payload(this.converter.toTree(payload))
			.id((id != null) ? id : MessageIds.next())
			.timestamp(Timestamps.format(System.currentTimeMillis()))
			.correlationId(correlationId)
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		return new DirectMessage(envelope, id, this.codec, this.config.compressionThreshold());
	}

	/**
	 * Build a direct message from a prepared envelope, completing id, timestamp and
	 * version.
	 * @param envelope the envelope
	 * @return the message
	 */
	DirectMessage directMessage(Envelope envelope) {
		Envelope.Builder builder = envelope.toBuilder();
		if (envelope.id() == null) {
			builder.id(MessageIds.next());
		}
		if (envelope.timestamp() == null) {
			builder.timestamp(Timestamps.format(System.currentTimeMillis()));
		}
		builder.version(SystemMessages.PROTOCOL_VERSION);
		return new DirectMessage(builder.build(), envelope.id(), this.codec, this.config.compressionThreshold());
	}

	/**
	 * Publish to a topic. With recovery on, the publication is stamped with the topic
	 * log's epoch and next offset, stored, and fanned out while the log's monitor is
	 * held, so subscriptions that resume from a position see it either in their replay or
	 * live, exactly once.
	 * @param topic the topic
	 * @param envelope the message
	 * @return the number of connections queued for
	 */
	public int publish(String topic, Envelope envelope) {
		return publish(topic, envelope, Set.of());
	}

	/**
	 * Publish to a topic, leaving out some connections (the sender of a chat message,
	 * say).
	 * @param topic the topic
	 * @param envelope the message
	 * @param excluded ids of connections that do not receive it
	 * @return the number of connections queued for
	 */
	public int publish(String topic, Envelope envelope, Set<String> excluded) {
		String applicationId = envelope.id();
		Envelope.Builder builder = envelope.toBuilder().stamp(topic, null, null);
		if (applicationId == null) {
			builder.id(MessageIds.next());
		}
		if (envelope.timestamp() == null) {
			builder.timestamp(Timestamps.format(System.currentTimeMillis()));
		}
		builder.version(SystemMessages.PROTOCOL_VERSION);
		Priority priority = Priority.of(envelope.priority());
		RecoveryStore store = this.recovery;
		synchronized (topicLock(topic)) {
			if (store == null) {
				Envelope stamped = builder.build();
				return fanOut(new Publication(topic, stamped, encodeText(stamped), null, priority, applicationId),
						excluded);
			}
			long now = System.nanoTime();
			TopicLog log = store.logFor(topic, now);
			Envelope stamped = builder.stamp(topic, log.epoch(), log.head()).build();
			OutboundFrame frame = encodeText(stamped);
			log.append(frame, stamped, applicationId, now);
			int queued = fanOut(new Publication(topic, stamped, frame, log, priority, applicationId), excluded);
			if (store.overBudget()) {
				this.scheduler.execute(() -> cleanupRecovery(true));
			}
			return queued;
		}
	}

	/**
	 * Return the lock that orders a topic's publications against subscriptions that
	 * resume or take a snapshot: fan-out, replay, snapshot and registration of one topic
	 * never interleave. Topics share a fixed set of locks.
	 * @param topic the topic
	 * @return the lock
	 */
	Object topicLock(String topic) {
		return this.topicLocks[(topic.hashCode() & 0x7fffffff) % this.topicLocks.length];
	}

	private OutboundFrame encodeText(Envelope envelope) {
		return OutboundFrame.text(this.codec.encodeText(envelope));
	}

	private int fanOut(Publication publication, Set<String> excluded) {
		int[] queued = new int[1];
		this.topics.forEachSubscriber(publication.topic(), (connection) -> {
			if (!excluded.isEmpty() && excluded.contains(connection.id())) {
				return;
			}
			OutboundFrame frame = publication.frameFor(connection.filtersFor(publication.topic()));
			if (frame != null
					&& connection.deliverPublication(frame, publication.priority(), publication.applicationId())) {
				queued[0]++;
			}
		});
		return queued[0];
	}

	/**
	 * Encode the frame a filtered subscription receives for a stamped publication: the
	 * epoch travels as {@code fe} instead of {@code e} (so clients that do not know
	 * filters do not mistake filtered-out offsets for gaps) and {@code fp} names the
	 * previous offset the filter matched.
	 * @param stamped the stamped publication
	 * @param previousMatch the previous matching offset, or -1 when unknown
	 * @return the frame
	 */
	OutboundFrame filteredFrame(Envelope stamped, long previousMatch) {
		ObjectNode extras = stamped.extras().deepCopy();
		extras.put("fe", stamped.epoch());
		extras.put("fp", previousMatch);
		return encodeText(stamped.toBuilder().stamp(stamped.topic(), null, stamped.offset()).extras(extras).build());
	}

	/**
	 * One publication being fanned out: its shared frame and, per distinct subscription
	 * filter, whether the filter matches and the frame its subscribers get. Each filter
	 * is evaluated once.
	 */
	private final class Publication {

		private final String topic;

		private final Envelope stamped;

		private final OutboundFrame frame;

		private final @Nullable TopicLog log;

		private final Priority priority;

		private final @Nullable String applicationId;

		private @Nullable Map<MessageFilter, Optional<OutboundFrame>> filtered;

		Publication(String topic, Envelope stamped, OutboundFrame frame, @Nullable TopicLog log, Priority priority,
				@Nullable String applicationId) {
			this.topic = topic;
			this.stamped = stamped;
			this.frame = frame;
			this.log = log;
			this.priority = priority;
			this.applicationId = applicationId;
		}

		String topic() {
			return this.topic;
		}

		Priority priority() {
			return this.priority;
		}

		@Nullable String applicationId() {
			return this.applicationId;
		}

		@Nullable OutboundFrame frameFor(@Nullable List<MessageFilter> filters) {
			if (filters == null) {
				return this.frame;
			}
			for (MessageFilter filter : filters) {
				Optional<OutboundFrame> match = evaluate(filter);
				if (match.isPresent()) {
					return match.get();
				}
			}
			return null;
		}

		private Optional<OutboundFrame> evaluate(MessageFilter filter) {
			if (this.filtered == null) {
				this.filtered = new HashMap<>();
			}
			return this.filtered.computeIfAbsent(filter, (key) -> {
				EngineCore.this.stats.filterEvaluated();
				if (!key.matches(this.stamped.payload())) {
					return Optional.empty();
				}
				TopicLog topicLog = this.log;
				if (topicLog == null || this.stamped.offset() == null) {
					return Optional.of(this.frame);
				}
				long offset = this.stamped.offset();
				long previous = topicLog.lastMatchBefore(key, offset);
				topicLog.matched(key, offset);
				return Optional.of(filteredFrame(this.stamped, previous));
			});
		}

	}

	/**
	 * Build a publication envelope.
	 * @param type the type
	 * @param payload the payload
	 * @return the envelope
	 */
	public Envelope envelope(String type, @Nullable Object payload) {
		return Envelope.builder(type).payload(this.converter.toTree(payload)).build();
	}

	/**
	 * Send to every open connection.
	 * @param type the type
	 * @param payload the payload
	 * @return the number queued
	 */
	public int broadcast(String type, @Nullable Object payload) {
		return broadcast(type, payload, Set.of());
	}

	/**
	 * Send to every open connection but some.
	 * @param type the type
	 * @param payload the payload
	 * @param excluded ids of connections that do not receive it
	 * @return the number queued
	 */
	public int broadcast(String type, @Nullable Object payload, Set<String> excluded) {
		Envelope envelope = Envelope.builder(type)
			.payload(this.converter.toTree(payload))
			.id(MessageIds.next())
			.timestamp(Timestamps.format(System.currentTimeMillis()))
			.version(SystemMessages.PROTOCOL_VERSION)
			.build();
		OutboundFrame frame = OutboundFrame.text(this.codec.encodeText(envelope));
		int queued = 0;
		for (Connection connection : this.connections.values()) {
			if (connection.isOpen() && !excluded.contains(connection.id())
					&& connection.offer(frame, Priority.NORMAL)) {
				queued++;
			}
		}
		return queued;
	}

	/**
	 * Send to every connection of a user.
	 * @param userId the user
	 * @param message the message
	 * @return the number queued
	 */
	public int sendToUser(String userId, DirectMessage message) {
		Connection[] connections = this.users.get(userId);
		if (connections == null) {
			return 0;
		}
		int queued = 0;
		for (Connection connection : connections) {
			if (connection.deliver(message)) {
				queued++;
			}
		}
		return queued;
	}

	/**
	 * Send to every connection of a user.
	 * @param userId the user
	 * @param type the type
	 * @param payload the payload
	 * @return the number queued
	 */
	public int sendToUser(String userId, String type, @Nullable Object payload) {
		return sendToUser(userId, directMessage(type, payload, null, null));
	}

	/**
	 * Send a prepared message to every connection of a user.
	 * @param userId the user
	 * @param envelope the message
	 * @return the number queued
	 */
	public int sendToUser(String userId, Envelope envelope) {
		return sendToUser(userId, directMessage(envelope));
	}

	/**
	 * Send to one connection.
	 * @param connectionId the connection id
	 * @param type the type
	 * @param payload the payload
	 * @return whether it was queued
	 */
	public boolean sendToConnection(String connectionId, String type, @Nullable Object payload) {
		Connection connection = this.connections.get(connectionId);
		return connection != null && connection.deliver(directMessage(type, payload, null, null));
	}

	/**
	 * Send a prepared message to one connection.
	 * @param connectionId the connection id
	 * @param envelope the message
	 * @return whether it was queued
	 */
	public boolean sendToConnection(String connectionId, Envelope envelope) {
		Connection connection = this.connections.get(connectionId);
		return connection != null && connection.deliver(directMessage(envelope));
	}

	// Subscriptions (server side)

	/**
	 * Subscribe a connection to a topic on the server's behalf (no authorization check).
	 * @param connectionId the connection
	 * @param topic the topic or pattern
	 * @return {@code true} if subscribed
	 */
	public boolean subscribe(String connectionId, String topic) {
		Connection connection = this.connections.get(connectionId);
		if (connection == null) {
			return false;
		}
		connection.liveSubscriptions().add(topic);
		this.topics.subscribe(connection, topic);
		return true;
	}

	/**
	 * Unsubscribe a connection from a topic.
	 * @param connectionId the connection
	 * @param topic the topic or pattern
	 * @return {@code true} if it was subscribed
	 */
	public boolean unsubscribe(String connectionId, String topic) {
		Connection connection = this.connections.get(connectionId);
		if (connection == null) {
			return false;
		}
		connection.liveSubscriptions().remove(topic);
		return this.topics.unsubscribe(connection, topic);
	}

	// Accessors

	/**
	 * Find a connection.
	 * @param id the id
	 * @return the connection or {@code null}
	 */
	public @Nullable WseConnection connection(String id) {
		return this.connections.get(id);
	}

	/**
	 * Return the open connections.
	 * @return a snapshot
	 */
	public Collection<WseConnection> connections() {
		return new ArrayList<>(this.connections.values());
	}

	/**
	 * Return the number of open connections.
	 * @return the count
	 */
	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * Return the number of topics and patterns with subscribers.
	 * @return the count
	 */
	public int topicCount() {
		return this.topics.size();
	}

	void forEachConnection(Consumer<Connection> action) {
		this.connections.values().forEach(action);
	}

	WseEngineConfig config() {
		return this.config;
	}

	EngineStats stats() {
		return this.stats;
	}

	FrameCodec codec() {
		return this.codec;
	}

	PayloadConverter converter() {
		return this.converter;
	}

	SystemMessages messages() {
		return this.messages;
	}

	AuthenticationRequests authentication() {
		return this.authentication;
	}

	/**
	 * Set the provider of challenge-response secrets (before the engine starts).
	 * @param provider the provider, or {@code null} for none
	 */
	public void challengeSecrets(@Nullable ChallengeSecretProvider provider) {
		this.authentication.secrets(provider);
	}

	/**
	 * Return the number of connections that have not authenticated yet.
	 * @return the count
	 */
	public int unauthenticatedCount() {
		return this.unauthenticated.size();
	}

	SubscriptionRequests subscriptions() {
		return this.subscriptions;
	}

	PresenceRequests presence() {
		return this.presence;
	}

	long nextConnectionNumber() {
		return this.connectionNumbers.incrementAndGet();
	}

	/**
	 * Return whether a connection may join a room: an allowed-room pattern matches (with
	 * {@code {sub}} replaced by the user id) or the topic authorizer's {@code canJoin}
	 * says yes.
	 */
	boolean roomAllowed(Connection connection, String room) {
		String userId = connection.userId();
		for (String pattern : this.config.allowedRooms()) {
			if (pattern.contains("{sub}") && (userId == null || TopicPattern.isPattern(userId))) {
				// a user id with glob characters must not widen a per-user pattern
				continue;
			}
			String resolved = (userId != null) ? pattern.replace("{sub}", userId) : pattern;
			if (TopicPattern.compile(resolved).matches(room)) {
				return true;
			}
		}
		try {
			return this.topicAuthorizer.canJoin(connection.principal(), room);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Tell the application's presence listeners about a change.
	 * @param change the change
	 */
	void presenceChanged(PresenceChange change) {
		for (PresenceListener listener : this.handlers.presenceListeners()) {
			try {
				listener.changed(change);
			}
			catch (RuntimeException ex) {
				logger.warn("Presence listener failed for {}", change, ex);
			}
		}
	}

	/**
	 * Return the members of a topic.
	 * @param topic the topic
	 * @return the members by user id
	 */
	public Map<String, PresenceMember> presence(String topic) {
		return this.presenceRegistry.members(topic);
	}

	/**
	 * Return the size of a topic's presence.
	 * @param topic the topic
	 * @return the stats
	 */
	public PresenceStats presenceStats(String topic) {
		return this.presenceRegistry.stats(topic);
	}

	/**
	 * Return the presence registry.
	 * @return the registry
	 */
	public PresenceRegistry presenceRegistry() {
		return this.presenceRegistry;
	}

	/**
	 * Return the open connections of a user, oldest first.
	 * @param userId the user
	 * @return the connections
	 */
	public List<WseConnection> connectionsOf(String userId) {
		Connection[] connections = this.users.get(userId);
		if (connections == null) {
			return List.of();
		}
		List<Connection> sorted = new ArrayList<>(List.of(connections));
		sorted.sort(Comparator.comparingLong(Connection::openedAt));
		return new ArrayList<>(sorted);
	}

	RpcCalls rpc() {
		return this.rpc;
	}

	/**
	 * Call an RPC method on a connection's client.
	 * @param connectionId the connection
	 * @param method the method
	 * @param args the arguments
	 * @param timeout how long to wait for the result
	 * @return the result; fails with {@link dev.wse.engine.handler.WseException} carrying
	 * {@code RPC_TIMEOUT}, {@code RPC_NOT_FOUND} (no such connection) or the client's
	 * error code
	 */
	public java.util.concurrent.CompletableFuture<tools.jackson.databind.JsonNode> call(String connectionId,
			String method, @Nullable Object args, Duration timeout) {
		Connection connection = this.connections.get(connectionId);
		if (connection == null) {
			return java.util.concurrent.CompletableFuture.failedFuture(
					new dev.wse.engine.handler.WseException(ErrorCode.RPC_NOT_FOUND, "No connection " + connectionId));
		}
		return this.rpc.call(connection, method, args, timeout);
	}

	MessageSignatures signatures() {
		return this.signatures;
	}

	InboundRouter router() {
		return this.router;
	}

	HandlerRegistry handlers() {
		return this.handlers;
	}

	TopicAuthorizer topicAuthorizer() {
		return this.topicAuthorizer;
	}

	TopicRegistry<Connection> topics() {
		return this.topics;
	}

	@Nullable RecoveryStore recovery() {
		return this.recovery;
	}

	ExecutorService handlerPool() {
		return this.handlerPool;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	void countDrop(DropReason reason) {
		this.stats.countDrop(reason);
	}

}
