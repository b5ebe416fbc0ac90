package dev.wse.client.internal;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.FrameCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The client side of the WSE key exchange and the keys of one connection. Each
 * {@code client_hello} the client sends registers the key pair it carried (or none); each
 * {@code server_hello} is matched to the oldest registered hello, and one that carries
 * {@code encryption_public_key} installs the key derived from it. From then on the client
 * encrypts with that key and decrypts with it, falling back to the key before it.
 * Thread-safe.
 * <p>
 * The client encrypts with random 96-bit IVs (as the WebCrypto clients do), so its IVs
 * cannot collide with the server's, which count up from a random prefix under the same
 * key.
 */
public final class ClientEncryption {

	private final SecureRandom random = new SecureRandom();

	private final Deque<Optional<KeyExchange>> hellos = new ArrayDeque<>();

	private volatile @Nullable AesGcmCipher current;

	private volatile @Nullable AesGcmCipher previous;

	private final Keys keys = new Keys();

	/**
	 * Record a {@code client_hello} about to be sent. Call before sending it, so the
	 * answer cannot arrive first.
	 * @param keys the key pair whose public key it carries, or {@code null} for a hello
	 * without a key
	 */
	public synchronized void helloSent(@Nullable KeyExchange keys) {
		this.hellos.add(Optional.ofNullable(keys));
	}

	/**
	 * Take a {@code server_hello}: the answer to the oldest recorded hello. When both
	 * carried a key, derive the shared key and switch to it.
	 * @param serverHello the message
	 * @return {@code true} if this hello installed a new key
	 * @throws dev.wse.protocol.ProtocolException with {@code KEY_EXCHANGE_FAILED} when
	 * the server's public key is unusable
	 */
	public boolean serverHello(Envelope serverHello) {
		Optional<KeyExchange> keys;
		synchronized (this) {
			keys = this.hellos.poll();
		}
		JsonNode serverKey = serverHello.payload().path("encryption_public_key");
		if (keys == null || keys.isEmpty() || !serverKey.isString()) {
			return false;
		}
		AesGcmCipher cipher = keys.get().deriveCipher(serverKey.stringValue());
		synchronized (this) {
			this.previous = this.current;
			this.current = cipher;
		}
		return true;
	}

	/**
	 * Return whether a key was exchanged.
	 * @return {@code true} once keyed
	 */
	public boolean isKeyed() {
		return this.current != null;
	}

	/**
	 * Return the keys as one cipher: it encrypts with the current key and a random IV per
	 * frame, and decrypts with the current key, then the previous one.
	 * @return the cipher, or {@code null} while not keyed
	 */
	public @Nullable FrameCipher cipher() {
		return (this.current != null) ? this.keys : null;
	}

	/**
	 * The current and previous keys as one {@link FrameCipher}.
	 */
	private final class Keys implements FrameCipher {

		@Override
		public byte[] encrypt(byte[] plaintext) {
			AesGcmCipher cipher = ClientEncryption.this.current;
			if (cipher == null) {
				throw new IllegalStateException("No key exchanged");
			}
			byte[] iv = new byte[AesGcmCipher.IV_LENGTH];
			ClientEncryption.this.random.nextBytes(iv);
			return cipher.encrypt(plaintext, iv);
		}

		@Override
		public byte[] decrypt(byte[] body) {
			AesGcmCipher cipher = ClientEncryption.this.current;
			AesGcmCipher old = ClientEncryption.this.previous;
			if (cipher == null) {
				throw new IllegalArgumentException("No key exchanged");
			}
			try {
				return cipher.decrypt(body);
			}
			catch (IllegalArgumentException ex) {
				if (old == null) {
					throw ex;
				}
				return old.decrypt(body);
			}
		}

	}

}
