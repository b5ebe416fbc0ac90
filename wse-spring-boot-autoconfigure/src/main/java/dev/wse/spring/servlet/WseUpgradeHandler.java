package dev.wse.spring.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.jspecify.annotations.Nullable;

/**
 * The servlet container's handle on a WSE connection after the upgrade. Created by the
 * container (hence public, with a public constructor); {@link WseRequestUpgradeStrategy}
 * attaches the connection's session to it.
 *
 * @author WSE team
 * @since 0.1.0
 */
public final class WseUpgradeHandler implements HttpUpgradeHandler {

	private @Nullable ServletWebSocketSession session;

	/**
	 * Create a handler; the container does.
	 */
	public WseUpgradeHandler() {
	}

	void attach(ServletWebSocketSession session) {
		this.session = session;
	}

	@Override
	public void init(WebConnection connection) {
		ServletWebSocketSession session = this.session;
		if (session == null) {
			throw new IllegalStateException("No WSE session attached to the upgrade");
		}
		try {
			session.start(connection);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void destroy() {
		ServletWebSocketSession session = this.session;
		if (session != null) {
			session.destroyed();
		}
	}

}
