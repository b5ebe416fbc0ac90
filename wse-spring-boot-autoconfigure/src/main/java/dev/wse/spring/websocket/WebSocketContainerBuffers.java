package dev.wse.spring.websocket;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.context.ServletContextAware;

/**
 * Sets the servlet container's default WebSocket message buffer sizes (JSR 356
 * {@code setDefaultMaxTextMessageBufferSize} / {@code ...Binary...}). A container such as
 * Tomcat allocates these buffers for every session, 8 KiB for binary and 8 Ki characters
 * for text by default. {@link WseWebSocketHandler} takes messages in parts and
 * reassembles them itself, so small buffers only mean more parts for large messages and
 * save that memory on every idle connection. Does nothing when the servlet context has no
 * JSR 356 container.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WebSocketContainerBuffers implements ServletContextAware {

	private static final Log logger = LogFactory.getLog(WebSocketContainerBuffers.class);

	private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

	private final int size;

	/**
	 * Create an instance.
	 * @param size the buffer size, in bytes for binary and in characters for text
	 */
	public WebSocketContainerBuffers(int size) {
		if (size < 128) {
			throw new IllegalArgumentException("WebSocket message buffers must hold at least 128 bytes");
		}
		this.size = size;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		if (servletContext.getAttribute(SERVER_CONTAINER) instanceof WebSocketContainer container) {
			container.setDefaultMaxTextMessageBufferSize(this.size);
			container.setDefaultMaxBinaryMessageBufferSize(this.size);
			logger.debug("WebSocket message buffers set to " + this.size);
		}
	}

	/**
	 * Return the buffer size.
	 * @return the size
	 */
	public int size() {
		return this.size;
	}

}
