package dev.wse.integration;

import dev.wse.spring.netty.WseNettyServerLifecycle;
import dev.wse.spring.servlet.WseRequestUpgradeStrategy;

import org.springframework.context.ApplicationContext;

/**
 * Finds the port the WSE endpoint of a test server listens on: the Netty server's when
 * the application runs with {@code wse.transport=netty} (the second surefire execution
 * sets it), the servlet container's otherwise.
 */
final class WsePorts {

	private WsePorts() {
	}

	/**
	 * Return the port of the WSE endpoint.
	 * @param context the application context
	 * @param servletPort the servlet container's port
	 * @return the port WebSocket clients connect to
	 */
	static int wsePort(ApplicationContext context, int servletPort) {
		WseNettyServerLifecycle netty = context.getBeanProvider(WseNettyServerLifecycle.class).getIfAvailable();
		return (netty != null) ? netty.port() : servletPort;
	}

	/**
	 * Return whether the application serves WSE on the Netty transport.
	 * @param context the application context
	 * @return {@code true} for Netty
	 */
	static boolean isNetty(ApplicationContext context) {
		return context.getBeanProvider(WseNettyServerLifecycle.class).getIfAvailable() != null;
	}

	/**
	 * Return whether WSE reads WebSocket frames itself (the Netty transport, or WSE's own
	 * protocol on the servlet transport) rather than through the container's JSR 356
	 * support.
	 * @param context the application context
	 * @return {@code true} if WSE reads the frames
	 */
	static boolean readsFramesItself(ApplicationContext context) {
		return isNetty(context) || context.getBeanProvider(WseRequestUpgradeStrategy.class).getIfAvailable() != null;
	}

	/**
	 * Return whether the transport closes carefully: ends the connection only once our
	 * close frame is out, even when the peer's close frame arrives while ours still waits
	 * behind data the peer has not read, and reads the peer's close frame even while
	 * reading is paused. WSE's own servlet protocol and the Netty transport do; the
	 * container's JSR 356 support does not.
	 * @param context the application context
	 * @return {@code true} if the transport closes carefully
	 */
	static boolean closesCarefully(ApplicationContext context) {
		return readsFramesItself(context);
	}

}
