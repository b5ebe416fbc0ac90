package dev.wse.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.wse.client.internal.ClientMessages;
import dev.wse.client.internal.PendingReplies;
import dev.wse.client.internal.SendQueue;
import dev.wse.client.internal.SocketListener;
import dev.wse.client.internal.UpgradeRequest;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A connection to a WSE v2 server. {@link #connect(URI, WseClientOptions)} opens it and
 * completes once the server's {@code server_ready} arrived; the client then sends
 * {@code client_hello} (unless disabled), answers server {@code ping}s with {@code PONG},
 * and hands every inbound message to its listeners and its {@link #messages() recorder}.
 * <p>
 * All methods are thread-safe. Listeners run on the socket's reader thread, one message
 * at a time, in arrival order.
 */
public final class WseClient implements AutoCloseable {

	private static final String HELLO = "server_hello";

	private static final String PONG = "PONG";

	private static final String ACK = "subscription_update:";

	private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

	private final WseClientOptions options;

	private final ClientMessages messages;

	private final PendingReplies replies = new PendingReplies();

	private final SendQueue sendQueue = new SendQueue();

	private final SocketListener listener;

	private final InboundDispatcher inbound;

	private final ConnectionState state = new ConnectionState(this.replies);

	private volatile @Nullable WebSocket socket;

	private WseClient(WseClientOptions options, FrameCodec codec, WireFormat format) {
		this.options = options;
		this.messages = new ClientMessages(codec.jsonMapper(), System::currentTimeMillis);
		this.inbound = new InboundDispatcher(codec, format, new MessageRecorder(options.recording()), this::react);
		this.listener = new SocketListener(new SocketEvents());
		options.frameListeners().forEach(this.inbound::addFrameListener);
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
	 * Send a {@code client_hello} built from the options.
	 * @return a future completing with the {@code server_hello} that answers it
	 */
	public CompletableFuture<Envelope> hello() {
		return request(HELLO, this.messages.clientHello(this.options.clientVersion(), this.options.protocolVersion(),
				this.options.helloFeatures()));
	}

	/**
	 * Subscribe to topics or glob patterns (for example {@code prices.*}).
	 * @param topics the topics
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> subscribe(String... topics) {
		return subscription("subscribe", Arrays.asList(topics));
	}

	/**
	 * Subscribe to topics or glob patterns.
	 * @param topics the topics
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> subscribe(Collection<String> topics) {
		return subscription("subscribe", topics);
	}

	/**
	 * Unsubscribe from topics or glob patterns.
	 * @param topics the topics
	 * @return a future completing with the server's acknowledgement
	 */
	public CompletableFuture<SubscriptionAck> unsubscribe(String... topics) {
		return subscription("unsubscribe", Arrays.asList(topics));
	}

	private CompletableFuture<SubscriptionAck> subscription(String action, Collection<String> topics) {
		return request(ACK + action, this.messages.subscription(action, List.copyOf(topics)))
			.thenApply(SubscriptionAck::from);
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
	 * Send a message as a JSON text frame, exactly as given.
	 * @param envelope the message
	 * @return a future completing when the frame was handed to the socket
	 */
	public CompletableFuture<Void> send(Envelope envelope) {
		return this.sendQueue.text(this.inbound.codec().encodeText(envelope));
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
	 * Send a client {@code ping} ({@code p.timestamp} = now in milliseconds).
	 * @return a future completing with the server's {@code PONG}
	 */
	public CompletableFuture<Envelope> ping() {
		return request(PONG, this.messages.ping());
	}

	/**
	 * Register a listener for every decoded inbound message, text or binary.
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
		CompletableFuture<Envelope> reply = this.replies.expect(replyKey);
		send(message).whenComplete((sent, failure) -> {
			if (failure != null) {
				this.replies.remove(replyKey, reply);
				reply.completeExceptionally(failure);
			}
		});
		return reply;
	}

	private void react(Envelope message) {
		switch (message.type()) {
			case "server_ready" -> onServerReady(message);
			case "server_hello" -> {
				this.replies.complete(HELLO, message);
				this.state.firstServerHello().complete(message);
			}
			case "ping", "PING" -> {
				if (this.options.autoPong()) {
					send(this.messages.pong(message));
				}
			}
			case "PONG", "pong" -> this.replies.complete(PONG, message);
			case "subscription_update" ->
				this.replies.complete(ACK + message.payload().path("action").asString(""), message);
			case "error" -> this.state.errorArrived(message);
			default -> {
			}
		}
	}

	private void onServerReady(Envelope message) {
		if (!this.state.serverReadyArrived(message)) {
			return;
		}
		if (this.options.autoHello()) {
			hello();
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
