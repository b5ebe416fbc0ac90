package dev.wse.engine;

/**
 * Lifecycle state of a {@link WseEngine}.
 */
public enum EngineState {

	/** Created, not yet accepting connections. */
	NEW,

	/** Accepting connections. */
	RUNNING,

	/** Stopping: refusing new connections, closing and draining the open ones. */
	DRAINING,

	/** Stopped. */
	STOPPED

}
