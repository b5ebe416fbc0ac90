package dev.wse.engine.handler.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles one application message type. Parameters may be the payload
 * (any type the JSON mapper converts to),
 * {@link dev.wse.engine.connection.WseConnection},
 * {@link dev.wse.engine.handler.InboundMessage}, {@link dev.wse.protocol.Envelope},
 * {@link dev.wse.engine.security.WsePrincipal} / {@link java.security.Principal}, or
 * types an {@link dev.wse.engine.handler.ArgumentResolver} supports. A non-null return
 * value is the reply.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnMessage {

	/**
	 * The message type ({@code t}) handled.
	 * @return the type
	 */
	String value();

	/**
	 * The type of the reply sent for a non-null return value; empty means
	 * {@code <type>_response}.
	 * @return the reply type
	 */
	String reply() default "";

	/**
	 * Whether the handler may block (I/O, locks, waiting for replies). The default,
	 * {@code true}, runs it on the handler pool ({@code wse.handler.threads}). Set
	 * {@code false} for a handler that never blocks: it then runs on the thread that read
	 * the message (a Netty event loop, or a servlet container thread) whenever none of
	 * the connection's tasks is queued or running, which saves a thread hand-off each
	 * way; order per connection holds either way. A handler declared non-blocking that
	 * does block stalls every connection served by that thread.
	 * @return {@code false} for a non-blocking handler
	 */
	boolean blocking() default true;

}
