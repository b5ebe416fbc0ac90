package dev.wse.engine.internal;

import java.util.Set;

import dev.wse.engine.DropReason;
import dev.wse.engine.connection.Priority;
import dev.wse.engine.handler.ConnectionListener;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.InboundMessage;
import dev.wse.engine.handler.WseException;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Routes decoded inbound messages: system types inline (hello, heartbeat, subscriptions,
 * sync, client publications, token refresh), application types to their handlers on the
 * connection's ordered task queue. When encryption is required, plaintext messages other
 * than the hello and the heartbeat are refused. Before a post-connect authentication,
 * messages go to {@link AuthenticationRequests} first; messages of signed types pass the
 * signature check ({@link MessageSignatures}).
 */
final class InboundRouter {

	private static final Logger logger = LoggerFactory.getLogger(InboundRouter.class);

	/** What a client may send in plaintext when encryption is required. */
	private static final Set<String> PLAINTEXT_ALLOWED = Set.of("client_hello", "ping", "PING", "PONG", "pong");

	private final EngineCore core;

	private final HelloRequests hellos;

	private final PublishRequests publications;

	InboundRouter(EngineCore core) {
		this.core = core;
		this.hellos = new HelloRequests(core);
		this.publications = new PublishRequests(core);
	}

	/**
	 * Route a decoded message.
	 * @param connection the connection it came from
	 * @param envelope the message
	 * @param encrypted whether it arrived in an {@code E:} frame
	 */
	void route(Connection connection, Envelope envelope, boolean encrypted) {
		if (!encrypted && this.core.config().encryptionRequired() && !PLAINTEXT_ALLOWED.contains(envelope.type())) {
			connection.sendError(ErrorCode.ENCRYPTION_REQUIRED,
					connection.isEncrypted() ? "Encryption required: send messages in E: frames"
							: "Encryption required: exchange a key in client_hello first",
					envelope);
			return;
		}
		if (!connection.isAuthenticated() && this.core.authentication().intercept(connection, envelope)) {
			return;
		}
		if (!this.core.signatures().admit(connection, envelope)) {
			return;
		}
		switch (envelope.type()) {
			case "client_hello" -> this.hellos.hello(connection, envelope);
			case "refresh_token" -> this.core.authentication().refresh(connection, envelope);
			case "authenticate", "challenge_response" -> {
				if (this.core.config().authMode() == dev.wse.engine.WseEngineConfig.AuthMode.HANDSHAKE) {
					dispatch(connection, envelope);
				}
				else {
					connection.sendError(ErrorCode.INVALID_MESSAGE, "Already authenticated", envelope);
				}
			}
			case "ping", "PING" -> ping(connection, envelope);
			case "PONG", "pong" -> {
				// activity was recorded on arrival; nothing else to do
			}
			case "subscription_update" ->
				subscriptionTask(connection, envelope, () -> this.core.subscriptions().handle(connection, envelope));
			case "sync_request" ->
				subscriptionTask(connection, envelope, () -> this.core.subscriptions().sync(connection, envelope));
			case "presence_update" ->
				subscriptionTask(connection, envelope, () -> this.core.presence().update(connection, envelope));
			case "presence_request" ->
				subscriptionTask(connection, envelope, () -> this.core.presence().query(connection, envelope));
			case "room_join" ->
				subscriptionTask(connection, envelope, () -> this.core.presence().joinRoom(connection, envelope));
			case "room_leave" ->
				subscriptionTask(connection, envelope, () -> this.core.presence().leaveRoom(connection, envelope));
			case "publish" ->
				subscriptionTask(connection, envelope, () -> this.publications.publish(connection, envelope));
			case "rpc_request" -> this.core.rpc().request(connection, envelope);
			case "rpc_response" -> this.core.rpc().response(connection, envelope);
			case "sync_response", "health_check_response", "metrics_response" -> {
				// client statistics sent in answer to requests this server never makes
			}
			default -> dispatch(connection, envelope);
		}
	}

	/**
	 * Run subscription work inline, or, when snapshot providers (application code) may be
	 * called, on the connection's ordered task queue, off the I/O thread.
	 */
	private void subscriptionTask(Connection connection, Envelope envelope, Runnable task) {
		if (!this.core.handlers().hasSnapshotProviders()) {
			task.run();
		}
		else if (!connection.runTask(() -> {
			if (connection.isOpen()) {
				task.run();
			}
		}, false)) {
			this.core.countDrop(DropReason.HANDLER_QUEUE_FULL);
			connection.sendError(ErrorCode.OVERLOADED, ErrorCode.OVERLOADED.defaultMessage(), envelope);
		}
	}

	private void ping(Connection connection, Envelope envelope) {
		JsonNode timestamp = envelope.payload().path("timestamp");
		long clientTimestamp = timestamp.isIntegralNumber() ? timestamp.asLong() : 0;
		connection.offerControl(this.core.messages().pong(clientTimestamp));
	}

	private void dispatch(Connection connection, Envelope envelope) {
		HandlerRegistry.Registration registration = this.core.handlers().find(envelope.type());
		if (registration == null) {
			connection.sendError(ErrorCode.UNKNOWN_MESSAGE_TYPE,
					"No handler for message type '" + envelope.type() + "'", envelope);
			return;
		}
		InboundMessage message = new InboundMessage(connection, envelope, this.core.converter());
		Runnable task = () -> invoke(registration, message, connection);
		if (!(registration.blocking() ? connection.runTask(task, false) : connection.runTaskHere(task))) {
			this.core.countDrop(DropReason.HANDLER_QUEUE_FULL);
			connection.sendError(ErrorCode.OVERLOADED, ErrorCode.OVERLOADED.defaultMessage(), envelope);
		}
	}

	private void invoke(HandlerRegistry.Registration registration, InboundMessage message, Connection connection) {
		Envelope request = message.envelope();
		if (!connection.isOpen()) {
			return;
		}
		try {
			Object result = registration.handler().handle(message);
			if (result != null) {
				reply(connection, registration.replyType(), result, request);
			}
		}
		catch (WseException ex) {
			connection.sendError(ex.code(), ex.getMessage(), request);
		}
		catch (ProtocolException ex) {
			connection.sendError(ex.code(), ex.getMessage(), request);
		}
		catch (Exception ex) {
			logger.warn("Handler {} failed for message type '{}' on {}", registration.description(), request.type(),
					connection.id(), ex);
			connection.sendError(ErrorCode.HANDLER_ERROR, "Handler for '" + request.type() + "' failed", request);
		}
	}

	private void reply(Connection connection, String replyType, Object result, Envelope request) {
		DirectMessage message;
		if (result instanceof Envelope envelope) {
			Envelope withCorrelation = (envelope.correlationId() != null) ? envelope
					: envelope.toBuilder().correlationId(Connection.correlationOf(request)).build();
			message = this.core.directMessage(withCorrelation);
		}
		else {
			message = this.core.directMessage(replyType, result, null, Connection.correlationOf(request));
		}
		connection.deliver(message);
	}

	void notifyListener(ConnectionListener listener, Connection connection, boolean connect) {
		try {
			listener.handle(connection);
		}
		catch (Exception ex) {
			logger.warn("{} listener failed for {}", connect ? "Connect" : "Disconnect", connection.id(), ex);
			if (connect) {
				connection.sendError(ErrorCode.HANDLER_ERROR, "Connect handler failed", null);
			}
		}
	}

}
