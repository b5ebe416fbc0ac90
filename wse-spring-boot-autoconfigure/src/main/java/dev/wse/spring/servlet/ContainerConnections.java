package dev.wse.spring.servlet;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

import jakarta.servlet.http.WebConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Ends an upgraded servlet connection. The servlet API closes its streams, and the
 * container ends the connection when its next call to the connection's listeners returns;
 * on a thread of our own (a close timeout, a peer that never answers) that call may never
 * come, so on Tomcat the socket behind the streams is closed as well: Tomcat offers no
 * API for it, and a peer that ignores our close frame must not keep its socket (and its
 * place among the container's connections) forever.
 *
 * @author WSE team
 */
final class ContainerConnections {

	private static final Log logger = LogFactory.getLog(ContainerConnections.class);

	private static final String TOMCAT_INPUT_STREAM = "org.apache.coyote.http11.upgrade.UpgradeServletInputStream";

	private ContainerConnections() {
	}

	/**
	 * Close an upgraded connection.
	 * @param connection the connection
	 * @param endSocket whether to end the socket now instead of leaving it to the
	 * container's next call
	 */
	static void close(WebConnection connection, boolean endSocket) {
		Object socket = endSocket ? tomcatSocket(connection) : null;
		try {
			connection.close();
		}
		catch (Exception ex) {
			logger.debug("Failed to close an upgraded connection", ex);
		}
		if (socket != null) {
			try {
				Method close = socket.getClass().getMethod("close");
				close.invoke(socket);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.debug("Failed to close the socket of an upgraded connection", ex);
			}
		}
	}

	private static @Nullable Object tomcatSocket(WebConnection connection) {
		try {
			Object input = connection.getInputStream();
			if (!input.getClass().getName().equals(TOMCAT_INPUT_STREAM)) {
				return null;
			}
			Field field = input.getClass().getDeclaredField("socketWrapper");
			field.setAccessible(true);
			return field.get(input);
		}
		catch (IOException | ReflectiveOperationException | RuntimeException ex) {
			logger.debug("No socket to close behind an upgraded connection", ex);
			return null;
		}
	}

}
