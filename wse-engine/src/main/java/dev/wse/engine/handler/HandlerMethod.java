package dev.wse.engine.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.List;
import java.util.function.Supplier;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Invokes an annotated handler method, resolving its arguments.
 */
final class HandlerMethod {

	private final Method method;

	private final Supplier<Object> target;

	private final String description;

	private final int payloadIndex;

	private final boolean snapshot;

	/** The parameters, read once ({@link Method#getParameters()} copies its array). */
	private final Parameter[] parameters;

	/** Per parameter, the resolver that supports it, or {@code null}. */
	private final @Nullable ArgumentResolver[] parameterResolvers;

	HandlerMethod(Method method, Supplier<Object> target, List<ArgumentResolver> resolvers, String description,
			boolean snapshot) {
		this.snapshot = snapshot;
		this.method = method;
		this.target = target;
		this.description = description;
		if (!method.trySetAccessible()) {
			throw new IllegalStateException("Handler method " + description + " is not accessible");
		}
		int payload = -1;
		Parameter[] parameters = method.getParameters();
		this.parameters = parameters;
		this.parameterResolvers = new ArgumentResolver[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			this.parameterResolvers[i] = resolverFor(resolvers, parameters[i]);
			if (!isBuiltIn(parameters[i]) && !isTopic(parameters[i]) && this.parameterResolvers[i] == null) {
				if (payload >= 0) {
					throw new IllegalStateException(
							"Handler method " + description + " has more than one payload parameter: "
									+ parameters[payload].getName() + " and " + parameters[i].getName());
				}
				payload = i;
			}
		}
		this.payloadIndex = payload;
	}

	void requireNoPayload() {
		if (this.payloadIndex >= 0) {
			throw new IllegalStateException("Connect/disconnect method " + this.description
					+ " cannot take a payload parameter: " + this.parameters[this.payloadIndex].getName());
		}
	}

	@Nullable Object invoke(InboundMessage message) throws Exception {
		return call(message.connection(), message, message.payload(), null);
	}

	/**
	 * Invoke for an RPC call: the payload parameter receives the call's arguments, an
	 * {@link InboundMessage} or {@link Envelope} parameter the {@code rpc_request}.
	 */
	@Nullable Object invokeForRpc(InboundMessage request, JsonNode args) throws Exception {
		return call(request.connection(), request, args, null);
	}

	void invokeForConnection(WseConnection connection) throws Exception {
		call(connection, null, null, null);
	}

	@Nullable Object invokeForSnapshot(String topic, WseConnection connection) throws Exception {
		return call(connection, null, null, topic);
	}

	private boolean isTopic(Parameter parameter) {
		return this.snapshot && parameter.getType() == String.class;
	}

	private @Nullable Object call(WseConnection connection, @Nullable InboundMessage message,
			@Nullable JsonNode payload, @Nullable String topic) throws Exception {
		Parameter[] parameters = this.parameters;
		Object[] args = new Object[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			args[i] = isTopic(parameters[i]) ? topic : resolve(i, parameters[i], connection, message, payload);
		}
		try {
			return this.method.invoke(this.target.get(), args);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private @Nullable Object resolve(int index, Parameter parameter, WseConnection connection,
			@Nullable InboundMessage message, @Nullable JsonNode payload) {
		ArgumentResolver resolver = this.parameterResolvers[index];
		if (resolver != null) {
			return resolver.resolve(parameter, connection, message);
		}
		Class<?> type = parameter.getType();
		if (WseConnection.class.isAssignableFrom(type)) {
			return connection;
		}
		if (type == InboundMessage.class) {
			return message;
		}
		if (type == Envelope.class) {
			return (message != null) ? message.envelope() : null;
		}
		if (type == WsePrincipal.class || type == Principal.class) {
			return connection.principal();
		}
		if (index == this.payloadIndex && message != null && payload != null) {
			return message.converter().convert(payload, parameter.getParameterizedType());
		}
		return null;
	}

	private static @Nullable ArgumentResolver resolverFor(List<ArgumentResolver> resolvers, Parameter parameter) {
		for (ArgumentResolver resolver : resolvers) {
			if (resolver.supports(parameter)) {
				return resolver;
			}
		}
		return null;
	}

	private static boolean isBuiltIn(Parameter parameter) {
		Class<?> type = parameter.getType();
		return WseConnection.class.isAssignableFrom(type) || type == InboundMessage.class || type == Envelope.class
				|| type == WsePrincipal.class || type == Principal.class;
	}

}
