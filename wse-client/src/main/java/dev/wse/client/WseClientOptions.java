package dev.wse.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.codec.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link WseClient} connection. Create with {@link #builder()}.
 */
public final class WseClientOptions {

	/** The name of the cookie that carries the token. */
	public static final String TOKEN_COOKIE = "access_token";

	/** The client version announced in {@code client_hello}. */
	public static final String DEFAULT_CLIENT_VERSION = "wse-java/0.1.0";

	private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final @Nullable String bearerToken;

	private final @Nullable String cookieToken;

	private final @Nullable String authenticationToken;

	private final @Nullable String challengeIdentity;

	private final byte @Nullable [] challengeSecret;

	private final Map<String, String> headers;

	private final Map<String, String> queryParameters;

	private final Duration connectTimeout;

	private final boolean autoHello;

	private final String clientVersion;

	private final int protocolVersion;

	private final Map<String, Object> helloFeatures;

	private final boolean encryption;

	private final boolean signing;

	private final boolean autoPong;

	private final @Nullable Duration pingInterval;

	private final boolean recording;

	private final @Nullable HttpClient httpClient;

	private final @Nullable FrameCodec codec;

	private final List<Consumer<InboundFrame>> frameListeners;

	private final boolean topicSequencing;

	private final @Nullable SubscribeRequest subscribeOnConnect;

	private final List<RecoveryListener> recoveryListeners;

	private final List<Consumer<Envelope>> messageListeners;

	private WseClientOptions(Builder builder) {
		this.bearerToken = builder.bearerToken;
		this.cookieToken = builder.cookieToken;
		this.authenticationToken = builder.authenticationToken;
		this.challengeIdentity = builder.challengeIdentity;
		this.challengeSecret = (builder.challengeSecret != null) ? builder.challengeSecret.clone() : null;
		this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
		this.queryParameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.queryParameters));
		this.connectTimeout = builder.connectTimeout;
		this.autoHello = builder.autoHello;
		this.clientVersion = builder.clientVersion;
		this.protocolVersion = builder.protocolVersion;
		this.helloFeatures = Collections.unmodifiableMap(new LinkedHashMap<>(builder.helloFeatures));
		this.encryption = builder.encryption;
		this.signing = builder.signing;
		this.autoPong = builder.autoPong;
		this.pingInterval = builder.pingInterval;
		this.recording = builder.recording;
		this.httpClient = builder.httpClient;
		this.codec = builder.codec;
		this.frameListeners = List.copyOf(builder.frameListeners);
		this.topicSequencing = builder.topicSequencing;
		this.subscribeOnConnect = builder.subscribeOnConnect;
		this.recoveryListeners = List.copyOf(builder.recoveryListeners);
		this.messageListeners = List.copyOf(builder.messageListeners);
	}

	/**
	 * Return the default options: no token, auto hello, auto PONG, no client ping, 10 s
	 * connect timeout.
	 * @return the defaults
	 */
	public static WseClientOptions defaults() {
		return builder().build();
	}

	/**
	 * Start building options.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder initialised with these options, for example to connect again with
	 * {@link Builder#subscribeOnConnect} set.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.bearerToken = this.bearerToken;
		builder.cookieToken = this.cookieToken;
		builder.authenticationToken = this.authenticationToken;
		builder.challengeIdentity = this.challengeIdentity;
		builder.challengeSecret = this.challengeSecret;
		builder.headers.putAll(this.headers);
		builder.queryParameters.putAll(this.queryParameters);
		builder.connectTimeout = this.connectTimeout;
		builder.autoHello = this.autoHello;
		builder.clientVersion = this.clientVersion;
		builder.protocolVersion = this.protocolVersion;
		builder.helloFeatures.clear();
		builder.helloFeatures.putAll(this.helloFeatures);
		builder.encryption = this.encryption;
		builder.signing = this.signing;
		builder.autoPong = this.autoPong;
		builder.pingInterval = this.pingInterval;
		builder.recording = this.recording;
		builder.httpClient = this.httpClient;
		builder.codec = this.codec;
		builder.frameListeners.addAll(this.frameListeners);
		builder.topicSequencing = this.topicSequencing;
		builder.subscribeOnConnect = this.subscribeOnConnect;
		builder.recoveryListeners.addAll(this.recoveryListeners);
		builder.messageListeners.addAll(this.messageListeners);
		return builder;
	}

	/**
	 * Return the token sent as {@code Authorization: Bearer}.
	 * @return the token, or {@code null}
	 */
	public @Nullable String bearerToken() {
		return this.bearerToken;
	}

	/**
	 * Return the token sent as the {@value #TOKEN_COOKIE} cookie.
	 * @return the token, or {@code null}
	 */
	public @Nullable String cookieToken() {
		return this.cookieToken;
	}

	/**
	 * Return the token sent in {@code authenticate} when the server asks for post-connect
	 * authentication ({@code auth_required}).
	 * @return the token, or {@code null} for none
	 */
	public @Nullable String authenticationToken() {
		return this.authenticationToken;
	}

	/**
	 * Return the identity that answers a {@code challenge}.
	 * @return the identity, or {@code null} for none
	 */
	public @Nullable String challengeIdentity() {
		return this.challengeIdentity;
	}

	/**
	 * Return the secret that answers a {@code challenge}.
	 * @return a copy of the secret, or {@code null} for none
	 */
	public byte @Nullable [] challengeSecret() {
		return (this.challengeSecret != null) ? this.challengeSecret.clone() : null;
	}

	/**
	 * Return the extra handshake headers.
	 * @return the headers, in insertion order
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Return the query parameters appended to the URI (for example
	 * {@code format=msgpack}).
	 * @return the parameters, in insertion order
	 */
	public Map<String, String> queryParameters() {
		return this.queryParameters;
	}

	/**
	 * Return how long the handshake plus the wait for {@code server_ready} may take.
	 * @return the timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Return whether a {@code client_hello} is sent right after {@code server_ready}.
	 * @return whether the hello is automatic
	 */
	public boolean autoHello() {
		return this.autoHello;
	}

	/**
	 * Return the client version announced in {@code client_hello}.
	 * @return the client version
	 */
	public String clientVersion() {
		return this.clientVersion;
	}

	/**
	 * Return the protocol version announced in {@code client_hello}.
	 * @return the protocol version
	 */
	public int protocolVersion() {
		return this.protocolVersion;
	}

	/**
	 * Return the features announced in {@code client_hello}.
	 * @return the features
	 */
	public Map<String, Object> helloFeatures() {
		return this.helloFeatures;
	}

	/**
	 * Return whether the connection is encrypted: each {@code client_hello} carries a
	 * fresh ECDH key, and once the server answered with its key every message but
	 * {@code client_hello} travels in {@code E:} frames.
	 * @return whether encryption is on
	 */
	public boolean encryption() {
		return this.encryption;
	}

	/**
	 * Return whether messages are signed: each {@code client_hello} carries a fresh ECDH
	 * key and {@code features.signing: true}; once the server answered with the signed
	 * types, the client signs its messages of those types and verifies the server's.
	 * @return whether signing is on
	 */
	public boolean signing() {
		return this.signing;
	}

	/**
	 * Return whether server {@code ping} messages are answered with {@code PONG}.
	 * @return whether pongs are automatic
	 */
	public boolean autoPong() {
		return this.autoPong;
	}

	/**
	 * Return the interval of client {@code ping} messages.
	 * @return the interval, or {@code null} when the client does not ping by itself
	 */
	public @Nullable Duration pingInterval() {
		return this.pingInterval;
	}

	/**
	 * Return whether received frames are kept in the client's {@link MessageRecorder}.
	 * @return whether frames are recorded
	 */
	public boolean recording() {
		return this.recording;
	}

	/**
	 * Return the HTTP client to open the WebSocket with.
	 * @return the HTTP client, or {@code null} to create one per connection
	 */
	public @Nullable HttpClient httpClient() {
		return this.httpClient;
	}

	/**
	 * Return the codec for frames.
	 * @return the codec, or {@code null} for {@link FrameCodec#withDefaults()}
	 */
	public @Nullable FrameCodec codec() {
		return this.codec;
	}

	/**
	 * Return the frame listeners registered before connecting; they see every frame,
	 * including {@code server_ready} and a refusal.
	 * @return the listeners
	 */
	public List<Consumer<InboundFrame>> frameListeners() {
		return this.frameListeners;
	}

	/**
	 * Return the message listeners registered before connecting; they see every message
	 * {@link WseClient#onMessage} listeners see, from {@code server_ready} on.
	 * @return the listeners
	 */
	public List<Consumer<Envelope>> messageListeners() {
		return this.messageListeners;
	}

	/**
	 * Return whether stamped topic publications are sequenced: delivered to message
	 * listeners once and in order per topic, with gaps recovered and positions kept (see
	 * {@link WseClient}).
	 * @return whether sequencing is on
	 */
	public boolean topicSequencing() {
		return this.topicSequencing;
	}

	/**
	 * Return the subscribe request sent right after {@code server_ready}.
	 * @return the request, or {@code null} for none
	 */
	public @Nullable SubscribeRequest subscribeOnConnect() {
		return this.subscribeOnConnect;
	}

	/**
	 * Return the recovery listeners registered before connecting.
	 * @return the listeners
	 */
	public List<RecoveryListener> recoveryListeners() {
		return this.recoveryListeners;
	}

	/**
	 * Builder for {@link WseClientOptions}.
	 */
	public static final class Builder {

		private @Nullable String bearerToken;

		private @Nullable String cookieToken;

		private @Nullable String authenticationToken;

		private @Nullable String challengeIdentity;

		private byte @Nullable [] challengeSecret;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private final Map<String, String> queryParameters = new LinkedHashMap<>();

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private boolean autoHello = true;

		private String clientVersion = DEFAULT_CLIENT_VERSION;

		private int protocolVersion = 1;

		private final Map<String, Object> helloFeatures = new LinkedHashMap<>();

		private boolean encryption;

		private boolean signing;

		private boolean autoPong = true;

		private @Nullable Duration pingInterval;

		private boolean recording = true;

		private @Nullable HttpClient httpClient;

		private @Nullable FrameCodec codec;

		private final List<Consumer<InboundFrame>> frameListeners = new ArrayList<>();

		private boolean topicSequencing = true;

		private @Nullable SubscribeRequest subscribeOnConnect;

		private final List<RecoveryListener> recoveryListeners = new ArrayList<>();

		private final List<Consumer<Envelope>> messageListeners = new ArrayList<>();

		private Builder() {
			this.helloFeatures.put("compression", true);
			this.helloFeatures.put("encryption", false);
		}

		/**
		 * Send the token as {@code Authorization: Bearer <token>}.
		 * @param token the token, or {@code null} for none
		 * @return this builder
		 */
		public Builder bearerToken(@Nullable String token) {
			this.bearerToken = token;
			return this;
		}

		/**
		 * Send the token as the cookie {@code access_token=<token>}.
		 * @param token the token, or {@code null} for none
		 * @return this builder
		 */
		public Builder cookieToken(@Nullable String token) {
			this.cookieToken = token;
			return this;
		}

		/**
		 * Authenticate after connecting: when the server sends {@code auth_required}
		 * (post-connect mode), answer with {@code authenticate {"token": token}}; the
		 * connection is ready once {@code server_ready} follows.
		 * @param token the token, or {@code null} for none
		 * @return this builder
		 */
		public Builder authenticationToken(@Nullable String token) {
			this.authenticationToken = token;
			return this;
		}

		/**
		 * Answer the server's {@code challenge} (challenge-response mode) with
		 * {@code challenge_response}: the identity and
		 * {@code HMAC-SHA256(secret, nonce + "\n" + ts + "\n" + identity)} in lowercase
		 * hex.
		 * @param identity the identity
		 * @param secret the identity's shared secret
		 * @return this builder
		 */
		public Builder challengeCredentials(String identity, byte[] secret) {
			this.challengeIdentity = Objects.requireNonNull(identity, "identity");
			this.challengeSecret = Objects.requireNonNull(secret, "secret").clone();
			return this;
		}

		/**
		 * Add a handshake header. {@code Cookie} is merged with the token cookie.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Add a query parameter, for example {@code format=msgpack}.
		 * @param name the parameter name
		 * @param value the parameter value
		 * @return this builder
		 */
		public Builder queryParameter(String name, String value) {
			this.queryParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Set how long the handshake plus the wait for {@code server_ready} may take.
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
			return this;
		}

		/**
		 * Set whether to send {@code client_hello} right after {@code server_ready}.
		 * @param autoHello whether the hello is automatic (default {@code true})
		 * @return this builder
		 */
		public Builder autoHello(boolean autoHello) {
			this.autoHello = autoHello;
			return this;
		}

		/**
		 * Set the client version announced in {@code client_hello}.
		 * @param clientVersion the version (default
		 * {@value WseClientOptions#DEFAULT_CLIENT_VERSION})
		 * @return this builder
		 */
		public Builder clientVersion(String clientVersion) {
			this.clientVersion = Objects.requireNonNull(clientVersion, "clientVersion");
			return this;
		}

		/**
		 * Set the protocol version announced in {@code client_hello}.
		 * @param protocolVersion the version (default 1)
		 * @return this builder
		 */
		public Builder protocolVersion(int protocolVersion) {
			this.protocolVersion = protocolVersion;
			return this;
		}

		/**
		 * Announce a feature in {@code client_hello}.
		 * @param name the feature name
		 * @param value the feature value
		 * @return this builder
		 */
		public Builder helloFeature(String name, Object value) {
			this.helloFeatures.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Encrypt the connection: every {@code client_hello} carries a fresh ECDH P-256
		 * key ({@code features.encryption: true}); once the server answers with its key,
		 * every message but {@code client_hello} is sent in an {@code E:} frame and
		 * inbound {@code E:} frames are decrypted. With the automatic hello, the
		 * connection completes only after the key exchange, and fails with
		 * {@code KEY_EXCHANGE_FAILED} when the server does not key. The client answers
		 * the server's {@code rekey_request} by rekeying ({@link WseClient#rekey()}).
		 * @param encryption whether to encrypt (default {@code false})
		 * @return this builder
		 */
		public Builder encryption(boolean encryption) {
			this.encryption = encryption;
			return this;
		}

		/**
		 * Sign messages (HMAC-SHA256, key derived from the hello's ECDH exchange; with or
		 * without encryption): every {@code client_hello} carries a fresh ECDH P-256 key
		 * and {@code features.signing: true}; once the server answers with the signed
		 * types, outbound messages of those types carry {@code sig} and inbound ones must
		 * carry a valid one, else they are dropped and reported to
		 * {@link WseClient#onSignatureFailure}. With the automatic hello, the connection
		 * completes only after signing was negotiated, and fails with
		 * {@code KEY_EXCHANGE_FAILED} when the server does not negotiate it.
		 * @param signing whether to sign (default {@code false})
		 * @return this builder
		 */
		public Builder signing(boolean signing) {
			this.signing = signing;
			return this;
		}

		/**
		 * Set whether to answer server {@code ping} messages with {@code PONG}.
		 * @param autoPong whether pongs are automatic (default {@code true})
		 * @return this builder
		 */
		public Builder autoPong(boolean autoPong) {
			this.autoPong = autoPong;
			return this;
		}

		/**
		 * Send a client {@code ping} at this interval once connected.
		 * @param pingInterval the interval, or {@code null} for none (the default)
		 * @return this builder
		 */
		public Builder pingInterval(@Nullable Duration pingInterval) {
			this.pingInterval = pingInterval;
			return this;
		}

		/**
		 * Set whether received frames are kept in the client's {@link MessageRecorder}.
		 * @param recording whether frames are recorded (default {@code true})
		 * @return this builder
		 */
		public Builder recording(boolean recording) {
			this.recording = recording;
			return this;
		}

		/**
		 * Use this HTTP client to open the WebSocket (to share threads between many
		 * clients).
		 * @param httpClient the HTTP client, or {@code null} to create one per connection
		 * @return this builder
		 */
		public Builder httpClient(@Nullable HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Use this codec for frames.
		 * @param codec the codec, or {@code null} for {@link FrameCodec#withDefaults()}
		 * @return this builder
		 */
		public Builder codec(@Nullable FrameCodec codec) {
			this.codec = codec;
			return this;
		}

		/**
		 * Register a listener for every inbound frame from the first one on (including
		 * {@code server_ready}, or the {@code error} of a refused connection).
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder frameListener(Consumer<InboundFrame> listener) {
			this.frameListeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Set whether stamped topic publications are sequenced: delivered to message
		 * listeners once and in order per topic, gaps recovered by a recovering
		 * subscribe, positions kept. Off, every message is delivered as it arrives (for
		 * example to observe a server's raw output).
		 * @param topicSequencing whether sequencing is on (default {@code true})
		 * @return this builder
		 */
		public Builder topicSequencing(boolean topicSequencing) {
			this.topicSequencing = topicSequencing;
			return this;
		}

		/**
		 * Send this subscribe request right after {@code server_ready} (after the
		 * {@code client_hello}), for example {@link WseClient#resumeRequest()} of the
		 * previous connection to resume where it stopped. Its acknowledgement is
		 * {@link WseClient#initialSubscription()}.
		 * @param request the request, or {@code null} for none (the default)
		 * @return this builder
		 */
		public Builder subscribeOnConnect(@Nullable SubscribeRequest request) {
			this.subscribeOnConnect = request;
			return this;
		}

		/**
		 * Resume from known positions on connect: shorthand for
		 * {@code subscribeOnConnect(SubscribeRequest.resume(positions))}, or for no
		 * request when there are none.
		 * @param positions the position to resume from per topic, for example
		 * {@link WseClient#positions()} of the previous connection
		 * @return this builder
		 */
		public Builder resumeFrom(Map<String, TopicPosition> positions) {
			this.subscribeOnConnect = positions.isEmpty() ? null : SubscribeRequest.resume(positions);
			return this;
		}

		/**
		 * Register a listener for every message from the first one on, as
		 * {@link WseClient#onMessage} does once connected; use it when messages may
		 * arrive before {@code connect} completes, as the replay of
		 * {@link #subscribeOnConnect} does.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder messageListener(Consumer<Envelope> listener) {
			this.messageListeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Register a listener for gaps and resyncs from the first message on (including
		 * the acknowledgement of {@link #subscribeOnConnect}).
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder recoveryListener(RecoveryListener listener) {
			this.recoveryListeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public WseClientOptions build() {
			return new WseClientOptions(this);
		}

	}

}
