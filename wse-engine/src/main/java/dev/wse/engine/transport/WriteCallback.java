package dev.wse.engine.transport;

import org.jspecify.annotations.Nullable;

/**
 * Completion of an asynchronous write.
 */
@FunctionalInterface
public interface WriteCallback {

	/**
	 * Called once when the write completed or failed.
	 * @param failure the failure, or {@code null} on success
	 */
	void completed(@Nullable Throwable failure);

}
