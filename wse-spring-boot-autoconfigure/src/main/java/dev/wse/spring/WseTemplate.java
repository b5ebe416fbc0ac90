package dev.wse.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.wse.engine.WseEngine;
import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.presence.PresenceMember;
import dev.wse.engine.presence.PresenceStats;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * Sends WSE messages from anywhere in an application: to a topic's subscribers, to every
 * connection (both optionally leaving some connections out), to every connection of a
 * user, or to one connection; calls RPC methods that a connection's client registered;
 * and tells who is present in a topic and which connections a user holds. Payloads are
 * converted with the engine's JSON mapper (Boot's {@code JsonMapper} when
 * auto-configured).
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseTemplate {

	private final WseEngine engine;

	/**
	 * Create a template for an engine.
	 * @param engine the engine
	 */
	public WseTemplate(WseEngine engine) {
		Assert.notNull(engine, "'engine' must not be null");
		this.engine = engine;
	}

	/**
	 * Publish a message to the subscribers of a topic (exact subscriptions and matching
	 * patterns).
	 * @param topic the topic
	 * @param type the message type
	 * @param payload the payload
	 * @return the number of connections the message was queued for
	 */
	public int publish(String topic, String type, @Nullable Object payload) {
		return this.engine.publish(topic, type, payload);
	}

	/**
	 * Publish a message to the subscribers of a topic except some connections, for
	 * example the sender of a chat message.
	 * @param topic the topic
	 * @param type the message type
	 * @param payload the payload
	 * @param excludedConnectionIds the connections that do not receive the message
	 * @return the number of connections the message was queued for
	 */
	public int publish(String topic, String type, @Nullable Object payload, Set<String> excludedConnectionIds) {
		Assert.notNull(excludedConnectionIds, "'excludedConnectionIds' must not be null");
		return this.engine.publish(topic, type, payload, excludedConnectionIds);
	}

	/**
	 * Send a message to every open connection.
	 * @param type the message type
	 * @param payload the payload
	 * @return the number of connections the message was queued for
	 */
	public int broadcast(String type, @Nullable Object payload) {
		return this.engine.broadcast(type, payload);
	}

	/**
	 * Send a message to every open connection except some.
	 * @param type the message type
	 * @param payload the payload
	 * @param excludedConnectionIds the connections that do not receive the message
	 * @return the number of connections the message was queued for
	 */
	public int broadcast(String type, @Nullable Object payload, Set<String> excludedConnectionIds) {
		Assert.notNull(excludedConnectionIds, "'excludedConnectionIds' must not be null");
		return this.engine.broadcast(type, payload, excludedConnectionIds);
	}

	/**
	 * Send a message to every connection of a user.
	 * @param userId the user id (the token's {@code sub})
	 * @param type the message type
	 * @param payload the payload
	 * @return the number of connections the message was queued for
	 */
	public int sendToUser(String userId, String type, @Nullable Object payload) {
		return this.engine.sendToUser(userId, type, payload);
	}

	/**
	 * Send a message to one connection.
	 * @param connectionId the connection id
	 * @param type the message type
	 * @param payload the payload
	 * @return {@code true} if the message was queued
	 */
	public boolean sendToConnection(String connectionId, String type, @Nullable Object payload) {
		return this.engine.sendToConnection(connectionId, type, payload);
	}

	/**
	 * Return the users present in a topic, with their presence data and the number of
	 * their connections there.
	 * @param topic the topic
	 * @return the members by user id (a snapshot)
	 */
	public Map<String, PresenceMember> presence(String topic) {
		return this.engine.presence(topic);
	}

	/**
	 * Return how many users and connections are present in a topic, in constant time.
	 * @param topic the topic
	 * @return the stats
	 */
	public PresenceStats presenceStats(String topic) {
		return this.engine.presenceStats(topic);
	}

	/**
	 * Return the open connections of a user (all their devices), oldest first.
	 * @param userId the user id (the token's {@code sub})
	 * @return the connections (a snapshot)
	 */
	public List<WseConnection> connectionsOf(String userId) {
		return this.engine.connectionsOf(userId);
	}

	/**
	 * Call an RPC method of a connection's client, waiting up to the configured RPC
	 * timeout ({@code wse.rpc.timeout}).
	 * @param connectionId the connection id
	 * @param method the method name
	 * @param args the arguments ({@code null} sends an empty object)
	 * @return the result; see {@link #call(String, String, Object, Duration)}
	 */
	public CompletableFuture<JsonNode> call(String connectionId, String method, @Nullable Object args) {
		return call(connectionId, method, args, this.engine.config().rpcTimeout());
	}

	/**
	 * Call an RPC method of a connection's client.
	 * @param connectionId the connection id
	 * @param method the method name
	 * @param args the arguments ({@code null} sends an empty object)
	 * @param timeout how long to wait for the result
	 * @return the result; completes on a handler thread, exceptionally with a
	 * {@link dev.wse.engine.handler.WseException} whose code is {@code RPC_TIMEOUT} (no
	 * response in time, or {@code Connection closed}), {@code RPC_NOT_FOUND} (no such
	 * connection), {@code OVERLOADED} (too many calls waiting for the connection) or the
	 * code the client answered with
	 */
	public CompletableFuture<JsonNode> call(String connectionId, String method, @Nullable Object args,
			Duration timeout) {
		return this.engine.call(connectionId, method, args, timeout);
	}

	/**
	 * Call an RPC method of a connection's client and convert its result.
	 * @param <T> the result type
	 * @param connectionId the connection id
	 * @param method the method name
	 * @param args the arguments ({@code null} sends an empty object)
	 * @param resultType the type the result is converted to with the engine's JSON mapper
	 * @param timeout how long to wait for the result
	 * @return the converted result; fails as
	 * {@link #call(String, String, Object, Duration)} does, or with the mapper's
	 * exception when the result does not convert
	 */
	public <T> CompletableFuture<@Nullable T> call(String connectionId, String method, @Nullable Object args,
			Class<T> resultType, Duration timeout) {
		Assert.notNull(resultType, "'resultType' must not be null");
		return call(connectionId, method, args, timeout)
			.thenApply((result) -> this.engine.jsonMapper().treeToValue(result, resultType));
	}

	/**
	 * Return the engine this template sends through.
	 * @return the engine
	 */
	public WseEngine getEngine() {
		return this.engine;
	}

}
