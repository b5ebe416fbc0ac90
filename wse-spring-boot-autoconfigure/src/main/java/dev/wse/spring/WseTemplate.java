package dev.wse.spring;

import dev.wse.engine.WseEngine;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Sends WSE messages from anywhere in an application: to a topic's subscribers, to every
 * connection, to every connection of a user, or to one connection. Payloads are converted
 * with the engine's JSON mapper (Boot's {@code JsonMapper} when auto-configured).
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
	 * Send a message to every open connection.
	 * @param type the message type
	 * @param payload the payload
	 * @return the number of connections the message was queued for
	 */
	public int broadcast(String type, @Nullable Object payload) {
		return this.engine.broadcast(type, payload);
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
	 * Return the engine this template sends through.
	 * @return the engine
	 */
	public WseEngine getEngine() {
		return this.engine;
	}

}
