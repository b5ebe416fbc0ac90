package dev.wse.engine.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The state of a connection that has not authenticated yet (post-connect modes): the
 * challenge it was sent, whether it has made its one attempt, and how many other messages
 * it sent meanwhile.
 */
final class PendingAuthentication {

	private final @Nullable String nonce;

	private final long issuedAt;

	private final AtomicBoolean attempted = new AtomicBoolean();

	private final AtomicInteger refused = new AtomicInteger();

	/**
	 * Create the state.
	 * @param nonce the challenge nonce, or {@code null} in the {@code MESSAGE} mode
	 * @param issuedAt when the connection opened / the challenge was issued, in epoch
	 * milliseconds
	 */
	PendingAuthentication(@Nullable String nonce, long issuedAt) {
		this.nonce = nonce;
		this.issuedAt = issuedAt;
	}

	@Nullable String nonce() {
		return this.nonce;
	}

	long issuedAt() {
		return this.issuedAt;
	}

	/**
	 * Claim the single authentication attempt.
	 * @return {@code true} for the first attempt only
	 */
	boolean attempt() {
		return this.attempted.compareAndSet(false, true);
	}

	/**
	 * Count a message refused before authentication.
	 * @return the number refused so far
	 */
	int refused() {
		return this.refused.incrementAndGet();
	}

}
