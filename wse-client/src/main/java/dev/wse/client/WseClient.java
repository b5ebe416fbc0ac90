package dev.wse.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.wse.client.internal.ClientEncryption;
import dev.wse.client.internal.ClientMessages;
import dev.wse.client.internal.PendingReplies;
import dev.wse.client.internal.SendQueue;
import dev.wse.client.internal.SocketListener;
import dev.wse.client.internal.UpgradeRequest;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageIds;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.FrameCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection to a WSE v2 server. {@link #connect(URI, WseClientOptions)} opens it and
 * completes once the server's {@code server_ready} arrived; the client then sends
 * {@code client_hello} (unless disabled), answers server {@code ping}s with {@code PONG},
 * and hands every inbound message to its listeners and its {@link #messages() recorder}.
 * <p>
 * <h2>Topic sequencing and recovery</h2> When the server has recovery on, every topic
 * publication is stamped with its topic, the epoch of the server's buffer and an offset
 * ({@code tp}, {@code e}, {@code o}). The client then delivers each topic's publications
 * to its {@link #onMessage message listeners} exactly once and in order: duplicates are
 * dropped, and a publication that arrives past a gap is dropped and the gap is filled by
 * a recovering subscribe the client sends by itself (the rules are those of the WSE
 * TypeScript client; see {@link RecoveryListener}). {@link #positions()} tells where each
 * topic stands, and a new connection resumes from there without losing or repeating a
 * message the server still holds: <pre>{@code
 * WseClient next = WseClient.connect(uri, options.toBuilder()
 *         .subscribeOnConnect(previous.resumeRequest())
 *         .build()).join();
 * SubscriptionAck ack = next.initialSubscription().join(); // ack.recovered()
 * }</pre> Frame listeners and the {@link #messages() recorder} see every frame as it
 * arrived, duplicates included.
 * <p>
 * <h2>Encryption</h2> With {@link WseClientOptions.Builder#encryption(boolean)} on, the
 * client exchanges a key in its {@code client_hello} (ECDH P-256, HKDF-SHA256,
 * AES-256-GCM) and {@link #connect} completes once the server answered with its key; from
 * then on every message but {@code client_hello} is sent in an {@code E:} frame, inbound
 * {@code E:} frames are decrypted (the recorder keeps their wire bytes), and the server's
 * {@code rekey_request} is answered with a fresh exchange ({@link #rekey()}).
 * <p>
 * <h2>Signing</h2> With {@link WseClientOptions.Builder#signing(boolean)} on, the
 * {@code client_hello} asks for HMAC-SHA256 message signing (with or without encryption);
 * once the server answered with the signed types, the client adds {@code sig} to its
 * messages of those types and checks the {@code sig} of inbound ones: a missing, wrong,
 * replayed or stale one drops the message and is reported to the
 * {@link #onSignatureFailure} listeners.
 * <p>
 * All methods are thread-safe. Listeners run on the socket's reader thread, one message
 * at a time, in arrival order.
 */
public final class WseClient implements AutoCloseable {

	private static final String HELLO = "server_hello";

	private static final String PONG = "PONG";

	private static final String TOKEN_REFRESHED = "token_refreshed";

	private static final String ACK = "subscription_update:";

	private static final String PUBLISH_ACK = "publish_ack:";

	private static final String SUBSCRIBE = "subscribe";

	private static final String UNSUBSCRIBE = "unsubscribe";

	private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

	private final WseClientOptions options;

	private final ClientMessages messages;

	private final PendingReplies replies = new PendingReplies();

	private final SendQueue sendQueue = new SendQueue();

	private final ClientEncryption encryption = new ClientEncryption();

	private final Object helloLock = new Object();

	private final SocketListener listener;

	private final InboundDispatcher inbound;

	private final ConnectionState state = new ConnectionState(this.replies);

	private final List<RecoveryListener> recoveryListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<WseClientException>> signatureListeners = new CopyOnWriteArrayList<>();

	private final AtomicLong signatureFailures = new AtomicLong();

	private final TopicSequencer sequencer;

	private final RpcCalls rpc;

	private final Set<String> subscriptions = Collections.synchronizedSet(new LinkedHashSet<>());

	private final CompletableFuture<SubscriptionAck> initialSubscription = new CompletableFuture<>();

	private volatile @Nullable WebSocket socket;

	private WseClient(WseClientOptions options, FrameCodec codec, WireFormat format) {
		this.options = options;
		this.messages = new ClientMessages(codec.jsonMapper(), System::currentTimeMillis);
		this.inbound = new InboundDispatcher(codec, format, new MessageRecorder(options.recording()), this::react,
				this.encryption::cipher);
		this.listener = new SocketListener(new SocketEvents());
		this.sequencer = new TopicSequencer(new RecoveryEvents(), this::recoverGap);
		this.rpc = new RpcCalls(this.messages, this::send);
		options.frameListeners().forEach(this.inbound::addFrameListener);
		options.messageListeners().forEach(this.inbound::addMessageListener);
		this.recoveryListeners.addAll(options.recoveryListeners());
		// Once the connection ended, positions() is final.
		this.state.closed().whenComplete((status, failure) -> this.sequencer.close());
		this.state.closed().whenComplete((status, failure) -> this.rpc.closed(status));
		if (options.subscribeOnConnect() == null) {
			this.initialSubscription
				.completeExceptionally(new IllegalStateException("No subscribeOnConnect request in the options"));
		}
	}

	/**
	 * Connect with default options (no token).
	 * @param uri the endpoint, for example {@code ws://localhost:8080/wse}
	 * @return a future completing with the client once {@code server_ready} arrived
	 */
	public static CompletableFuture<WseClient> connect(URI uri) {
		return connect(uri, WseClientOptions.defaults());
	}

	/**
	 * Connect to a WSE server.
	 * @param uri the endpoint, for example {@code ws://localhost:8080/wse}
	 * @param options the connection options
	 * @return a future completing with the client once {@code server_ready} arrived, or
	 * failing with a {@link WseClientException} that carries the server's error code (for
	 * example {@code AUTH_REQUIRED}) and close status when the server refused the
	 * connection
	 */
	public static CompletableFuture<WseClient> connect(URI uri, WseClientOptions options) {
		UpgradeRequest request = UpgradeRequest.of(uri, options.queryParameters(), options.headers(),
				options.bearerToken(), WseClientOptions.TOKEN_COOKIE, options.cookieToken());
		FrameCodec codec = (options.codec() != null) ? options.codec() : FrameCodec.withDefaults();
		WseClient client = new WseClient(options, codec, WireFormat.fromQuery(request.uri().getRawQuery()));
		return client.open(request);
	}

	private CompletableFuture<WseClient> open(UpgradeRequest request) {
		HttpClient http = (this.options.httpClient() != null) ? this.options.httpClient() : HttpClient.newHttpClient();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(this.options.connectTimeout());
		request.headers().forEach(builder::header);
		builder.buildAsync(request.uri(), this.listener).whenComplete((socket, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				this.state.failAttempt(
						new WseClientException("Could not open " + request.uri() + ": " + cause, null, null, cause));
				this.state.ended(CloseStatus.abnormal(cause), cause);
			}
		});
		Duration timeout = this.options.connectTimeout();
		after(timeout).execute(() -> {
			if (this.state.failAttempt(new WseClientException("No server_ready within " + timeout))) {
				abort();
			}
		});
		return this.state.ready();
	}

	/**
	 * Return the {@code server_ready} message the connection started with.
	 * @return the message
	 * @throws IllegalStateException if the connection is not established yet
	 */
	public Envelope serverReady() {
		Envelope ready = this.state.serverReady();
		if (ready == null) {
			throw new IllegalStateException("server_ready has not arrived");
		}
		return ready;
	}

	/**
	 * Return the connection id from {@code server_ready}
	 * ({@code p.details.connection_id}).
	 * @return the connection id, or {@code null} if the server sent none
	 */
	public @Nullable String connectionId() {
		return detail("connection_id");
	}

	/**
	 * Return the user id from {@code server_ready} ({@code p.details.user_id}).
	 * @return the user id, or {@code null} if the server sent none
	 */
	public @Nullable String userId() {
		return detail("user_id");
	}

	/**
	 * Return the server's answer to the first {@code client_hello} (the automatic one, by
	 * default).
	 * @return a future completing with the first {@code server_hello}
	 */
	public CompletableFuture<Envelope> serverHello() {
		return this.state.firstServerHello();
	}

	/**
	 * Send a {@code client_hello} built from the options; with encryption on, it carries
	 * a fresh public key and the {@code server_hello} that answers it switches the
	 * connection to the new key.
	 * @return a future completing with the {@code server_hello} that answers it
	 */
	public CompletableFuture<Envelope> hello() {
		boolean exchange = this.options.encryption() || this.options.signing();
		KeyExchange keys = exchange ? KeyExchange.generate() : null;
		Envelope message = this.messages.clientHello(this.options.clientVersion(), this.options.protocolVersion(),
				this.options.helloFeatures(), (keys != null) ? keys.publicKeyBase64() : null, this.options.encryption(),
				this.options.signing());
		synchronized (this.helloLock) {
			// recorded in the order sent, as the server answers them
			this.encryption.helloSent(keys);
			return request(HELLO, message);
		}
	}

	/**
	 * Exchange a new key: send a {@code client_hello} with a fresh key pair. Frames the
	 * server writes after its answer use the new key; the client sends with the new key
	 * once the answer arrived (the server accepts the old one for a grace window).
	 * @return a future completing with the {@code server_hello} that carried the new key,
	 * or failing with a {@link WseClientException} coded {@code KEY_EXCHANGE_FAILED} when
	 * the server did not key (the old key stays)
	 * @throws IllegalStateException if neither encryption nor signing is on in the
	 * options
	 */
	public CompletableFuture<Envelope> rekey() {
		if (!this.options.encryption() && !this.options.signing()) {
			throw new IllegalStateException("Neither encryption nor signing is enabled in the options");
		}
		return hello().thenApply((reply) -> {
			if (!reply.payload().path("encryption_public_key").isString()) {
				throw new WseClientException("The server did not exchange a key", ErrorCode.KEY_EXCHANGE_FAILED.name(),
						null, null);
			}
			return reply;
		});
	}

	/**
	 * Return whether a key was exchanged on this connection.
	 * @return {@code true} once the server answered a {@code client_hello} with its key
	 */
	public boolean isEncrypted() {
		return this.encryption.isKeyed();
	}

	/**
	 * Return whether message signing was negotiated on this connection.
	 * @return {@code true} once the server answered a {@code client_hello} with the
	 * signed types
	 */
	public boolean isSigning() {
		return this.encryption.isSigning();
	}

	/**
	 * Register a listener for inbound messages dropped because their signature was
	 * missing or wrong ({@code INVALID_SIGNATURE}) or they were replayed or stale
	 * ({@code REPLAY_DETECTED}); the exception's {@link WseClientException#errorCode()}
	 * tells which. Runs on the reader thread.
	 * @param listener the listener
	 * @return this client
	 */
	public WseClient onSignatureFailure(Consumer<WseClientException> listener) {
		this.signatureListeners.add(listener);
		return this;
	}

	/**
	 * Return the number of inbound messages dropped by the signature checks.
	 * @return the count
	 */
	public long signatureFailures() {
		return this.signatureFailures.get();
	}

	/**
	 * Subscribe to topics or glob patterns (for example {@code prices.*}).
	 * @param topics the topics
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> subscribe(String... topics) {
		return subscribe(SubscribeRequest.of(topics));
	}

	/**
	 * Subscribe to topics or glob patterns.
	 * @param topics the topics
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> subscribe(Collection<String> topics) {
		return subscribe(SubscribeRequest.of(topics));
	}

	/**
	 * Subscribe as the request says, recovering from its positions if it asks to. The
	 * positions become the topics' {@link #positions()} at once, so the replay that
	 * follows is delivered in order; when the server cannot recover a topic
	 * ({@code recovered:false}), the topic goes on from the position the acknowledgement
	 * reports and the {@link RecoveryListener}s hear of it.
	 * @param request the request
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> subscribe(SubscribeRequest request) {
		if (request.recover() && this.options.topicSequencing()) {
			this.sequencer.resumeFrom(request.positions());
		}
		return sendSubscribe(request);
	}

	/**
	 * Unsubscribe from topics or glob patterns. The positions of the topics (and of the
	 * topics an unsubscribed pattern matches) are forgotten.
	 * @param topics the topics
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> unsubscribe(String... topics) {
		List<String> requested = List.copyOf(Arrays.asList(topics));
		return request(ACK + UNSUBSCRIBE, this.messages.subscription(UNSUBSCRIBE, requested), (reply) -> {
			SubscriptionAck ack = SubscriptionAck.from(reply);
			this.subscriptions.removeAll(ack.successTopics());
			this.sequencer.unsubscribed(ack.successTopics(), subscriptions());
			return ack;
		});
	}

	private CompletableFuture<SubscriptionAck> sendSubscribe(SubscribeRequest request) {
		ObjectNode recovery = null;
		if (request.recover()) {
			recovery = JsonNodeFactory.instance.objectNode();
			for (Map.Entry<String, TopicPosition> entry : request.positions().entrySet()) {
				ObjectNode position = recovery.putObject(entry.getKey());
				position.put("epoch", entry.getValue().epoch());
				position.put("offset", entry.getValue().offset());
			}
		}
		Envelope message = this.messages.subscription(SUBSCRIBE, request.topics(), recovery);
		return request(ACK + SUBSCRIBE, message, (reply) -> {
			SubscriptionAck ack = SubscriptionAck.from(reply);
			this.subscriptions.addAll(ack.successTopics());
			if (this.options.topicSequencing()) {
				this.sequencer.acknowledged(request.recover(), ack);
			}
			return ack;
		});
	}

	private void recoverGap(String topic, TopicPosition last) {
		sendSubscribe(SubscribeRequest.resume(Map.of(topic, last))).whenComplete((ack, failure) -> {
			if (failure != null) {
				this.sequencer.recoveryFailed(topic);
			}
		});
	}

	/**
	 * Return the acknowledgement of the request the options asked to send on connect
	 * ({@link WseClientOptions.Builder#subscribeOnConnect}).
	 * @return a future completing with the acknowledgement; failed when the options had
	 * no such request or the connection ended first
	 */
	public CompletableFuture<SubscriptionAck> initialSubscription() {
		return this.initialSubscription;
	}

	/**
	 * Return where each topic stands: the epoch and offset of the last stamped
	 * publication delivered in order (or the position a subscribe resumed from, or the
	 * server reported). Empty while the server has recovery off. Once the connection has
	 * ended (also by {@link #abort()} or {@link #close()}) the positions are final:
	 * stamped messages still read from the socket afterwards are not delivered, so a
	 * connection that resumes from these positions neither misses nor repeats one.
	 * @return an unmodifiable snapshot, by topic
	 */
	public Map<String, TopicPosition> positions() {
		return this.sequencer.positions();
	}

	/**
	 * Return the topics and patterns the server acknowledged as subscribed on this
	 * connection, including those the client subscribed by itself to fill gaps.
	 * @return an unmodifiable snapshot, in subscription order
	 */
	public Set<String> subscriptions() {
		synchronized (this.subscriptions) {
			return Collections.unmodifiableSet(new LinkedHashSet<>(this.subscriptions));
		}
	}

	/**
	 * Return the request that subscribes a new connection to everything this one follows
	 * and recovers what happened since: every subscription, plus every topic with a
	 * position (a topic reached through a pattern resumes by an exact subscription, since
	 * recovery is per topic). Pass it to
	 * {@link WseClientOptions.Builder#subscribeOnConnect} or
	 * {@link #subscribe(SubscribeRequest)} of the next client.
	 * @return the request, or {@code null} when there is nothing to resume
	 */
	public @Nullable SubscribeRequest resumeRequest() {
		Map<String, TopicPosition> positions = positions();
		Set<String> topics = new LinkedHashSet<>(subscriptions());
		topics.addAll(positions.keySet());
		return topics.isEmpty() ? null : SubscribeRequest.resume(topics, positions);
	}

	/**
	 * Return the counters of topic sequencing: delivered, duplicate and out-of-order
	 * publications, recovery requests and resyncs.
	 * @return a snapshot
	 */
	public RecoveryStats recoveryStats() {
		return this.sequencer.stats();
	}

	/**
	 * Register a listener for gaps the client fills and topics that go on from a new
	 * position. To hear about the subscription sent on connect too, register it in the
	 * options instead ({@link WseClientOptions.Builder#recoveryListener}).
	 * @param listener the listener
	 * @return this client
	 */
	public WseClient onRecovery(RecoveryListener listener) {
		this.recoveryListeners.add(listener);
		return this;
	}

	/**
	 * Send an application message as a JSON text frame with {@code c t p id ts v}.
	 * @param type the message type
	 * @param payload the payload, converted to JSON ({@code null} sends an empty object)
	 * @return a future completing when the frame was handed to the socket
	 */
	public CompletableFuture<Void> send(String type, @Nullable Object payload) {
		return send(this.messages.message(type, payload));
	}

	/**
	 * Send a message as a JSON text frame, exactly as given; once a key was exchanged, as
	 * an {@code E:} frame (a {@code client_hello} always goes in plaintext).
	 * @param envelope the message
	 * @return a future completing when the frame was handed to the socket
	 */
	public CompletableFuture<Void> send(Envelope envelope) {
		if (!envelope.type().equals("client_hello")) {
			envelope = this.encryption.sign(envelope);
		}
		FrameCodec codec = this.inbound.codec();
		FrameCipher cipher = this.encryption.cipher();
		if (cipher != null && !envelope.type().equals("client_hello")) {
			return this.sendQueue.binary(codec.encrypt(codec.encodeJson(envelope), cipher));
		}
		return this.sendQueue.text(codec.encodeText(envelope));
	}

	/**
	 * Send a text frame verbatim (for example malformed JSON, to test a server).
	 * @param text the frame text
	 * @return a future completing when the frame was handed to the socket
	 */
	public CompletableFuture<Void> sendRaw(String text) {
		return this.sendQueue.text(text);
	}

	/**
	 * Send a binary frame verbatim.
	 * @param bytes the frame bytes
	 * @return a future completing when the frame was handed to the socket
	 */
	public CompletableFuture<Void> sendBinary(byte[] bytes) {
		return this.sendQueue.binary(bytes.clone());
	}

	/**
	 * Publish to a topic (a client {@code publish}; the server must allow it, client
	 * publishing is denied by default). The topic's subscribers receive the message as if
	 * the application had published it.
	 * @param topic the topic (not a pattern)
	 * @param type the message type subscribers receive
	 * @param payload the payload, converted to JSON ({@code null} sends an empty object)
	 * @return a future completing with the server's {@code publish_ack}, or failing with
	 * a {@link WseClientException} whose {@link WseClientException#errorCode() error
	 * code} is the server's ({@code FORBIDDEN}, {@code INVALID_PUBLICATION}); a
	 * publication the server's rate limiter drops is not answered, so apply a timeout
	 */
	public CompletableFuture<Envelope> publish(String topic, String type, @Nullable Object payload) {
		String correlationId = "pub-" + MessageIds.next();
		return request(PUBLISH_ACK + correlationId, this.messages.publish(topic, type, payload, correlationId));
	}

	/**
	 * Refresh the connection's authentication with a new token for the same user
	 * ({@code refresh_token}); the server moves the connection's expiry to the new
	 * token's. Without a refresh, the server closes the connection with 4401
	 * {@code Token expired} when the token it authenticated with expires.
	 * @param token the new token
	 * @return a future completing with the server's {@code token_refreshed}
	 * ({@code p.exp} is the new expiry in epoch seconds), or failing with a
	 * {@link WseClientException} coded {@code AUTH_FAILED} when the server refused the
	 * token (the connection keeps its previous expiry)
	 */
	public CompletableFuture<Envelope> refreshToken(String token) {
		return request(TOKEN_REFRESHED, this.messages.refreshToken(token));
	}

	/**
	 * Send a client {@code ping} ({@code p.timestamp} = now in milliseconds).
	 * @return a future completing with the server's {@code PONG}
	 */
	public CompletableFuture<Envelope> ping() {
		return request(PONG, this.messages.ping());
	}

	/**
	 * Call an RPC method of the server: sends an {@code rpc_request} with a new
	 * correlation id ({@code cid}) and waits for the {@code rpc_response} that carries
	 * it.
	 * @param method the method name
	 * @param args the arguments, converted to JSON ({@code null} sends an empty object)
	 * @param timeout how long to wait for the response
	 * @return a future completing with the result ({@code p.result}, JSON {@code null}
	 * when the method returned nothing), or failing with a {@link WseClientException}
	 * whose {@link WseClientException#errorCode() error code} is the server's
	 * ({@code RPC_NOT_FOUND}, {@code RPC_FAILED}, {@code RPC_FORBIDDEN},
	 * {@code RPC_TIMEOUT}, {@code OVERLOADED} or an application code), or
	 * {@code RPC_TIMEOUT} when no response came in time or the connection ended first
	 * @throws IllegalArgumentException if the method is blank or the timeout not positive
	 */
	public CompletableFuture<JsonNode> call(String method, @Nullable Object args, Duration timeout) {
		return this.rpc.call(method, args, timeout);
	}

	/**
	 * Register a method the server may call ({@code rpc_request}). The function receives
	 * the call's arguments and runs off the socket's reader thread; its return value
	 * (converted to JSON; a {@link java.util.concurrent.CompletionStage} is waited for)
	 * is the result. A {@link WseClientException} with an error code answers with that
	 * code and message; any other exception with {@code RPC_FAILED} and a message that
	 * names only the method. Calls of methods not registered are answered with
	 * {@code RPC_NOT_FOUND}.
	 * @param method the method name
	 * @param handler computes the result from the arguments
	 * @return this client
	 * @throws IllegalStateException if the method is already registered
	 */
	public WseClient registerRpc(String method, Function<JsonNode, ? extends @Nullable Object> handler) {
		this.rpc.register(method, handler);
		return this;
	}

	/**
	 * Register a listener for every decoded inbound message, text or binary, except the
	 * stamped topic publications that sequencing drops (duplicates and messages past a
	 * gap, see {@link WseClientOptions#topicSequencing()}).
	 * @param listener the listener
	 * @return this client
	 */
	public WseClient onMessage(Consumer<Envelope> listener) {
		this.inbound.addMessageListener(listener);
		return this;
	}

	/**
	 * Register a listener for every inbound frame, including undecodable ones.
	 * @param listener the listener
	 * @return this client
	 */
	public WseClient onFrame(Consumer<InboundFrame> listener) {
		this.inbound.addFrameListener(listener);
		return this;
	}

	/**
	 * Return the recorder of every frame this client received.
	 * @return the recorder
	 */
	public MessageRecorder messages() {
		return this.inbound.recorder();
	}

	/**
	 * Stop reading from the socket: no more messages are requested from the JDK
	 * WebSocket, so the server's writes back up in TCP buffers, as with a stalled reader.
	 */
	public void pauseReading() {
		this.listener.pause();
	}

	/**
	 * Resume reading after {@link #pauseReading()}.
	 */
	public void resumeReading() {
		this.listener.resume();
	}

	/**
	 * Return how the connection ended.
	 * @return a future completing with the server's close code and reason, or
	 * {@value CloseStatus#ABNORMAL_CLOSURE} when the socket failed
	 */
	public CompletableFuture<CloseStatus> closeFuture() {
		return this.state.closed();
	}

	/**
	 * Return whether the connection is established and has not ended.
	 * @return whether the client is open
	 */
	public boolean isOpen() {
		return this.state.isOpen();
	}

	/**
	 * Close the connection with the given code; if the server does not answer within a
	 * second, abort it.
	 * @param code the close code
	 * @param reason the reason
	 * @return the future of {@link #closeFuture()}
	 */
	public CompletableFuture<CloseStatus> close(int code, String reason) {
		if (!this.state.closed().isDone()) {
			this.sendQueue.close(code, reason);
			after(CLOSE_GRACE).execute(this::abort);
		}
		return this.state.closed();
	}

	/**
	 * Close the connection normally (1000) without waiting.
	 */
	@Override
	public void close() {
		close(1000, "");
	}

	/**
	 * Drop the connection at once, without a close handshake.
	 */
	public void abort() {
		WebSocket socket = this.socket;
		if (socket != null) {
			socket.abort();
		}
		this.state.ended(new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "Aborted by the client"), null);
	}

	private CompletableFuture<Envelope> request(String replyKey, Envelope message) {
		return request(replyKey, message, Function.identity());
	}

	/**
	 * Send a request and read its reply. The reading is attached before the request is
	 * sent, so it runs on the reader thread as the reply arrives, before any later
	 * message is handled.
	 */
	private <T> CompletableFuture<T> request(String replyKey, Envelope message, Function<Envelope, T> read) {
		CompletableFuture<Envelope> reply = this.replies.expect(replyKey);
		CompletableFuture<T> result = reply.thenApply(read);
		send(message).whenComplete((sent, failure) -> {
			if (failure != null) {
				this.replies.remove(replyKey, reply);
				reply.completeExceptionally(failure);
			}
		});
		return result;
	}

	/**
	 * React to an inbound message.
	 * @return whether the message goes on to the message listeners
	 */
	private boolean react(Envelope message) {
		ErrorCode signatureFailure = this.encryption.verify(message);
		if (signatureFailure != null) {
			this.signatureFailures.incrementAndGet();
			WseClientException failure = new WseClientException(
					"Dropped a '" + message.type() + "' message: " + signatureFailure.defaultMessage(),
					signatureFailure.name(), null, null);
			for (Consumer<WseClientException> listener : this.signatureListeners) {
				listener.accept(failure);
			}
			return false;
		}
		switch (message.type()) {
			case "server_ready" -> onServerReady(message);
			case "server_hello" -> {
				try {
					this.encryption.serverHello(message);
				}
				catch (ProtocolException ex) {
					// an unusable server key: the connection keeps its keys
				}
				this.replies.complete(HELLO, message);
				this.state.firstServerHello().complete(message);
			}
			case "rekey_request" -> {
				if (this.options.encryption() || this.options.signing()) {
					rekey();
				}
			}
			case "ping", "PING" -> {
				if (this.options.autoPong()) {
					send(this.messages.pong(message));
				}
			}
			case "PONG", "pong" -> this.replies.complete(PONG, message);
			case "subscription_update" ->
				this.replies.complete(ACK + message.payload().path("action").asString(""), message);
			case "error" -> {
				this.state.errorArrived(message);
				String correlationId = message.correlationId();
				if (correlationId != null && correlationId.startsWith("pub-")) {
					String code = message.payload().path("code").asString(null);
					this.replies.fail(PUBLISH_ACK + correlationId,
							new WseClientException(
									"Publication refused: " + message.payload().path("message").asString(""), code,
									null, null));
				}
				if ("AUTH_FAILED".equals(message.payload().path("code").asString(null))) {
					this.replies.fail(TOKEN_REFRESHED,
							new WseClientException(
									"Token refresh failed: " + message.payload().path("message").asString(""),
									ErrorCode.AUTH_FAILED.name(), null, null));
				}
			}
			case "publish_ack" -> {
				if (message.correlationId() != null) {
					this.replies.complete(PUBLISH_ACK + message.correlationId(), message);
				}
			}
			case "auth_required" -> {
				String token = this.options.authenticationToken();
				if (token != null) {
					send(this.messages.authenticate(token));
				}
			}
			case "challenge" -> {
				String identity = this.options.challengeIdentity();
				byte[] secret = this.options.challengeSecret();
				if (identity != null && secret != null) {
					send(this.messages.challengeResponse(message, identity, secret));
				}
			}
			case "token_refreshed" -> this.replies.complete(TOKEN_REFRESHED, message);
			case "rpc_request" -> this.rpc.request(message);
			case "rpc_response" -> this.rpc.response(message);
			case "snapshot_complete" -> {
				if (this.options.topicSequencing()) {
					this.sequencer.snapshotTaken(snapshotPositions(message.payload().path("positions")));
				}
			}
			default -> {
				return !this.options.topicSequencing() || this.sequencer.accept(message);
			}
		}
		return true;
	}

	private void onServerReady(Envelope message) {
		if (!this.state.serverReadyArrived(message)) {
			return;
		}
		if (!this.options.autoHello()) {
			established();
			return;
		}
		CompletableFuture<Envelope> hello = hello();
		if (!this.options.encryption() && !this.options.signing()) {
			established();
			return;
		}
		// with encryption or signing, nothing is sent before the key exchange completed
		hello.whenComplete((reply, failure) -> {
			if (failure == null && (!this.options.encryption() || this.encryption.isKeyed())
					&& (!this.options.signing() || this.encryption.isSigning())) {
				established();
			}
			else if (this.state.failAttempt(new WseClientException(
					this.options.signing() && !this.encryption.isSigning() ? "The server did not negotiate signing"
							: "The server did not exchange a key",
					ErrorCode.KEY_EXCHANGE_FAILED.name(), null, failure))) {
				close(1000, "Key exchange failed");
			}
		});
	}

	/**
	 * Complete the connection: the initial subscription, the client ping, the ready
	 * future.
	 */
	private void established() {
		SubscribeRequest initial = this.options.subscribeOnConnect();
		if (initial != null) {
			subscribe(initial).whenComplete((ack, failure) -> {
				if (failure != null) {
					this.initialSubscription.completeExceptionally(failure);
				}
				else {
					this.initialSubscription.complete(ack);
				}
			});
		}
		Duration pingInterval = this.options.pingInterval();
		if (pingInterval != null) {
			schedulePing(pingInterval);
		}
		this.state.ready().complete(this);
	}

	private void schedulePing(Duration interval) {
		after(interval).execute(() -> {
			if (!this.state.closed().isDone()) {
				ping();
				schedulePing(interval);
			}
		});
	}

	/**
	 * Read {@code snapshot_complete}'s {@code p.positions}, skipping entries without an
	 * epoch (recovery off).
	 */
	private static Map<String, TopicPosition> snapshotPositions(JsonNode positions) {
		Map<String, TopicPosition> result = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : positions.properties()) {
			JsonNode epoch = entry.getValue().path("epoch");
			JsonNode offset = entry.getValue().path("offset");
			if (epoch.isString() && !epoch.stringValue().isEmpty() && offset.isIntegralNumber()) {
				result.put(entry.getKey(), new TopicPosition(epoch.stringValue(), offset.asLong()));
			}
		}
		return result;
	}

	private @Nullable String detail(String field) {
		JsonNode payload = serverReady().payload();
		JsonNode value = payload.path("details").path(field);
		if (!value.isString()) {
			value = payload.path(field);
		}
		return value.isString() ? value.stringValue() : null;
	}

	private static Executor after(Duration delay) {
		return CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Hands sequencing events to the registered listeners; a failing listener does not
	 * stop the others.
	 */
	private final class RecoveryEvents implements RecoveryListener {

		@Override
		public void gapDetected(String topic, TopicPosition last, long receivedOffset) {
			for (RecoveryListener listener : WseClient.this.recoveryListeners) {
				try {
					listener.gapDetected(topic, last, receivedOffset);
				}
				catch (RuntimeException ex) {
					// The listener's failure is its own.
				}
			}
		}

		@Override
		public void resynced(String topic, @Nullable TopicPosition previous, TopicPosition current) {
			for (RecoveryListener listener : WseClient.this.recoveryListeners) {
				try {
					listener.resynced(topic, previous, current);
				}
				catch (RuntimeException ex) {
					// The listener's failure is its own.
				}
			}
		}

	}

	/**
	 * Connects the JDK listener to this client.
	 */
	private final class SocketEvents implements SocketListener.Sink {

		@Override
		public void opened(WebSocket socket) {
			WseClient.this.socket = socket;
			WseClient.this.sendQueue.attach(socket);
		}

		@Override
		public void text(String text) {
			WseClient.this.inbound.text(text);
		}

		@Override
		public void binary(byte[] bytes) {
			WseClient.this.inbound.binary(bytes);
		}

		@Override
		public void closed(int code, String reason) {
			WseClient.this.state.ended(new CloseStatus(code, reason), null);
		}

		@Override
		public void failed(Throwable failure) {
			WseClient.this.state.ended(CloseStatus.abnormal(failure), failure);
		}

	}

}
