package dev.wse.engine.handler;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.wse.engine.handler.annotation.OnConnect;
import dev.wse.engine.handler.annotation.OnDisconnect;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.engine.handler.annotation.OnRpc;
import dev.wse.engine.handler.annotation.OnPresenceJoin;
import dev.wse.engine.handler.annotation.OnPresenceLeave;
import dev.wse.engine.handler.annotation.OnSnapshot;
import dev.wse.engine.presence.PresenceChange;
import dev.wse.engine.topic.TopicPattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Application message types and their handlers, RPC methods, snapshot providers, plus
 * connect and disconnect listeners. Usable from plain Java ({@link #register},
 * {@link #registerRpc}, {@link #registerAnnotated(Object)}) and filled by the Spring
 * module from {@code @WseHandler} beans. Registering a type or an RPC method twice fails.
 */
public final class HandlerRegistry {

	private final Map<String, Registration> handlers = new ConcurrentHashMap<>();

	private final Map<String, RpcRegistration> rpcMethods = new ConcurrentHashMap<>();

	private final List<ConnectionListener> connectListeners = new CopyOnWriteArrayList<>();

	private final List<ConnectionListener> disconnectListeners = new CopyOnWriteArrayList<>();

	private final List<PresenceListener> presenceListeners = new CopyOnWriteArrayList<>();

	private final List<ArgumentResolver> argumentResolvers = new CopyOnWriteArrayList<>();

	private volatile boolean methodsRegistered;

	private final List<SnapshotRegistration> snapshots = new CopyOnWriteArrayList<>();

	/**
	 * Register a handler for a message type; replies go out as {@code <type>_response}.
	 * @param type the message type
	 * @param handler the handler
	 * @throws IllegalStateException if the type already has a handler
	 */
	public void register(String type, MessageHandler handler) {
		register(type, handler, type + "_response", "handler " + handler);
	}

	/**
	 * Register a handler for a message type with a reply type.
	 * @param type the message type
	 * @param handler the handler
	 * @param replyType the type of replies
	 * @param description where the handler comes from, for error messages
	 * @throws IllegalStateException if the type already has a handler
	 */
	public void register(String type, MessageHandler handler, String replyType, String description) {
		register(type, handler, replyType, description, true);
	}

	/**
	 * Register a handler for a message type with a reply type, saying whether it may
	 * block.
	 * @param type the message type
	 * @param handler the handler
	 * @param replyType the type of replies
	 * @param description where the handler comes from, for error messages
	 * @param blocking {@code false} if the handler never blocks: it then runs on the
	 * thread that read the message (see {@link OnMessage#blocking()})
	 * @throws IllegalStateException if the type already has a handler
	 */
	public void register(String type, MessageHandler handler, String replyType, String description, boolean blocking) {
		if (type.isBlank()) {
			throw new IllegalArgumentException("Message type must not be blank (" + description + ")");
		}
		Registration registration = new Registration(type, handler, replyType, description, blocking);
		Registration existing = this.handlers.putIfAbsent(type, registration);
		if (existing != null) {
			throw new IllegalStateException("Duplicate handler for message type '" + type + "': " + description
					+ " and " + existing.description());
		}
	}

	/**
	 * Register an RPC method that clients call.
	 * @param method the method name
	 * @param handler the handler
	 * @throws IllegalStateException if the name is already registered
	 */
	public void registerRpc(String method, RpcHandler handler) {
		registerRpc(method, handler, "RPC handler " + handler);
	}

	/**
	 * Register an RPC method that clients call.
	 * @param method the method name
	 * @param handler the handler
	 * @param description where the handler comes from, for error messages
	 * @throws IllegalStateException if the name is already registered
	 */
	public void registerRpc(String method, RpcHandler handler, String description) {
		addRpc(method, (request, args) -> handler.call(request.connection(), args), description);
	}

	private void addRpc(String method, RpcInvoker invoker, String description) {
		if (method.isBlank()) {
			throw new IllegalArgumentException("RPC method name must not be blank (" + description + ")");
		}
		RpcRegistration existing = this.rpcMethods.putIfAbsent(method,
				new RpcRegistration(method, invoker, description));
		if (existing != null) {
			throw new IllegalStateException(
					"Duplicate RPC method '" + method + "': " + description + " and " + existing.description());
		}
	}

	/**
	 * Register every handler-annotated method ({@link OnMessage}, {@link OnRpc},
	 * {@link OnConnect}, {@link OnDisconnect}, {@link OnSnapshot}, …) of an object.
	 * @param target the object
	 * @throws IllegalStateException on duplicate types or unsupported signatures
	 */
	public void registerAnnotated(Object target) {
		registerAnnotated(target.getClass(), () -> target, target.getClass().getName());
	}

	/**
	 * Register the annotated methods of a type whose instance is looked up lazily (on
	 * each call).
	 * @param type the class to scan
	 * @param target supplies the instance
	 * @param name a name for error messages (a bean name, for example)
	 * @throws IllegalStateException on duplicate types or unsupported signatures
	 */
	public void registerAnnotated(Class<?> type, Supplier<Object> target, String name) {
		for (Method method : annotatedMethods(type)) {
			registerMethod(method, target, name);
		}
	}

	/**
	 * Register one annotated method.
	 * @param method the method, annotated with {@link OnMessage}, {@link OnRpc},
	 * {@link OnConnect}, {@link OnDisconnect} or {@link OnSnapshot}
	 * @param target supplies the instance
	 * @param name a name for error messages
	 */
	public void registerMethod(Method method, Supplier<Object> target, String name) {
		OnMessage onMessage = method.getAnnotation(OnMessage.class);
		if (onMessage != null) {
			String reply = onMessage.reply().isEmpty() ? onMessage.value() + "_response" : onMessage.reply();
			registerMessageMethod(onMessage.value(), reply, method, target, name, onMessage.blocking());
		}
		OnRpc onRpc = method.getAnnotation(OnRpc.class);
		if (onRpc != null) {
			registerRpcMethod(onRpc.value(), method, target, name);
		}
		if (method.isAnnotationPresent(OnConnect.class)) {
			registerConnectMethod(method, target, name);
		}
		if (method.isAnnotationPresent(OnDisconnect.class)) {
			registerDisconnectMethod(method, target, name);
		}
		if (method.isAnnotationPresent(OnPresenceJoin.class)) {
			registerPresenceMethod(method, target, name, PresenceChange.Kind.JOIN);
		}
		if (method.isAnnotationPresent(OnPresenceLeave.class)) {
			registerPresenceMethod(method, target, name, PresenceChange.Kind.LEAVE);
		}
		OnSnapshot onSnapshot = method.getAnnotation(OnSnapshot.class);
		if (onSnapshot != null) {
			registerSnapshotMethod(onSnapshot.value(), onSnapshot.type(), method, target, name);
		}
	}

	/**
	 * Register a method as the handler of a message type (for frameworks that find the
	 * type themselves, for example through composed annotations).
	 * @param type the message type
	 * @param replyType the type of replies
	 * @param method the method
	 * @param target supplies the instance
	 * @param name a name for error messages
	 */
	public void registerMessageMethod(String type, String replyType, Method method, Supplier<Object> target,
			String name) {
		registerMessageMethod(type, replyType, method, target, name, true);
	}

	/**
	 * Register a method as the handler of a message type, saying whether it may block.
	 * @param type the message type
	 * @param replyType the type of replies
	 * @param method the method
	 * @param target supplies the instance
	 * @param name a name for error messages
	 * @param blocking {@code false} if the method never blocks (see
	 * {@link OnMessage#blocking()})
	 */
	public void registerMessageMethod(String type, String replyType, Method method, Supplier<Object> target,
			String name, boolean blocking) {
		String description = name + "." + method.getName();
		HandlerMethod invoker = handlerMethod(method, target, description, false);
		register(type, invoker::invoke, replyType, description, blocking);
	}

	/**
	 * Register a method as an RPC method (for frameworks that find the name themselves).
	 * The method's payload parameter receives the call's arguments; other parameters are
	 * resolved as for {@link OnMessage} methods, an {@link InboundMessage} or
	 * {@link dev.wse.protocol.Envelope} parameter receiving the {@code rpc_request}.
	 * @param rpcMethod the RPC method name
	 * @param method the method
	 * @param target supplies the instance
	 * @param name a name for error messages
	 * @throws IllegalStateException if the name is already registered
	 */
	public void registerRpcMethod(String rpcMethod, Method method, Supplier<Object> target, String name) {
		String description = name + "." + method.getName();
		HandlerMethod invoker = handlerMethod(method, target, description, false);
		addRpc(rpcMethod, invoker::invokeForRpc, description);
	}

	/**
	 * Register a method called when a connection is established.
	 * @param method the method
	 * @param target supplies the instance
	 * @param name a name for error messages
	 */
	public void registerConnectMethod(Method method, Supplier<Object> target, String name) {
		HandlerMethod invoker = handlerMethod(method, target, name + "." + method.getName(), false);
		invoker.requireNoPayload();
		onConnect(invoker::invokeForConnection);
	}

	/**
	 * Register a method called when a connection has closed.
	 * @param method the method
	 * @param target supplies the instance
	 * @param name a name for error messages
	 */
	public void registerDisconnectMethod(Method method, Supplier<Object> target, String name) {
		HandlerMethod invoker = handlerMethod(method, target, name + "." + method.getName(), false);
		invoker.requireNoPayload();
		onDisconnect(invoker::invokeForConnection);
	}

	/**
	 * Register a method that supplies snapshots of the topics matching a pattern.
	 * @param topicPattern the topic or glob pattern
	 * @param type the type of the snapshot messages
	 * @param method the method
	 * @param target supplies the instance
	 * @param name a name for error messages
	 */
	public void registerSnapshotMethod(String topicPattern, String type, Method method, Supplier<Object> target,
			String name) {
		String description = name + "." + method.getName();
		HandlerMethod invoker = handlerMethod(method, target, description, true);
		invoker.requireNoPayload();
		registerSnapshot(topicPattern, type, invoker::invokeForSnapshot, description);
	}

	/**
	 * Register a snapshot provider for the topics matching a name or glob pattern. The
	 * first registration whose pattern matches a topic supplies its snapshots.
	 * @param topicPattern the topic or glob pattern
	 * @param type the type of the snapshot messages
	 * @param provider the provider
	 * @param description where the provider comes from, for error messages
	 * @throws IllegalStateException if the pattern already has a provider
	 */
	public void registerSnapshot(String topicPattern, String type, SnapshotProvider provider, String description) {
		if (topicPattern.isBlank() || type.isBlank()) {
			throw new IllegalArgumentException("Snapshot topic and type must not be blank (" + description + ")");
		}
		for (SnapshotRegistration existing : this.snapshots) {
			if (existing.topicPattern().equals(topicPattern)) {
				throw new IllegalStateException("Duplicate snapshot provider for topic '" + topicPattern + "': "
						+ description + " and " + existing.description());
			}
		}
		this.snapshots.add(new SnapshotRegistration(topicPattern, TopicPattern.compile(topicPattern), type, provider,
				description));
	}

	/**
	 * Find the snapshot provider of a topic.
	 * @param topic the topic
	 * @return the registration, or {@code null}
	 */
	public @Nullable SnapshotRegistration findSnapshot(String topic) {
		for (SnapshotRegistration registration : this.snapshots) {
			if (registration.pattern().matches(topic)) {
				return registration;
			}
		}
		return null;
	}

	/**
	 * Return whether any snapshot provider is registered.
	 * @return {@code true} if there is one
	 */
	public boolean hasSnapshotProviders() {
		return !this.snapshots.isEmpty();
	}

	/**
	 * Return the methods of a class that carry a handler annotation.
	 * @param type the class
	 * @return the methods
	 */
	public static List<Method> annotatedMethods(Class<?> type) {
		List<Method> methods = new ArrayList<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Method method : current.getDeclaredMethods()) {
				if (!method.isBridge() && !method.isSynthetic()
						&& (method.isAnnotationPresent(OnMessage.class) || method.isAnnotationPresent(OnRpc.class)
								|| method.isAnnotationPresent(OnConnect.class)
								|| method.isAnnotationPresent(OnDisconnect.class)
								|| method.isAnnotationPresent(OnSnapshot.class)
								|| method.isAnnotationPresent(OnPresenceJoin.class)
								|| method.isAnnotationPresent(OnPresenceLeave.class))) {
					methods.add(method);
				}
			}
		}
		return methods;
	}

	/**
	 * Add a listener for established connections.
	 * @param listener the listener
	 */
	public void onConnect(ConnectionListener listener) {
		this.connectListeners.add(listener);
	}

	/**
	 * Add a listener for closed connections.
	 * @param listener the listener
	 */
	public void onDisconnect(ConnectionListener listener) {
		this.disconnectListeners.add(listener);
	}

	/**
	 * Add a resolver for annotated method parameters; consulted before the built-in ones.
	 * Resolvers are added before any method is registered: a method works out which
	 * resolver serves each of its parameters once, when it is registered.
	 * @param resolver the resolver
	 * @throws IllegalStateException when a method has been registered already
	 */
	public void addArgumentResolver(ArgumentResolver resolver) {
		if (this.methodsRegistered) {
			throw new IllegalStateException(
					"Add argument resolvers before registering handler methods: a registered method would not use "
							+ resolver);
		}
		this.argumentResolvers.add(resolver);
	}

	private HandlerMethod handlerMethod(Method method, Supplier<Object> target, String description, boolean snapshot) {
		this.methodsRegistered = true;
		return new HandlerMethod(method, target, this.argumentResolvers, description, snapshot);
	}

	/**
	 * Find the registration for a type.
	 * @param type the message type
	 * @return the registration, or {@code null}
	 */
	public @Nullable Registration find(String type) {
		return this.handlers.get(type);
	}

	/**
	 * Return the registered message types.
	 * @return the types
	 */
	public java.util.Set<String> types() {
		return java.util.Set.copyOf(this.handlers.keySet());
	}

	/**
	 * Find an RPC method.
	 * @param method the method name
	 * @return the registration, or {@code null}
	 */
	public @Nullable RpcRegistration findRpc(String method) {
		return this.rpcMethods.get(method);
	}

	/**
	 * Return the registered RPC method names.
	 * @return the names
	 */
	public java.util.Set<String> rpcMethods() {
		return java.util.Set.copyOf(this.rpcMethods.keySet());
	}

	/**
	 * Add a listener for presence changes (joins, leaves and updates of every topic).
	 * @param listener the listener
	 */
	public void onPresence(PresenceListener listener) {
		this.presenceListeners.add(listener);
	}

	/**
	 * Register a method called for joins or leaves of any topic's presence.
	 * @param method the method, taking a {@link PresenceChange} or nothing
	 * @param target supplies the instance
	 * @param name a name for error messages
	 * @param kind the kind of change the method handles
	 */
	public void registerPresenceMethod(Method method, Supplier<Object> target, String name, PresenceChange.Kind kind) {
		String description = name + "." + method.getName();
		Class<?>[] types = method.getParameterTypes();
		if (types.length > 1 || (types.length == 1 && types[0] != PresenceChange.class)) {
			throw new IllegalStateException(
					"Presence method " + description + " must take a PresenceChange or nothing");
		}
		if (!method.trySetAccessible()) {
			throw new IllegalStateException("Presence method " + description + " is not accessible");
		}
		onPresence((change) -> {
			if (change.kind() != kind) {
				return;
			}
			try {
				method.invoke(target.get(), (types.length == 1) ? new Object[] { change } : new Object[0]);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Presence method " + description + " failed", ex);
			}
		});
	}

	/**
	 * Return the presence listeners.
	 * @return the listeners
	 */
	public List<PresenceListener> presenceListeners() {
		return this.presenceListeners;
	}

	/**
	 * Return the connect listeners.
	 * @return the listeners
	 */
	public List<ConnectionListener> connectListeners() {
		return this.connectListeners;
	}

	/**
	 * Return the disconnect listeners.
	 * @return the listeners
	 */
	public List<ConnectionListener> disconnectListeners() {
		return this.disconnectListeners;
	}

	/**
	 * A snapshot provider with the topics it serves.
	 *
	 * @param topicPattern the topic or glob pattern
	 * @param pattern the compiled pattern
	 * @param type the type of the snapshot messages
	 * @param provider the provider
	 * @param description where the provider comes from
	 */
	public record SnapshotRegistration(String topicPattern, TopicPattern pattern, String type,
			SnapshotProvider provider, String description) {
	}

	/**
	 * An RPC method with its implementation.
	 */
	public static final class RpcRegistration {

		private final String method;

		private final RpcInvoker invoker;

		private final String description;

		RpcRegistration(String method, RpcInvoker invoker, String description) {
			this.method = method;
			this.invoker = invoker;
			this.description = description;
		}

		/**
		 * Return the method name.
		 * @return the name
		 */
		public String method() {
			return this.method;
		}

		/**
		 * Return where the implementation comes from.
		 * @return the description
		 */
		public String description() {
			return this.description;
		}

		/**
		 * Run the method.
		 * @param request the {@code rpc_request} as received
		 * @param args the call's arguments
		 * @return the result, possibly a {@link java.util.concurrent.CompletionStage}
		 * @throws Exception what the implementation throws
		 */
		public @Nullable Object call(InboundMessage request, JsonNode args) throws Exception {
			return this.invoker.call(request, args);
		}

	}

	/**
	 * Runs an RPC method: a plain {@link RpcHandler} or an annotated method.
	 */
	@FunctionalInterface
	interface RpcInvoker {

		@Nullable Object call(InboundMessage request, JsonNode args) throws Exception;

	}

	/**
	 * A handler with its reply type.
	 *
	 * @param type the message type
	 * @param handler the handler
	 * @param replyType the reply type
	 * @param description where the handler comes from
	 */
	public record Registration(String type, MessageHandler handler, String replyType, String description,
			boolean blocking) {

		/**
		 * A registration of a handler that may block.
		 * @param type the message type
		 * @param handler the handler
		 * @param replyType the type of replies
		 * @param description where the handler comes from
		 */
		public Registration(String type, MessageHandler handler, String replyType, String description) {
			this(type, handler, replyType, description, true);
		}

	}

}
