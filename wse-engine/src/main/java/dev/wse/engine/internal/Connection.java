package dev.wse.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wse.engine.DropReason;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.connection.Outbox;
import dev.wse.engine.connection.Priority;
import dev.wse.engine.connection.TokenBucket;
import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.filter.MessageFilter;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.topic.TopicPattern;
import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.FrameCipher;
import dev.wse.protocol.crypto.MessageSigning;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its outbox, rate limiters, subscriptions and handler queue.
 * Implements the transport's {@link InboundHandler} for its own inbound events.
 */
public final class Connection implements WseConnection, InboundHandler {

	private static final Logger logger = LoggerFactory.getLogger(Connection.class);

	private final String id;

	private final TransportSession session;

	private volatile @Nullable WsePrincipal principal;

	/** Whether the connection has authenticated (always, in the handshake mode). */
	private volatile boolean authenticated;

	/** When the authentication expires, in epoch milliseconds; 0 for never. */
	private volatile long authExpiresAt;

	/** The expiry a {@code token_expiring} notice was sent for; 0 for none. */
	private volatile long expiryNoticeSentFor;

	/** State of a post-connect authentication; {@code null} once authenticated. */
	private volatile @Nullable PendingAuthentication pendingAuthentication;

	private final WireFormat format;

	private final EngineCore core;

	private final Outbox outbox;

	private final @Nullable TokenBucket inboundBucket;

	private final @Nullable TokenBucket outboundBucket;

	private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

	// Made on first use: most connections never need them (heap per idle connection).

	private volatile @Nullable Map<String, Object> attributes;

	private volatile @Nullable Map<String, MessageFilter> filters;

	private volatile @Nullable Set<String> presenceTopics;

	private final long openedAt;

	private final long createdNanos;

	private final ConnectionEncryption encryption;

	private final ConnectionSigning signing;

	private final SerialExecutor tasks;

	private final AtomicBoolean terminated = new AtomicBoolean();

	private final AtomicBoolean closing = new AtomicBoolean();

	private @Nullable DedupWindow dedup;

	/** The last sequence number used; {@code server_ready} is 1. */
	private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong(1);

	private volatile long lastActivity;

	private volatile long lastPing;

	private volatile long closeRequestedAt;

	private volatile @Nullable CloseCode pendingClose;

	/**
	 * Create a connection.
	 * @param principal the principal, or {@code null} (anonymous, or not yet
	 * authenticated)
	 * @param authExpiresAt when the authentication expires (epoch milliseconds), 0 for
	 * never
	 * @param pending the state of a post-connect authentication still to happen, or
	 * {@code null} when the connection is authenticated
	 */
	Connection(String id, TransportSession session, @Nullable WsePrincipal principal, long authExpiresAt,
			WireFormat format, EngineCore core, @Nullable PendingAuthentication pending) {
		WseEngineConfig config = core.config();
		this.id = id;
		this.session = session;
		this.principal = principal;
		this.authExpiresAt = authExpiresAt;
		this.pendingAuthentication = pending;
		this.authenticated = (pending == null);
		this.format = format;
		this.core = core;
		this.signing = new ConnectionSigning(config.rekeyGrace().toNanos(), config.signingReplayCacheSize(),
				config.signingWindow());
		this.encryption = new ConnectionEncryption(core.codec(), config.rekeyGrace().toNanos(), this.signing,
				core.signatures(), format);
		this.outbox = new Outbox(session, config.outboxMaxMessages(), config.outboxMaxBytes(), config.outboxBatchSize(),
				new OutboxEvents(), this.encryption);
		this.inboundBucket = (config.inboundRateCapacity() > 0)
				? new TokenBucket(config.inboundRateCapacity(), config.inboundRateRefill()) : null;
		this.outboundBucket = (config.outboundRateCapacity() > 0)
				? new TokenBucket(config.outboundRateCapacity(), config.outboundRateRefill()) : null;
		this.tasks = new SerialExecutor(core.handlerPool(), config.handlerQueueSize(), session);
		this.openedAt = core.nextConnectionNumber();
		long now = System.nanoTime();
		this.createdNanos = now;
		this.lastActivity = now;
		this.lastPing = now;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public @Nullable String userId() {
		return (this.principal != null) ? this.principal.userId() : null;
	}

	@Override
	public @Nullable WsePrincipal principal() {
		return this.principal;
	}

	@Override
	public WireFormat format() {
		return this.format;
	}

	@Override
	public Set<String> subscriptions() {
		return Set.copyOf(this.subscriptions);
	}

	Set<String> liveSubscriptions() {
		return this.subscriptions;
	}

	/**
	 * Return the presence topics for reading, without making the set.
	 * @return the topics, empty when the connection never joined one
	 */
	Set<String> presenceTopicsIfAny() {
		Set<String> topics = this.presenceTopics;
		return (topics != null) ? topics : Set.of();
	}

	Set<String> presenceTopics() {
		Set<String> topics = this.presenceTopics;
		if (topics == null) {
			synchronized (this) {
				topics = this.presenceTopics;
				if (topics == null) {
					topics = ConcurrentHashMap.newKeySet();
					this.presenceTopics = topics;
				}
			}
		}
		return topics;
	}

	long openedAt() {
		return this.openedAt;
	}

	/**
	 * Set or clear the filter of a subscription.
	 * @param subscription the topic or pattern subscribed to
	 * @param filter the filter, or {@code null} for none
	 */
	void filter(String subscription, @Nullable MessageFilter filter) {
		Map<String, MessageFilter> current = this.filters;
		if (filter == null) {
			if (current != null) {
				current.remove(subscription);
			}
			return;
		}
		if (current == null) {
			synchronized (this) {
				current = this.filters;
				if (current == null) {
					current = new ConcurrentHashMap<>();
					this.filters = current;
				}
			}
		}
		current.put(subscription, filter);
	}

	/**
	 * Return the filters through which this connection takes publications to a topic.
	 * @param topic the topic
	 * @return {@code null} when a subscription matching the topic has no filter, else the
	 * filters of the matching subscriptions (the publication is delivered if one matches)
	 */
	@Nullable List<MessageFilter> filtersFor(String topic) {
		Map<String, MessageFilter> filters = this.filters;
		if (filters == null || filters.isEmpty()) {
			return null;
		}
		List<MessageFilter> result = null;
		for (String subscription : this.subscriptions) {
			if (subscription.equals(topic)
					|| (TopicPattern.isPattern(subscription) && TopicPattern.compile(subscription).matches(topic))) {
				MessageFilter filter = filters.get(subscription);
				if (filter == null) {
					return null;
				}
				if (result == null) {
					result = new ArrayList<>(1);
				}
				result.add(filter);
			}
		}
		return result;
	}

	@Override
	public Map<String, Object> attributes() {
		Map<String, Object> map = this.attributes;
		if (map == null) {
			synchronized (this) {
				map = this.attributes;
				if (map == null) {
					map = new ConcurrentHashMap<>();
					this.attributes = map;
				}
			}
		}
		return map;
	}

	@Override
	public boolean send(String type, @Nullable Object payload) {
		return deliver(this.core.directMessage(type, payload, null, null));
	}

	@Override
	public void close(CloseCode code) {
		closeGracefully(code);
	}

	@Override
	public boolean isOpen() {
		return !this.terminated.get() && !this.closing.get();
	}

	@Override
	public boolean isEncrypted() {
		return this.encryption.isKeyed();
	}

	// Inbound

	@Override
	public void onText(String text) {
		if (!accept(text.length(), text)) {
			return;
		}
		Envelope envelope;
		try {
			envelope = this.core.codec().decodeText(text);
		}
		catch (ProtocolException ex) {
			rejectInvalid(ex);
			return;
		}
		this.core.router().route(this, envelope, false);
	}

	@Override
	public void onText(byte[] utf8, int offset, int length) {
		if (!accept(length, null)) {
			return;
		}
		Envelope envelope;
		try {
			envelope = this.core.codec().decodeText(utf8, offset, length);
		}
		catch (ProtocolException ex) {
			rejectInvalid(ex);
			return;
		}
		this.core.router().route(this, envelope, false);
	}

	@Override
	public void onBinary(byte[] data) {
		if (!accept(data.length, null)) {
			return;
		}
		boolean encrypted = FrameCodec.isEncrypted(data);
		byte[] content = data;
		if (encrypted) {
			content = this.encryption.decrypt(data, System.nanoTime());
			if (content == null) {
				decryptFailed();
				return;
			}
			this.encryption.decrypted();
		}
		Envelope envelope;
		try {
			envelope = this.core.codec().decodeBinary(content, this.format, null).envelope();
		}
		catch (ProtocolException ex) {
			rejectInvalid(ex);
			return;
		}
		this.core.router().route(this, envelope, encrypted);
	}

	/**
	 * Drop an {@code E:} frame that did not decrypt, silently (an answer would help a
	 * forger), and close the connection after too many in a row.
	 */
	private void decryptFailed() {
		this.core.stats().countDrop(DropReason.DECRYPT_FAILED);
		int failures = this.encryption.failed();
		if (failures >= this.core.config().maxDecryptFailures()) {
			logger.info("Closing {}: {} consecutive frames failed to decrypt", this.id, failures);
			closeNow(CloseCode.DECRYPTION_FAILED);
		}
	}

	@Override
	public void onClose(int code, String reason) {
		logger.debug("Connection {} closed by transport: {} {}", this.id, code, reason);
		this.outbox.discard();
		terminate();
	}

	private boolean accept(int length, @Nullable String text) {
		if (this.terminated.get() || this.closing.get()) {
			return false;
		}
		long now = System.nanoTime();
		this.lastActivity = now;
		this.core.stats().messageReceived();
		int max = this.core.config().maxMessageSize();
		if (length > max
				|| (text != null && (long) length * 3 > max && text.getBytes(StandardCharsets.UTF_8).length > max)) {
			this.core.stats().countDrop(DropReason.INVALID);
			closeNow(CloseCode.MESSAGE_TOO_BIG);
			return false;
		}
		TokenBucket bucket = this.inboundBucket;
		if (bucket == null) {
			return true;
		}
		if (!bucket.tryAcquire(now)) {
			this.core.stats().countDrop(DropReason.INBOUND_RATE_LIMITED);
			if (bucket.limitedNoticeDue(now)) {
				offerControl(this.core.messages().rateLimited(1.0));
			}
			return false;
		}
		if (bucket.warningDue(this.core.config().rateLimitWarningRatio(), now)) {
			offerControl(this.core.messages().rateLimitWarning(bucket.capacity(), bucket.tokens(now)));
		}
		return true;
	}

	private void rejectInvalid(ProtocolException ex) {
		this.core.stats().countDrop(DropReason.INVALID);
		offerControl(this.core.messages().error(ex.code(), ex.getMessage(), null));
		if (!this.authenticated) {
			this.core.authentication().refusedBeforeAuthentication(this);
		}
	}

	// Authentication

	/**
	 * Return whether the connection has authenticated.
	 * @return {@code true} in the handshake mode and after a post-connect authentication
	 */
	boolean isAuthenticated() {
		return this.authenticated;
	}

	/**
	 * Return the state of the post-connect authentication still to happen.
	 * @return the state, or {@code null} once authenticated
	 */
	@Nullable PendingAuthentication pendingAuthentication() {
		return this.pendingAuthentication;
	}

	/**
	 * Record a successful authentication (post-connect or refresh): the principal and its
	 * expiry replace the previous ones.
	 * @param principal the principal
	 * @param expiresAt when it expires (epoch milliseconds), 0 for never
	 */
	void authenticated(@Nullable WsePrincipal principal, long expiresAt) {
		this.principal = principal;
		this.authExpiresAt = expiresAt;
		this.pendingAuthentication = null;
		this.authenticated = true;
	}

	/**
	 * Return when the authentication expires.
	 * @return epoch milliseconds, 0 for never
	 */
	long authExpiresAt() {
		return this.authExpiresAt;
	}

	/**
	 * Close a connection that has not authenticated within the auth timeout with 4001
	 * (or, when a close was already requested and its peer does not read, with that
	 * close's code).
	 * @param nowNanos the current time
	 * @return {@code true} if it was closed
	 */
	boolean checkAuthDeadline(long nowNanos) {
		if (this.authenticated || this.terminated.get()
				|| nowNanos - this.createdNanos < this.core.config().authTimeout().toNanos()) {
			return false;
		}
		CloseCode pending = this.pendingClose;
		logger.debug("Closing {}: not authenticated within {}", this.id, this.core.config().authTimeout());
		closeNow((pending != null) ? pending : CloseCode.AUTHENTICATION_TIMEOUT);
		return true;
	}

	/**
	 * Return whether the auth timeout has passed.
	 * @param nowNanos the current time
	 * @return {@code true} once the connection is older than the auth timeout
	 */
	boolean authDeadlinePassed(long nowNanos) {
		return nowNanos - this.createdNanos >= this.core.config().authTimeout().toNanos();
	}

	/**
	 * Send {@code token_expiring} once when the authentication expires within
	 * {@link AuthenticationRequests#EXPIRY_NOTICE_MILLIS}, and close the connection with
	 * 4401 {@code Token expired} once it has expired.
	 * @param nowMillis the current wall-clock time
	 * @return {@code true} if it was closed
	 */
	boolean checkAuthExpiry(long nowMillis) {
		long expiresAt = this.authExpiresAt;
		if (expiresAt == 0 || !isOpen()) {
			return false;
		}
		if (nowMillis < expiresAt) {
			if (expiresAt - nowMillis <= AuthenticationRequests.EXPIRY_NOTICE_MILLIS
					&& this.expiryNoticeSentFor != expiresAt) {
				this.expiryNoticeSentFor = expiresAt;
				offerControl(this.core.authentication().expiring(expiresAt, nowMillis));
			}
			return false;
		}
		logger.debug("Closing {}: its authentication expired", this.id);
		closeGracefully(CloseCode.TOKEN_EXPIRED);
		return true;
	}

	/**
	 * Give up a connection the engine never registered (refused at admission): close the
	 * transport without running the removal bookkeeping.
	 * @param code the close code
	 */
	void abandon(CloseCode code) {
		this.closing.set(true);
		this.terminated.set(true);
		this.outbox.discard();
		this.core.closeTransport(this.session, code);
	}

	// Outbound

	/**
	 * Queue a frame.
	 * @param frame the frame
	 * @param priority its lane
	 * @return {@code true} if queued
	 */
	boolean offer(OutboundFrame frame, Priority priority) {
		return offered(this.outbox.offer(frame, priority));
	}

	/**
	 * Queue a control frame (heartbeat, error, acknowledgement): written before data
	 * frames.
	 * @param frame the frame
	 * @return {@code true} if queued
	 */
	boolean offerControl(OutboundFrame frame) {
		return offered(this.outbox.offerControl(frame));
	}

	private boolean offered(boolean queued) {
		if (queued) {
			return true;
		}
		if (!this.closing.get() && !this.terminated.get() && slowConsumerDue(System.nanoTime())) {
			// closing runs listeners; never on the publisher's thread, which may hold a
			// topic lock
			this.core.runLater(() -> checkSlowConsumer(System.nanoTime()));
		}
		return false;
	}

	/**
	 * Deliver a direct send: dedup by id, outbound rate limit, then the outbox.
	 * @param message the message
	 * @return {@code true} if queued
	 */
	boolean deliver(DirectMessage message) {
		if (!isOpen() || !this.authenticated) {
			this.core.stats().countDrop(DropReason.CLOSED);
			return false;
		}
		String messageId = message.applicationId();
		if (messageId != null && this.core.config().dedupWindowSize() > 0 && !dedup().firstSeen(messageId)) {
			this.core.stats().countDrop(DropReason.DUPLICATE);
			return false;
		}
		TokenBucket bucket = this.outboundBucket;
		if (bucket != null) {
			long now = System.nanoTime();
			if (!bucket.tryAcquire(now)) {
				this.core.stats().countDrop(DropReason.OUTBOUND_RATE_LIMITED);
				if (bucket.limitedNoticeDue(now)) {
					offerControl(this.core.messages().rateLimited(1.0));
				}
				return false;
			}
			if (bucket.warningDue(this.core.config().rateLimitWarningRatio(), now)) {
				offerControl(this.core.messages().rateLimitWarning(bucket.capacity(), bucket.tokens(now)));
			}
		}
		// E: frames are never compressed: the WSE clients read decrypted content as JSON
		boolean compress = !this.encryption.isKeyed();
		synchronized (this.seq) {
			// numbering and queueing together, so that seq order is queue order
			return offer(message.frame(this.format, this.seq.incrementAndGet(), compress), message.priority());
		}
	}

	/**
	 * Deliver a topic publication (live or replayed), dropping an application id already
	 * delivered to this connection within the dedup window.
	 * @param frame the shared frame
	 * @param priority its lane
	 * @param applicationId the id the application gave the message, or {@code null}
	 * @return {@code true} if queued
	 */
	boolean deliverPublication(OutboundFrame frame, Priority priority, @Nullable String applicationId) {
		if (applicationId != null && this.core.config().dedupWindowSize() > 0 && !dedup().firstSeen(applicationId)) {
			this.core.stats().countDrop(DropReason.DUPLICATE);
			return false;
		}
		return offer(frame, priority);
	}

	private synchronized DedupWindow dedup() {
		if (this.dedup == null) {
			this.dedup = new DedupWindow(this.core.config().dedupWindowSize());
		}
		return this.dedup;
	}

	void sendError(ErrorCode code, String message, @Nullable Envelope request) {
		sendError(code.name(), message, request);
	}

	void sendError(String code, String message, @Nullable Envelope request) {
		offerControl(this.core.messages().error(code, message, correlationOf(request), null));
	}

	static @Nullable String correlationOf(@Nullable Envelope request) {
		if (request == null) {
			return null;
		}
		return (request.correlationId() != null) ? request.correlationId() : request.id();
	}

	// Encryption

	/**
	 * Queue a {@code server_hello} that changes no key (written in plaintext).
	 * @param hello the frame
	 * @return {@code true} if queued
	 */
	boolean hello(OutboundFrame hello) {
		return this.encryption.hello(hello, this::offerControl);
	}

	/**
	 * Install new keys, then queue the {@code server_hello} that announces them: inbound
	 * frames decrypt (and signatures verify) with them at once, outbound frames written
	 * after the hello are encrypted (and signed) with them.
	 * @param cipher the encryption key, or {@code null} to keep the current one
	 * @param signer the signing key, or {@code null} to keep the current one
	 * @param hello the {@code server_hello} (written in plaintext)
	 * @return {@code true} if queued; otherwise no key is installed
	 */
	boolean rekey(@Nullable FrameCipher cipher, @Nullable MessageSigning signer, OutboundFrame hello) {
		return this.encryption.rekey(cipher, signer, hello, this::offerControl, System.nanoTime());
	}

	/**
	 * Return the signing state of this connection.
	 * @return the state
	 */
	ConnectionSigning signing() {
		return this.signing;
	}

	/**
	 * Apply the encryption deadlines: close a connection that has not keyed within the
	 * encryption timeout when encryption is required (or has not negotiated signing when
	 * signing is required), and ask a keyed client to rekey once its key is a rekey
	 * interval old.
	 * @param nowNanos the current time
	 * @return {@code true} if the connection was closed
	 */
	boolean checkEncryption(long nowNanos) {
		WseEngineConfig config = this.core.config();
		if (config.signingEnabled() && config.signingRequired() && !this.signing.isNegotiated()
				&& nowNanos - this.createdNanos >= config.encryptionTimeout().toNanos() && isOpen()) {
			logger.debug("Closing {}: signing not negotiated within {}", this.id, config.encryptionTimeout());
			closeGracefully(CloseCode.SIGNING_REQUIRED);
			return true;
		}
		if (!this.encryption.isKeyed()) {
			if (config.encryptionRequired() && nowNanos - this.createdNanos >= config.encryptionTimeout().toNanos()
					&& isOpen()) {
				logger.debug("Closing {}: no key exchange within {}", this.id, config.encryptionTimeout());
				closeGracefully(CloseCode.ENCRYPTION_REQUIRED);
				return true;
			}
			return false;
		}
		if (this.encryption.rekeyRequestDue(nowNanos, config.rekeyInterval().toNanos())) {
			offerControl(this.core.messages().rekeyRequest());
		}
		return false;
	}

	// Tasks and lifecycle

	boolean runTask(Runnable task, boolean force) {
		return this.tasks.execute(task, force);
	}

	/**
	 * Run a task of a non-blocking handler on the calling (I/O) thread when none of the
	 * connection's tasks is queued or running; otherwise queue it as {@link #runTask}
	 * would, so that the order holds.
	 * @param task the task
	 * @return {@code false} if it had to be queued and the queue is full
	 */
	boolean runTaskHere(Runnable task) {
		return this.tasks.runOrExecute(task);
	}

	long lastActivity() {
		return this.lastActivity;
	}

	long lastPing() {
		return this.lastPing;
	}

	void pinged(long nowNanos) {
		this.lastPing = nowNanos;
	}

	Outbox outbox() {
		return this.outbox;
	}

	/**
	 * Close the connection as a slow consumer when its outbox has overflowed for too
	 * long.
	 * @param nowNanos the current time
	 * @return {@code true} if it was closed
	 */
	boolean checkSlowConsumer(long nowNanos) {
		if (!slowConsumerDue(nowNanos)) {
			return false;
		}
		logger.info("Closing slow consumer {} (outbox full for {} ms)", this.id,
				this.outbox.overflowingFor(nowNanos) / 1_000_000);
		closeNow(CloseCode.SLOW_CONSUMER);
		return true;
	}

	private boolean slowConsumerDue(long nowNanos) {
		WseEngineConfig config = this.core.config();
		long overflowing = this.outbox.overflowingFor(nowNanos);
		return config.slowConsumerPolicy() == WseEngineConfig.SlowConsumerPolicy.CLOSE && overflowing > 0
				&& overflowing >= config.slowConsumerTimeout().toNanos();
	}

	/**
	 * Close a connection whose graceful close has not completed within the deadline (its
	 * peer does not read the queued frames).
	 * @param nowNanos the current time
	 * @param deadlineNanos how long a graceful close may take
	 * @return {@code true} if it was closed
	 */
	boolean checkCloseDeadline(long nowNanos, long deadlineNanos) {
		long requested = this.closeRequestedAt;
		CloseCode code = this.pendingClose;
		if (requested == 0 || code == null || this.terminated.get() || nowNanos - requested < deadlineNanos) {
			return false;
		}
		closeNow(code);
		return true;
	}

	/**
	 * Close after the queued frames are written.
	 * @param code the close code
	 */
	void closeGracefully(CloseCode code) {
		if (this.closing.compareAndSet(false, true)) {
			this.pendingClose = code;
			this.closeRequestedAt = System.nanoTime();
			this.outbox.closeWhenDrained(() -> {
				this.core.closeTransport(this.session, code);
				terminate();
			});
		}
	}

	/**
	 * Close at once, discarding queued frames.
	 * @param code the close code
	 */
	void closeNow(CloseCode code) {
		this.closing.set(true);
		int discarded = this.outbox.discard();
		if (discarded > 0) {
			this.core.stats().countDrop(DropReason.CLOSED);
		}
		this.core.closeTransport(this.session, code);
		terminate();
	}

	/**
	 * Return whether the connection has been forgotten by the engine.
	 * @return {@code true} once terminated
	 */
	boolean isTerminated() {
		return this.terminated.get();
	}

	/**
	 * Forget the connection: subscriptions, indexes, counts; run disconnect listeners.
	 * Idempotent.
	 */
	void terminate() {
		if (!this.terminated.compareAndSet(false, true)) {
			return;
		}
		this.closing.set(true);
		this.core.remove(this);
	}

	@Override
	public String toString() {
		return "Connection[" + this.id + ", user=" + userId() + "]";
	}

	private final class OutboxEvents implements Outbox.Listener {

		@Override
		public void dropped(int frames) {
			for (int i = 0; i < frames; i++) {
				Connection.this.core.stats().countDrop(DropReason.OUTBOX_FULL);
			}
		}

		@Override
		public void written(int frames, long bytes) {
			Connection.this.core.stats().framesSent(frames, bytes);
		}

		@Override
		public void writeFailed(Throwable failure, int discarded) {
			logger.debug("Write to {} failed; closing", Connection.this.id, failure);
			Connection.this.closing.set(true);
			Connection.this.core.closeTransport(Connection.this.session, CloseCode.INTERNAL_ERROR);
			Connection.this.core.runLater(Connection.this::terminate);
		}

	}

}
