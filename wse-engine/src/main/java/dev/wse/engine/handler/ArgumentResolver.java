package dev.wse.engine.handler;

import java.lang.reflect.Parameter;

import dev.wse.engine.connection.WseConnection;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a parameter of an annotated handler method. Registered on a
 * {@link HandlerRegistry}; consulted before the built-in resolution.
 */
public interface ArgumentResolver {

	/**
	 * Return whether this resolver handles the parameter.
	 * @param parameter the parameter
	 * @return {@code true} if supported
	 */
	boolean supports(Parameter parameter);

	/**
	 * Resolve the argument.
	 * @param parameter the parameter
	 * @param connection the connection
	 * @param message the message, or {@code null} for connect/disconnect methods
	 * @return the argument
	 */
	@Nullable Object resolve(Parameter parameter, WseConnection connection, @Nullable InboundMessage message);

}
