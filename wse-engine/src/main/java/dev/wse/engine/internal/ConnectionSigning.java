package dev.wse.engine.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.crypto.MessageSigning;
import dev.wse.protocol.crypto.ReplayCache;
import org.jspecify.annotations.Nullable;

/**
 * The signing state of one connection: the keys inbound signatures are checked with (the
 * current one, and the previous one for the rekey grace window), the key outbound
 * messages are signed with (switched by {@link ConnectionEncryption} where the
 * {@code server_hello} that announced it is written), the replay cache and the count of
 * consecutive failures.
 */
final class ConnectionSigning {

	private final long graceNanos;

	private final int replayCacheSize;

	private final Duration window;

	/** Created when first needed: most connections never sign. */
	private volatile @Nullable ReplayCache replay;

	private final AtomicInteger failures = new AtomicInteger();

	private volatile @Nullable MessageSigning current;

	private volatile @Nullable MessageSigning previous;

	private volatile long previousUntil;

	/** Written by the outbox's writer only. */
	private volatile @Nullable MessageSigning outbound;

	ConnectionSigning(long graceNanos, int replayCacheSize, Duration window) {
		this.graceNanos = graceNanos;
		this.replayCacheSize = replayCacheSize;
		this.window = window;
	}

	/**
	 * Return whether signing was negotiated on this connection.
	 * @return {@code true} once a signing key was installed
	 */
	boolean isNegotiated() {
		return this.current != null;
	}

	/**
	 * Install a new inbound key; the previous one stays valid for the grace window.
	 * @param signer the new key
	 * @param nowNanos the current time
	 * @return the state before, for {@link #restore(Keys)}
	 */
	Keys install(MessageSigning signer, long nowNanos) {
		Keys before = new Keys(this.current, this.previous, this.previousUntil);
		this.previous = this.current;
		this.previousUntil = nowNanos + this.graceNanos;
		this.current = signer;
		return before;
	}

	/**
	 * Put back the inbound keys of before an {@link #install} that was abandoned.
	 * @param keys the state returned by {@code install}
	 */
	void restore(Keys keys) {
		this.current = keys.current();
		this.previous = keys.previous();
		this.previousUntil = keys.previousUntil();
	}

	/**
	 * Check a signature's HMAC with the current key, or the previous one within its grace
	 * window.
	 * @param message the message
	 * @param signature its parsed {@code sig}
	 * @param nowNanos the current time
	 * @return whether a key verifies it
	 */
	boolean verify(Envelope message, MessageSigning.Signature signature, long nowNanos) {
		MessageSigning signer = this.current;
		if (signer == null) {
			return false;
		}
		if (signer.verify(message, signature)) {
			return true;
		}
		MessageSigning old = this.previous;
		return old != null && nowNanos - this.previousUntil < 0 && old.verify(message, signature);
	}

	ReplayCache replay() {
		ReplayCache cache = this.replay;
		if (cache == null) {
			synchronized (this) {
				cache = this.replay;
				if (cache == null) {
					cache = new ReplayCache(this.replayCacheSize, this.window);
					this.replay = cache;
				}
			}
		}
		return cache;
	}

	/**
	 * Count a message that failed its signature or replay check.
	 * @return the number of consecutive failures, this one included
	 */
	int failed() {
		return this.failures.incrementAndGet();
	}

	/**
	 * Reset the consecutive failures after a message passed.
	 */
	void passed() {
		this.failures.set(0);
	}

	/**
	 * Switch the outbound key (called by the writer as the announcing
	 * {@code server_hello} is written).
	 * @param signer the key
	 */
	void switchOutbound(MessageSigning signer) {
		this.outbound = signer;
	}

	/**
	 * Return the key outbound messages are signed with.
	 * @return the key, or {@code null} before the first {@code server_hello} that
	 * negotiated signing was written
	 */
	@Nullable MessageSigning outbound() {
		return this.outbound;
	}

	/**
	 * Inbound keys saved by {@link #install}.
	 */
	record Keys(@Nullable MessageSigning current, @Nullable MessageSigning previous, long previousUntil) {

	}

}
