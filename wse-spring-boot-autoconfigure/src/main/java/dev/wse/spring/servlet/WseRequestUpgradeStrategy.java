package dev.wse.spring.servlet;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wse.engine.WseEngine;
import dev.wse.engine.transport.HandshakeRequest;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Upgrades an HTTP request to a WSE connection with the servlet API's own upgrade
 * ({@link HttpServletRequest#upgrade}), after Spring's handshake handler has checked the
 * request (method, headers, version, origin) and Spring Security has let it through. WSE
 * then speaks the WebSocket protocol itself over the container's non-blocking I/O instead
 * of going through the container's JSR 356 implementation, which costs a thread hand-off
 * for every frame written and about 24 KB of buffers per connection on Tomcat.
 * <p>
 * No extension is negotiated (WSE compresses messages itself). The
 * {@link WebSocketHandler} given by the handshake handler is not used: the connection
 * goes straight to the engine. On containers other than Tomcat the upgrade is left to the
 * container's JSR 356 support ({@link StandardWebSocketUpgradeStrategy}) and that
 * handler.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseRequestUpgradeStrategy implements RequestUpgradeStrategy, DisposableBean {

	private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final WseEngine engine;

	private final int maxMessageSize;

	private final ConnectionResources resources = new ConnectionResources();

	private final RequestUpgradeStrategy containerStrategy = new StandardWebSocketUpgradeStrategy();

	/**
	 * Create a strategy.
	 * @param engine the engine connections are opened in
	 * @param maxMessageSize the maximum inbound message size in bytes
	 */
	public WseRequestUpgradeStrategy(WseEngine engine, int maxMessageSize) {
		Assert.notNull(engine, "'engine' must not be null");
		Assert.isTrue(maxMessageSize > 0, "'maxMessageSize' must be positive");
		this.engine = engine;
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public String[] getSupportedVersions() {
		return new String[] { "13" };
	}

	@Override
	public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
		return upgradesItself(request) ? List.of() : this.containerStrategy.getSupportedExtensions(request);
	}

	/**
	 * Return whether WSE upgrades a request itself: on Tomcat, whose non-blocking I/O on
	 * upgraded connections it is tested with.
	 * @param request the request
	 * @return {@code true} for WSE's own protocol, {@code false} for the container's
	 */
	protected boolean upgradesItself(ServerHttpRequest request) {
		return request instanceof ServletServerHttpRequest servletRequest
				&& servletRequest.getServletRequest().getServletContext().getServerInfo().startsWith("Apache Tomcat");
	}

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		if (!upgradesItself(request)) {
			this.containerStrategy.upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler,
					attributes);
			return;
		}
		if (!(request instanceof ServletServerHttpRequest servletRequest)
				|| !(response instanceof ServletServerHttpResponse servletResponse)) {
			throw new HandshakeFailureException("WSE's servlet upgrade needs a servlet request: " + request);
		}
		String key = request.getHeaders().getFirst("Sec-WebSocket-Key");
		if (key == null) {
			throw new HandshakeFailureException("Missing Sec-WebSocket-Key");
		}
		HttpServletResponse httpResponse = servletResponse.getServletResponse();
		httpResponse.setHeader("Upgrade", "websocket");
		httpResponse.setHeader("Connection", "Upgrade");
		httpResponse.setHeader("Sec-WebSocket-Accept", acceptKey(key));
		if (selectedProtocol != null) {
			httpResponse.setHeader("Sec-WebSocket-Protocol", selectedProtocol);
		}
		ServletWebSocketSession session = new ServletWebSocketSession(this.engine, handshakeRequest(request, user),
				this.maxMessageSize, this.resources);
		try {
			servletRequest.getServletRequest().upgrade(WseUpgradeHandler.class).attach(session);
		}
		catch (IOException | ServletException ex) {
			throw new HandshakeFailureException("Upgrade to WebSocket failed: " + request.getURI(), ex);
		}
	}

	private static HandshakeRequest handshakeRequest(ServerHttpRequest request, @Nullable Principal user) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.getHeaders().forEach(headers::put);
		URI uri = request.getURI();
		return new HandshakeRequest(uri, headers, request.getRemoteAddress(), user);
	}

	/**
	 * Return the {@code Sec-WebSocket-Accept} value for a key (RFC 6455 §4.2.2).
	 * @param key the client's {@code Sec-WebSocket-Key}
	 * @return the accept value
	 */
	static String acceptKey(String key) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			byte[] digest = sha1.digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
		}
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
		this.resources.close();
	}

}
