package dev.wse.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean whose methods handle WSE events:
 * {@link dev.wse.engine.handler.annotation.OnMessage OnMessage} for application message
 * types, {@link dev.wse.engine.handler.annotation.OnRpc OnRpc} for RPC methods,
 * {@link dev.wse.engine.handler.annotation.OnSnapshot OnSnapshot} for topic snapshots,
 * {@link dev.wse.engine.handler.annotation.OnConnect OnConnect} and
 * {@link dev.wse.engine.handler.annotation.OnDisconnect OnDisconnect} for the connection
 * lifecycle, {@link dev.wse.engine.handler.annotation.OnPresenceJoin OnPresenceJoin} and
 * {@link dev.wse.engine.handler.annotation.OnPresenceLeave OnPresenceLeave} for users
 * joining and leaving a topic's presence. A {@link Component} stereotype, so component
 * scanning picks it up.
 * <p>
 * Handler methods run off the container's I/O threads, in order per connection. A
 * non-null return value is the reply to the sender; a thrown
 * {@link dev.wse.engine.handler.WseException} becomes an {@code error} frame with its
 * code. Parameters may be the payload (converted with Boot's {@code JsonMapper}), the
 * {@link dev.wse.engine.connection.WseConnection}, the
 * {@link dev.wse.engine.handler.InboundMessage}, the {@link dev.wse.protocol.Envelope},
 * the {@link dev.wse.engine.security.WsePrincipal} or, with Spring Security, the
 * {@code org.springframework.security.oauth2.jwt.Jwt}.
 *
 * @author WSE team
 * @since 0.1.0
 * @see WseHandlerMethodProcessor
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WseHandler {

	/**
	 * The bean name, if any.
	 * @return the bean name, or an empty string
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

}
