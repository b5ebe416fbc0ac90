package dev.wse.engine.handler;

import dev.wse.engine.presence.PresenceChange;

/**
 * Told about presence changes (joins, leaves, updates) of every topic. Called on the
 * thread that caused the change: keep it short and do not block.
 */
@FunctionalInterface
public interface PresenceListener {

	/**
	 * Handle a change.
	 * @param change the change
	 */
	void changed(PresenceChange change);

}
