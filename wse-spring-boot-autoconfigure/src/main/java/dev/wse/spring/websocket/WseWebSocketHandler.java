package dev.wse.spring.websocket;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.engine.WseEngine;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.TransportSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Spring {@link WebSocketHandler} that serves a {@link WseEngine}: each session is handed
 * to {@link WseEngine#open} and its messages to the returned {@link InboundHandler}.
 * <p>
 * It takes messages in parts ({@link #supportsPartialMessages()}) and reassembles them
 * itself up to the engine's maximum message size; a larger message closes the connection
 * with 1009 without being buffered. The container's own per-session buffers can therefore
 * stay at their small defaults. On JSR 356 containers (Tomcat) writes are asynchronous;
 * closes, which containers perform with a blocking send, run on a small executor owned by
 * this handler.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseWebSocketHandler implements WebSocketHandler, DisposableBean {

	private static final Log logger = LogFactory.getLog(WseWebSocketHandler.class);

	private static final String BINDING_ATTRIBUTE = WseWebSocketHandler.class.getName() + ".binding";

	private static final boolean JAKARTA_WEBSOCKET_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			WseWebSocketHandler.class.getClassLoader());

	/**
	 * Tomcat's per-session timeout for blocking sends, which bounds how long a close may
	 * take.
	 */
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * Tomcat's timeout for sending a close frame with a code other than 1000 (50 ms by
	 * default): too short to wait for a write in progress, so 4409, 1001 or 4401 would be
	 * lost and the peer would see 1006.
	 */
	private static final String TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

	/**
	 * How long a close that WSE starts (4409, 1001, 4401...) may wait for a write in
	 * progress: long enough that the code reaches a peer that still reads.
	 */
	static final long CLOSE_SEND_TIMEOUT_MILLIS = 5000;

	/**
	 * How long Tomcat's answer to a close the peer started may wait for a write in
	 * progress. Tomcat sends it on a container thread that spins until the write
	 * completes, and the write's completion may itself wait for a container thread: when
	 * many peers close at once, every container thread would spin for the full timeout
	 * and new handshakes would stall. The peer has closed; its copy of our close frame
	 * matters little.
	 */
	static final long PEER_CLOSE_SEND_TIMEOUT_MILLIS = 100;

	private final WseEngine engine;

	private final int maxMessageSize;

	private final ExecutorService executor;

	/**
	 * Create a handler using the engine's maximum message size.
	 * @param engine the engine
	 */
	public WseWebSocketHandler(WseEngine engine) {
		this(engine, engine.config().maxMessageSize());
	}

	/**
	 * Create a handler.
	 * @param engine the engine
	 * @param maxMessageSize the maximum inbound message size in bytes
	 */
	public WseWebSocketHandler(WseEngine engine, int maxMessageSize) {
		Assert.notNull(engine, "'engine' must not be null");
		Assert.isTrue(maxMessageSize > 0, "'maxMessageSize' must be positive");
		this.engine = engine;
		this.maxMessageSize = maxMessageSize;
		this.executor = createExecutor();
	}

	private static ExecutorService createExecutor() {
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (runnable) -> {
			Thread thread = new Thread(runnable, "wse-transport-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), factory);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		TransportSession transport = transport(session);
		InboundBinding binding = new InboundBinding(transport, this.maxMessageSize);
		session.getAttributes().put(BINDING_ATTRIBUTE, binding);
		binding.bind(this.engine.open(transport, handshakeRequest(session)));
	}

	private TransportSession transport(WebSocketSession session) {
		if (JAKARTA_WEBSOCKET_PRESENT && session instanceof NativeWebSocketSession nativeSession) {
			jakarta.websocket.Session jakartaSession = nativeSession.getNativeSession(jakarta.websocket.Session.class);
			if (jakartaSession != null) {
				sendTimeouts(jakartaSession, PEER_CLOSE_SEND_TIMEOUT_MILLIS);
				return new AsyncTransportSession(session, jakartaSession, this.executor);
			}
		}
		return new BlockingTransportSession(session, this.executor);
	}

	/**
	 * Set Tomcat's timeouts for blocking sends (close frames) on a session.
	 * @param session the session
	 * @param millis the timeout
	 */
	static void sendTimeouts(jakarta.websocket.Session session, long millis) {
		session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, millis);
		session.getUserProperties().put(TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT, millis);
	}

	static HandshakeRequest handshakeRequest(WebSocketSession session) {
		URI uri = session.getUri();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		session.getHandshakeHeaders().forEach(headers::put);
		return new HandshakeRequest((uri != null) ? uri : URI.create("/"), headers, session.getRemoteAddress(),
				session.getPrincipal());
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		InboundBinding binding = binding(session);
		if (binding == null) {
			return;
		}
		if (message instanceof TextMessage text) {
			binding.text(text.getPayload(), text.isLast());
		}
		else if (message instanceof BinaryMessage binary) {
			binding.binary(binary.getPayload(), binary.isLast());
		}
		// Pong control frames carry nothing for the engine: its heartbeat is the JSON
		// ping.
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("WebSocket transport error on session " + session.getId(), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		InboundBinding binding = binding(session);
		if (binding != null) {
			String reason = closeStatus.getReason();
			binding.closed(closeStatus.getCode(), (reason != null) ? reason : "");
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	private @Nullable InboundBinding binding(WebSocketSession session) {
		return (InboundBinding) session.getAttributes().get(BINDING_ATTRIBUTE);
	}

	/**
	 * Return the maximum inbound message size in bytes.
	 * @return the size
	 */
	public int getMaxMessageSize() {
		return this.maxMessageSize;
	}

	@Override
	public void destroy() {
		// Let queued closes finish; the threads are daemons and time out on their own.
		this.executor.shutdown();
	}

}
