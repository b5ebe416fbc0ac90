package dev.wse.engine.connection;

import java.util.Map;
import java.util.Set;

import dev.wse.engine.security.WsePrincipal;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * One client connection, as handlers and applications see it.
 */
public interface WseConnection {

	/**
	 * Return the connection id (a UUID v7, sent in {@code server_ready}).
	 * @return the id
	 */
	String id();

	/**
	 * Return the user id, or {@code null} for an anonymous connection.
	 * @return the user id
	 */
	@Nullable String userId();

	/**
	 * Return the principal, or {@code null} for an anonymous connection.
	 * @return the principal
	 */
	@Nullable WsePrincipal principal();

	/**
	 * Return the connection's binary wire format.
	 * @return the format
	 */
	WireFormat format();

	/**
	 * Return the topics and patterns this connection is subscribed to (a snapshot).
	 * @return the subscriptions
	 */
	Set<String> subscriptions();

	/**
	 * Return mutable per-connection attributes for the application.
	 * @return the attributes
	 */
	Map<String, Object> attributes();

	/**
	 * Send a message to this connection (a binary frame, as upstream {@code send_event}).
	 * @param type the message type
	 * @param payload the payload (converted with the engine's JSON mapper)
	 * @return {@code true} if queued, {@code false} if dropped (closed, rate limited,
	 * duplicate)
	 */
	boolean send(String type, @Nullable Object payload);

	/**
	 * Close this connection.
	 * @param code the close code
	 */
	void close(CloseCode code);

	/**
	 * Return whether the connection is open.
	 * @return {@code true} if open
	 */
	boolean isOpen();

	/**
	 * Return whether the client exchanged a key: every frame the server writes to it
	 * after that {@code server_hello} is an {@code E:} frame.
	 * @return {@code true} once keyed
	 */
	boolean isEncrypted();

}
