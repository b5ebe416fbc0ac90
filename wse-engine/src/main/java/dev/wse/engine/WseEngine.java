package dev.wse.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.internal.EngineCore;
import dev.wse.engine.presence.PresenceMember;
import dev.wse.engine.presence.PresenceStats;
import dev.wse.engine.security.Authenticator;
import dev.wse.engine.security.ChallengeSecretProvider;
import dev.wse.engine.security.RpcAuthorizer;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.TransportSession;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WSE server engine: connections, subscriptions, fan-out, handlers. Framework-free; a
 * transport hands it connections with {@link #open(TransportSession, HandshakeRequest)}.
 * <p>
 * Lifecycle: {@link #start()} accepts connections; {@link #stop()} refuses new ones,
 * closes the open ones with 1001 after their outboxes drain, and waits up to the shutdown
 * timeout.
 */
public final class WseEngine {

	private final WseEngineConfig config;

	private final HandlerRegistry handlers;

	private final EngineStats stats = new EngineStats();

	private final EngineCore core;

	private final JsonMapper jsonMapper;

	private WseEngine(Builder builder) {
		this.config = builder.config;
		this.handlers = builder.handlers;
		this.jsonMapper = (builder.jsonMapper != null) ? builder.jsonMapper : JsonMapper.builder().build();
		this.core = new EngineCore(this.config, builder.authenticator, builder.topicAuthorizer, this.handlers,
				this.jsonMapper, this.stats, builder.rpcAuthorizer);
		if (this.config.authMode() == WseEngineConfig.AuthMode.CHALLENGE && builder.challengeSecretProvider == null) {
			throw new IllegalStateException("Auth mode CHALLENGE needs a ChallengeSecretProvider");
		}
		this.core.challengeSecrets(builder.challengeSecretProvider);
	}

	/**
	 * Start a builder.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start accepting connections. Idempotent.
	 */
	public void start() {
		this.core.start();
	}

	/**
	 * Stop with the configured shutdown timeout.
	 */
	public void stop() {
		stop(this.config.shutdownTimeout());
	}

	/**
	 * Stop: refuse new connections, close every open one with 1001 once its outbox is
	 * written, wait up to the timeout, then close what is left. Idempotent.
	 * @param timeout the longest time to wait for connections to drain
	 */
	public void stop(Duration timeout) {
		this.core.stop(timeout);
	}

	/**
	 * Return the lifecycle state.
	 * @return the state
	 */
	public EngineState state() {
		return this.core.state();
	}

	/**
	 * Accept a new WebSocket connection from a transport: authenticate it, then send
	 * {@code server_ready} (or the auth error and close 4401).
	 * @param session the transport session
	 * @param request the upgrade request
	 * @return the handler the transport calls with the connection's inbound events
	 */
	public InboundHandler open(TransportSession session, HandshakeRequest request) {
		return this.core.open(session, request);
	}

	/**
	 * Publish a message to a topic's subscribers (exact and matching patterns).
	 * @param topic the topic
	 * @param type the message type
	 * @param payload the payload, converted with the engine's JSON mapper
	 * @return the number of connections it was queued for
	 */
	public int publish(String topic, String type, @Nullable Object payload) {
		return this.core.publish(topic, this.core.envelope(type, payload));
	}

	/**
	 * Publish a prepared message to a topic's subscribers.
	 * @param topic the topic
	 * @param envelope the message ({@code id} and {@code ts} are added when missing)
	 * @return the number of connections it was queued for
	 */
	public int publish(String topic, Envelope envelope) {
		return this.core.publish(topic, envelope);
	}

	/**
	 * Publish a message to a topic's subscribers except some connections (for example the
	 * sender of a chat message).
	 * @param topic the topic
	 * @param type the message type
	 * @param payload the payload
	 * @param excludedConnectionIds connections that do not receive it
	 * @return the number of connections it was queued for
	 */
	public int publish(String topic, String type, @Nullable Object payload, Set<String> excludedConnectionIds) {
		return this.core.publish(topic, this.core.envelope(type, payload), excludedConnectionIds);
	}

	/**
	 * Send a message to every open connection except some.
	 * @param type the message type
	 * @param payload the payload
	 * @param excludedConnectionIds connections that do not receive it
	 * @return the number of connections it was queued for
	 */
	public int broadcast(String type, @Nullable Object payload, Set<String> excludedConnectionIds) {
		return this.core.broadcast(type, payload, excludedConnectionIds);
	}

	/**
	 * Return the users present in a topic, with their data and connection counts.
	 * @param topic the topic
	 * @return the members by user id (a snapshot)
	 */
	public Map<String, PresenceMember> presence(String topic) {
		return this.core.presence(topic);
	}

	/**
	 * Return how many users and connections are present in a topic, in constant time.
	 * @param topic the topic
	 * @return the stats
	 */
	public PresenceStats presenceStats(String topic) {
		return this.core.presenceStats(topic);
	}

	/**
	 * Return the number of topics in which someone is present.
	 * @return the count
	 */
	public int presenceTopicCount() {
		return this.core.presenceRegistry().topicCount();
	}

	/**
	 * Return the number of (topic, user) presence memberships across all topics.
	 * @return the count
	 */
	public int presenceMemberCount() {
		return this.core.presenceRegistry().memberCount();
	}

	/**
	 * Return the open connections of a user (all their devices), oldest first.
	 * @param userId the user id
	 * @return the connections
	 */
	public List<WseConnection> connectionsOf(String userId) {
		return this.core.connectionsOf(userId);
	}

	/**
	 * Send a message to every open connection.
	 * @param type the message type
	 * @param payload the payload
	 * @return the number of connections it was queued for
	 */
	public int broadcast(String type, @Nullable Object payload) {
		return this.core.broadcast(type, payload);
	}

	/**
	 * Send a message to every connection of a user.
	 * @param userId the user id
	 * @param type the message type
	 * @param payload the payload
	 * @return the number of connections it was queued for
	 */
	public int sendToUser(String userId, String type, @Nullable Object payload) {
		return this.core.sendToUser(userId, type, payload);
	}

	/**
	 * Send a message to one connection.
	 * @param connectionId the connection id
	 * @param type the message type
	 * @param payload the payload
	 * @return {@code true} if it was queued
	 */
	public boolean sendToConnection(String connectionId, String type, @Nullable Object payload) {
		return this.core.sendToConnection(connectionId, type, payload);
	}

	/**
	 * Send a prepared message to every connection of a user. A message {@code id} already
	 * delivered to a connection within the dedup window is not delivered again.
	 * @param userId the user id
	 * @param envelope the message
	 * @return the number of connections it was queued for
	 */
	public int sendToUser(String userId, Envelope envelope) {
		return this.core.sendToUser(userId, envelope);
	}

	/**
	 * Send a prepared message to one connection. A message {@code id} already delivered
	 * to the connection within the dedup window is not delivered again.
	 * @param connectionId the connection id
	 * @param envelope the message
	 * @return {@code true} if it was queued
	 */
	public boolean sendToConnection(String connectionId, Envelope envelope) {
		return this.core.sendToConnection(connectionId, envelope);
	}

	/**
	 * Subscribe a connection to a topic or pattern on the server's behalf (no
	 * authorization).
	 * @param connectionId the connection id
	 * @param topic the topic or pattern
	 * @return {@code true} if the connection exists
	 */
	public boolean subscribe(String connectionId, String topic) {
		return this.core.subscribe(connectionId, topic);
	}

	/**
	 * Remove a subscription of a connection.
	 * @param connectionId the connection id
	 * @param topic the topic or pattern
	 * @return {@code true} if it was subscribed
	 */
	public boolean unsubscribe(String connectionId, String topic) {
		return this.core.unsubscribe(connectionId, topic);
	}

	/**
	 * Call an RPC method that a connection's client registered: sends an
	 * {@code rpc_request} with a new correlation id and waits for the client's
	 * {@code rpc_response}. The future completes on a handler thread.
	 * @param connectionId the connection id
	 * @param method the method name
	 * @param args the arguments (converted with the engine's JSON mapper; {@code null}
	 * sends an empty object)
	 * @param timeout how long to wait for the result
	 * @return the result ({@code p.result}); completes exceptionally with a
	 * {@link dev.wse.engine.handler.WseException} whose code is {@code RPC_TIMEOUT} (no
	 * response in time, or the message {@code Connection closed} when the connection
	 * closes first), {@code RPC_NOT_FOUND} (no such connection), {@code OVERLOADED} (the
	 * connection already has {@link WseEngineConfig#maxRpcInFlight()} calls waiting) or
	 * the error code and message the client answered with
	 * @throws IllegalArgumentException if the method is blank or the timeout not positive
	 */
	public java.util.concurrent.CompletableFuture<tools.jackson.databind.JsonNode> call(String connectionId,
			String method, @Nullable Object args, Duration timeout) {
		return this.core.call(connectionId, method, args, timeout);
	}

	/**
	 * Find an open connection.
	 * @param connectionId the id
	 * @return the connection, or {@code null}
	 */
	public @Nullable WseConnection connection(String connectionId) {
		return this.core.connection(connectionId);
	}

	/**
	 * Return the open connections (a snapshot).
	 * @return the connections
	 */
	public Collection<WseConnection> connections() {
		return this.core.connections();
	}

	/**
	 * Return the number of open connections.
	 * @return the count
	 */
	public int connectionCount() {
		return this.core.connectionCount();
	}

	/**
	 * Return the number of connections that have not authenticated yet (post-connect auth
	 * modes); they are not counted as open connections but hold a slot of the maximum
	 * until they authenticate or are closed.
	 * @return the count
	 */
	public int unauthenticatedCount() {
		return this.core.unauthenticatedCount();
	}

	/**
	 * Return the number of topics and patterns with at least one subscriber.
	 * @return the count
	 */
	public int topicCount() {
		return this.core.topicCount();
	}

	/**
	 * Return the number of users (authenticated user ids) holding open connections.
	 * @return the count
	 */
	public int userCount() {
		return this.core.userCount();
	}

	/**
	 * Return the number of remote addresses holding connections counted by the
	 * connections-per-address limit (always 0 when that limit is off).
	 * @return the count
	 */
	public int addressCount() {
		return this.core.addressCount();
	}

	/**
	 * Return the handler registry.
	 * @return the registry
	 */
	public HandlerRegistry handlers() {
		return this.handlers;
	}

	/**
	 * Return the JSON mapper that converts payloads, RPC arguments and results.
	 * @return the mapper
	 */
	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Return the live counters.
	 * @return the stats
	 */
	public EngineStats stats() {
		return this.stats;
	}

	/**
	 * Return the configuration.
	 * @return the configuration
	 */
	public WseEngineConfig config() {
		return this.config;
	}

	/**
	 * Builder for {@link WseEngine}.
	 */
	public static final class Builder {

		private WseEngineConfig config = WseEngineConfig.defaults();

		private Authenticator authenticator = Authenticator.ANONYMOUS;

		private TopicAuthorizer topicAuthorizer = TopicAuthorizer.ALLOW_ALL;

		private RpcAuthorizer rpcAuthorizer = RpcAuthorizer.ALLOW_ALL;

		private @Nullable ChallengeSecretProvider challengeSecretProvider;

		private HandlerRegistry handlers = new HandlerRegistry();

		private @Nullable JsonMapper jsonMapper;

		private Builder() {
		}

		/**
		 * Set the configuration.
		 * @param config the configuration
		 * @return this builder
		 */
		public Builder config(WseEngineConfig config) {
			this.config = Objects.requireNonNull(config, "config");
			return this;
		}

		/**
		 * Set the authenticator (default: every connection anonymous).
		 * @param authenticator the authenticator
		 * @return this builder
		 */
		public Builder authenticator(Authenticator authenticator) {
			this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
			return this;
		}

		/**
		 * Set the provider of per-identity secrets for challenge-response authentication
		 * (required in the {@code CHALLENGE} auth mode, unused otherwise).
		 * @param challengeSecretProvider the provider
		 * @return this builder
		 */
		public Builder challengeSecretProvider(ChallengeSecretProvider challengeSecretProvider) {
			this.challengeSecretProvider = Objects.requireNonNull(challengeSecretProvider, "challengeSecretProvider");
			return this;
		}

		/**
		 * Set the topic authorizer (default: allow all).
		 * @param topicAuthorizer the authorizer
		 * @return this builder
		 */
		public Builder topicAuthorizer(TopicAuthorizer topicAuthorizer) {
			this.topicAuthorizer = Objects.requireNonNull(topicAuthorizer, "topicAuthorizer");
			return this;
		}

		/**
		 * Set the RPC authorizer, asked before each client call (default: allow all).
		 * @param rpcAuthorizer the authorizer
		 * @return this builder
		 */
		public Builder rpcAuthorizer(RpcAuthorizer rpcAuthorizer) {
			this.rpcAuthorizer = Objects.requireNonNull(rpcAuthorizer, "rpcAuthorizer");
			return this;
		}

		/**
		 * Set the handler registry (default: an empty one).
		 * @param handlers the registry
		 * @return this builder
		 */
		public Builder handlers(HandlerRegistry handlers) {
			this.handlers = Objects.requireNonNull(handlers, "handlers");
			return this;
		}

		/**
		 * Set the JSON mapper for payloads (default: a plain Jackson 3 mapper).
		 * @param jsonMapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		/**
		 * Build the engine (not started).
		 * @return the engine
		 */
		public WseEngine build() {
			return new WseEngine(this);
		}

	}

}
