package dev.wse.engine.handler;

import org.jspecify.annotations.Nullable;

/**
 * Handles one application message type. Runs off the I/O threads; messages of one
 * connection are handled in order.
 */
@FunctionalInterface
public interface MessageHandler {

	/**
	 * Handle a message.
	 * @param message the message
	 * @return a reply for the sender (sent as {@code <type>_response} unless the handler
	 * was registered with another reply type, or as is when it is an
	 * {@link dev.wse.protocol.Envelope}), or {@code null} for none
	 * @throws Exception any failure; {@link WseException} carries its code, others become
	 * {@code HANDLER_ERROR}
	 */
	@Nullable Object handle(InboundMessage message) throws Exception;

}
