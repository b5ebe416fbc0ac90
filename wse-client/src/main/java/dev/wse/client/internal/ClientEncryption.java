package dev.wse.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.FrameCipher;
import dev.wse.protocol.crypto.Hkdf;
import dev.wse.protocol.crypto.KeyExchange;
import dev.wse.protocol.crypto.MessageSigning;
import dev.wse.protocol.crypto.ReplayCache;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The client side of the WSE key exchange and the keys of one connection. Each
 * {@code client_hello} the client sends registers the key pair it carried (or none); each
 * {@code server_hello} is matched to the oldest registered hello, and one that carries
 * {@code encryption_public_key} installs the keys derived from it: the AES key when
 * {@code features.encryption} is not {@code false}, the signing key (with the signed
 * types) when {@code features.signing} is {@code true}. From then on the client encrypts
 * with that key and decrypts with it, falling back to the key before it, and signs and
 * verifies messages of the signed types. Thread-safe.
 * <p>
 * The client encrypts with random 96-bit IVs (as the WebCrypto clients do), so its IVs
 * cannot collide with the server's, which count up from a random prefix under the same
 * key.
 */
public final class ClientEncryption {

	private static final int REPLAY_CACHE_SIZE = 10_000;

	private final SecureRandom random = new SecureRandom();

	private final Deque<Optional<KeyExchange>> hellos = new ArrayDeque<>();

	private volatile @Nullable AesGcmCipher current;

	private volatile @Nullable AesGcmCipher previous;

	private final Keys keys = new Keys();

	private volatile @Nullable Signing signing;

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
		byte[] secret = keys.get().sharedSecret(serverKey.stringValue());
		JsonNode features = serverHello.payload().path("features");
		boolean installed = false;
		if (!features.path("encryption").isBoolean() || features.path("encryption").booleanValue()) {
			AesGcmCipher cipher = new AesGcmCipher(Hkdf.sha256(secret, null,
					KeyExchange.HKDF_INFO.getBytes(StandardCharsets.US_ASCII), AesGcmCipher.KEY_LENGTH));
			synchronized (this) {
				this.previous = this.current;
				this.current = cipher;
			}
			installed = true;
		}
		JsonNode signing = serverHello.payload().path("signing");
		if (features.path("signing").isBoolean() && features.path("signing").booleanValue()
				&& MessageSigning.ALGORITHM.equals(signing.path("algorithm").asString(null))
				&& signing.path("version").asInt(0) == MessageSigning.VERSION) {
			Set<String> types = new HashSet<>();
			signing.path("types").forEach((type) -> types.add(type.asString("")));
			long window = signing.path("window_ms").asLong(300_000);
			Signing old = this.signing;
			ReplayCache replay = (old != null) ? old.replay()
					: new ReplayCache(REPLAY_CACHE_SIZE, Duration.ofMillis(Math.max(1, window)));
			this.signing = new Signing(MessageSigning.fromSharedSecret(secret), (old != null) ? old.signer() : null,
					Set.copyOf(types), replay);
			installed = true;
		}
		return installed;
	}

	/**
	 * Return whether signing was negotiated.
	 * @return {@code true} once a {@code server_hello} negotiated signing
	 */
	public boolean isSigning() {
		return this.signing != null;
	}

	/**
	 * Sign a message if it is of a signed type.
	 * @param message the message
	 * @return the message with {@code sig}, or the message itself
	 */
	public Envelope sign(Envelope message) {
		Signing state = this.signing;
		if (state == null || !state.types().contains(message.type())) {
			return message;
		}
		return state.signer().sign(message);
	}

	/**
	 * Check an inbound message of a signed type: a valid {@code sig} under the current
	 * (or previous) key, a new nonce, a timestamp within the window.
	 * @param message the message
	 * @return {@code null} when it passes or is not of a signed type, else the error code
	 * ({@code INVALID_SIGNATURE} or {@code REPLAY_DETECTED})
	 */
	public @Nullable ErrorCode verify(Envelope message) {
		Signing state = this.signing;
		if (state == null || !state.types().contains(message.type())) {
			return null;
		}
		MessageSigning.Signature signature = MessageSigning.parse(message.signature());
		if (signature == null) {
			return ErrorCode.INVALID_SIGNATURE;
		}
		MessageSigning previousSigner = state.previous();
		if (!state.signer().verify(message, signature)
				&& (previousSigner == null || !previousSigner.verify(message, signature))) {
			return ErrorCode.INVALID_SIGNATURE;
		}
		return (state.replay()
			.check(signature.nonce(), signature.timestamp(), System.currentTimeMillis()) == ReplayCache.Result.ACCEPTED)
					? null : ErrorCode.REPLAY_DETECTED;
	}

	/**
	 * The negotiated signing state.
	 */
	private record Signing(MessageSigning signer, @Nullable MessageSigning previous, Set<String> types,
			ReplayCache replay) {

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
