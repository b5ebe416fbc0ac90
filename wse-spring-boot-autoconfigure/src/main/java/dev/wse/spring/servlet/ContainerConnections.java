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
 * come. On Tomcat the connection is then handed back to the container to end: a
 * {@code STOP} event for its socket, which a container thread processes as it does when
 * the connector stops (under the socket's lock, in turn with the socket's other events:
 * the streams close, the upgrade handler is destroyed and the socket closes). Tomcat
 * offers no API to reach the socket from the servlet streams, so finding it takes
 * reflection; a peer that ignores our close frame must not keep its socket (and its place
 * among the container's connections) forever.
 *
 * @author WSE team
 */
final class ContainerConnections {

	private static final Log logger = LogFactory.getLog(ContainerConnections.class);

	private static final String TOMCAT_INPUT_STREAM = "org.apache.coyote.http11.upgrade.UpgradeServletInputStream";

	private static final String TOMCAT_SOCKET_EVENT = "org.apache.tomcat.util.net.SocketEvent";

	private ContainerConnections() {
	}

	/**
	 * Close an upgraded connection.
	 * @param connection the connection
	 * @param endSocket whether to have the container end the socket now instead of
	 * leaving it to its next call
	 */
	static void close(WebConnection connection, boolean endSocket) {
		if (endSocket && stopTomcatSocket(connection)) {
			return;
		}
		try {
			connection.close();
		}
		catch (Exception ex) {
			logger.debug("Failed to close an upgraded connection", ex);
		}
	}

	/**
	 * Ask Tomcat to end the socket behind a connection on one of its threads
	 * ({@code SocketWrapperBase.processSocket(SocketEvent.STOP, true)}).
	 * @return whether Tomcat took the request
	 */
	private static boolean stopTomcatSocket(WebConnection connection) {
		Object socket = tomcatSocket(connection);
		if (socket == null) {
			return false;
		}
		try {
			Class<?> events = Class.forName(TOMCAT_SOCKET_EVENT, false, socket.getClass().getClassLoader());
			Object stop = events.getField("STOP").get(null);
			Method process = socket.getClass().getMethod("processSocket", events, boolean.class);
			// dispatch = true: a container thread processes it, never the calling one
			process.invoke(socket, stop, true);
			return true;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Failed to have Tomcat end the socket of an upgraded connection", ex);
			return false;
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
			logger.debug("No socket to end behind an upgraded connection", ex);
			return null;
		}
	}

}
