package dev.wse.engine.handler;

import dev.wse.engine.connection.WseConnection;
import dev.wse.protocol.Envelope;
import tools.jackson.databind.JsonNode;

/**
 * A message a client sent, as handlers receive it.
 *
 * @param connection the sending connection
 * @param envelope the decoded message
 * @param converter converts the payload to application types
 */
public record InboundMessage(WseConnection connection, Envelope envelope, PayloadConverter converter) {

	/**
	 * Return the message type.
	 * @return the type
	 */
	public String type() {
		return this.envelope.type();
	}

	/**
	 * Return the payload as a JSON tree.
	 * @return the payload
	 */
	public JsonNode payload() {
		return this.envelope.payload();
	}

	/**
	 * Convert the payload to a type.
	 * @param <T> the target type
	 * @param type the target class
	 * @return the converted payload
	 * @throws WseException with {@code INVALID_PAYLOAD} when it does not convert
	 */
	public <T> T payloadAs(Class<T> type) {
		return this.converter.convert(this.envelope.payload(), type);
	}

}
