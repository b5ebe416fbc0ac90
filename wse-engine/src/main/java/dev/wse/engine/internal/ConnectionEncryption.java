package dev.wse.engine.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.wse.engine.connection.Outbox;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.FrameCipher;
import dev.wse.protocol.crypto.MessageSigning;
import org.jspecify.annotations.Nullable;

/**
 * The encryption state of one connection: the keys it decrypts inbound {@code E:} frames
 * with (the current one, and the previous one for a grace window after a rekey), the key
 * its outbound frames are encrypted with, and the count of consecutive frames that failed
 * to decrypt.
 * <p>
 * Outbound frames are encrypted as the outbox's single writer takes them
 * ({@link Outbox.Encoder}), so shared publication frames stay shared in the queue and
 * each encrypted connection encrypts its own copy. The outbound key switches exactly
 * where the {@code server_hello} that announced it stands in the write order: frames
 * written before it use the previous key (or none), {@code server_hello} itself is
 * plaintext, every frame written after it uses the new key.
 * <p>
 * Signing keys switch the same way: outbound messages of signed types are signed (before
 * encryption) with the key of the last {@code server_hello} written that negotiated
 * signing.
 */
final class ConnectionEncryption implements Outbox.Encoder {

	private final FrameCodec codec;

	private final long graceNanos;

	private final ConnectionSigning signing;

	private final MessageSignatures signatures;

	private final WireFormat format;

	/**
	 * The {@code server_hello} frames queued, in order, with the key each switches to.
	 */
	private final ConcurrentLinkedQueue<Hello> hellos = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failures = new AtomicInteger();

	/** Written by the outbox's writer only. */
	private volatile @Nullable FrameCipher outbound;

	private volatile @Nullable FrameCipher current;

	private volatile @Nullable FrameCipher previous;

	private volatile long previousUntil;

	private volatile long keyedAt;

	private volatile long rekeyRequestedAt;

	ConnectionEncryption(FrameCodec codec, long graceNanos, ConnectionSigning signing, MessageSignatures signatures,
			WireFormat format) {
		this.codec = codec;
		this.graceNanos = graceNanos;
		this.signing = signing;
		this.signatures = signatures;
		this.format = format;
	}

	/**
	 * Return whether a key was exchanged on this connection.
	 * @return {@code true} once keyed
	 */
	boolean isKeyed() {
		return this.current != null;
	}

	/**
	 * Queue a {@code server_hello} that changes no key; it is written in plaintext.
	 * @param hello the frame
	 * @param offer queues the frame on the connection
	 * @return whether it was queued
	 */
	synchronized boolean hello(OutboundFrame hello, Predicate<OutboundFrame> offer) {
		Hello entry = new Hello(hello, null, null);
		this.hellos.add(entry);
		if (offer.test(hello)) {
			return true;
		}
		this.hellos.remove(entry);
		return false;
	}

	/**
	 * Install a new key and queue the {@code server_hello} that announces it. Inbound,
	 * the key applies at once and the previous one stays valid for the grace window;
	 * outbound, it applies from the frame after the {@code server_hello}. If the hello
	 * cannot be queued, nothing changes. A signing key, if given, switches the same way.
	 * @param cipher the new key, or {@code null} to keep the encryption key (a hello that
	 * negotiated signing only)
	 * @param signer the new signing key, or {@code null} to keep the signing key
	 * @param hello the {@code server_hello} carrying the server's public key
	 * @param offer queues the frame on the connection
	 * @param nowNanos the current time
	 * @return whether the hello was queued and the key installed
	 */
	synchronized boolean rekey(@Nullable FrameCipher cipher, @Nullable MessageSigning signer, OutboundFrame hello,
			Predicate<OutboundFrame> offer, long nowNanos) {
		FrameCipher oldCurrent = this.current;
		FrameCipher oldPrevious = this.previous;
		long oldPreviousUntil = this.previousUntil;
		long oldKeyedAt = this.keyedAt;
		long oldRekeyRequestedAt = this.rekeyRequestedAt;
		if (cipher != null) {
			this.previous = oldCurrent;
			this.previousUntil = nowNanos + this.graceNanos;
			this.current = cipher;
			this.keyedAt = nowNanos;
			this.rekeyRequestedAt = 0;
		}
		ConnectionSigning.Keys oldSigning = (signer != null) ? this.signing.install(signer, nowNanos) : null;
		Hello entry = new Hello(hello, cipher, signer);
		this.hellos.add(entry);
		if (offer.test(hello)) {
			return true;
		}
		this.hellos.remove(entry);
		this.current = oldCurrent;
		this.previous = oldPrevious;
		this.previousUntil = oldPreviousUntil;
		this.keyedAt = oldKeyedAt;
		this.rekeyRequestedAt = oldRekeyRequestedAt;
		if (oldSigning != null) {
			this.signing.restore(oldSigning);
		}
		return false;
	}

	/**
	 * Decrypt an inbound {@code E:} frame with the current key, or with the previous one
	 * within its grace window.
	 * @param frame the whole frame, {@code E:} prefix included
	 * @param nowNanos the current time
	 * @return the plaintext, or {@code null} when there is no key, the frame is too short
	 * or no key authenticates it
	 */
	byte @Nullable [] decrypt(byte[] frame, long nowNanos) {
		FrameCipher cipher = this.current;
		if (cipher == null) {
			return null;
		}
		byte[] body = Arrays.copyOfRange(frame, FrameCodec.ENCRYPTED_PREFIX.length, frame.length);
		byte[] plaintext = tryDecrypt(cipher, body);
		if (plaintext == null) {
			FrameCipher old = this.previous;
			if (old != null && nowNanos - this.previousUntil < 0) {
				plaintext = tryDecrypt(old, body);
			}
		}
		return plaintext;
	}

	private static byte @Nullable [] tryDecrypt(FrameCipher cipher, byte[] body) {
		try {
			return cipher.decrypt(body);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Count a frame that failed to decrypt.
	 * @return the number of consecutive failures, this one included
	 */
	int failed() {
		return this.failures.incrementAndGet();
	}

	/**
	 * Reset the consecutive failures after a frame decrypted.
	 */
	void decrypted() {
		this.failures.set(0);
	}

	/**
	 * Return whether the client should be asked to rekey now: keyed, and the key (or the
	 * last request) is at least an interval old. Records the request when it is due.
	 * @param nowNanos the current time
	 * @param intervalNanos the rekey interval; 0 disables
	 * @return {@code true} if a {@code rekey_request} is due
	 */
	synchronized boolean rekeyRequestDue(long nowNanos, long intervalNanos) {
		if (intervalNanos <= 0 || this.current == null) {
			return false;
		}
		long since = (this.rekeyRequestedAt != 0) ? this.rekeyRequestedAt : this.keyedAt;
		if (nowNanos - since < intervalNanos) {
			return false;
		}
		this.rekeyRequestedAt = nowNanos;
		return true;
	}

	@Override
	public OutboundFrame encode(OutboundFrame frame) {
		// server_hello frames are control frames, written in the order they were queued:
		// the next one written is the head
		Hello hello = this.hellos.peek();
		if (hello != null && hello.frame == frame) {
			this.hellos.poll();
			if (hello.cipher != null) {
				this.outbound = hello.cipher;
			}
			if (hello.signer != null) {
				this.signing.switchOutbound(hello.signer);
			}
			return frame;
		}
		MessageSigning signer = this.signing.outbound();
		OutboundFrame content = (signer != null) ? this.signatures.sign(frame, this.format, signer) : frame;
		FrameCipher cipher = this.outbound;
		if (cipher == null) {
			return content;
		}
		return OutboundFrame.binary(this.codec.encryptFrame(content.bytes(), cipher));
	}

	/**
	 * A queued {@code server_hello} and the keys it switches the outbound frames to
	 * ({@code null}: no switch).
	 */
	private record Hello(OutboundFrame frame, @Nullable FrameCipher cipher, @Nullable MessageSigning signer) {

	}

}
