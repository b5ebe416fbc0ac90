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

}
