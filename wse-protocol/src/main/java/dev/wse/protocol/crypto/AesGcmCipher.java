package dev.wse.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for {@code E:} frames: 12-byte IV, 128-bit tag appended to the ciphertext,
 * no associated data. Thread-safe.
 * <p>
 * IVs never repeat under one instance: each is 4 random bytes chosen when the instance is
 * created followed by a 64-bit big-endian counter.
 */
public final class AesGcmCipher implements FrameCipher {

	/** Key length in bytes (AES-256). */
	public static final int KEY_LENGTH = 32;

	/** IV length in bytes. */
	public static final int IV_LENGTH = 12;

	/** Authentication tag length in bytes. */
	public static final int TAG_LENGTH = 16;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int IV_PREFIX_LENGTH = 4;

	// Cipher.getInstance costs several times the AES-GCM work of a small frame (see
	// docs/benchmarks-jmh.md), so each thread keeps one instance and initialises it again
	// with the key and IV of every operation.
	private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcmCipher::newCipher);

	private final SecretKeySpec key;

	private final byte[] ivPrefix = new byte[IV_PREFIX_LENGTH];

	private final AtomicLong ivCounter = new AtomicLong();

	/**
	 * Create a cipher for a key.
	 * @param key the 32-byte AES key (copied)
	 * @throws IllegalArgumentException if the key is not 32 bytes
	 */
	public AesGcmCipher(byte[] key) {
		if (key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("AES-256 key must be " + KEY_LENGTH + " bytes, got " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
		new SecureRandom().nextBytes(this.ivPrefix);
	}

	/**
	 * Encrypt with the next IV of this instance.
	 * @param plaintext the content
	 * @return IV (12 bytes) + ciphertext + tag (16 bytes)
	 */
	@Override
	public byte[] encrypt(byte[] plaintext) {
		return encrypt(plaintext, nextIv());
	}

	/**
	 * Encrypt with a given IV. Meant for test vectors: reusing an IV under one key breaks
	 * GCM.
	 * @param plaintext the content
	 * @param iv the 12-byte IV
	 * @return IV (12 bytes) + ciphertext + tag (16 bytes)
	 * @throws IllegalArgumentException if the IV is not 12 bytes
	 */
	public byte[] encrypt(byte[] plaintext, byte[] iv) {
		if (iv.length != IV_LENGTH) {
			throw new IllegalArgumentException("IV must be " + IV_LENGTH + " bytes, got " + iv.length);
		}
		try {
			GCMParameterSpec parameters = new GCMParameterSpec(TAG_LENGTH * 8, iv);
			Cipher cipher = CIPHERS.get();
			try {
				cipher.init(Cipher.ENCRYPT_MODE, this.key, parameters);
			}
			catch (InvalidAlgorithmParameterException ex) {
				// an instance refuses the key and IV it last encrypted with; only a
				// caller-chosen IV (test vectors) repeats
				cipher = newCipher();
				cipher.init(Cipher.ENCRYPT_MODE, this.key, parameters);
			}
			byte[] out = new byte[IV_LENGTH + cipher.getOutputSize(plaintext.length)];
			System.arraycopy(iv, 0, out, 0, IV_LENGTH);
			cipher.doFinal(plaintext, 0, plaintext.length, out, IV_LENGTH);
			return out;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * Decrypt and authenticate IV + ciphertext + tag.
	 * @param body IV + ciphertext + tag
	 * @return the plaintext
	 * @throws IllegalArgumentException when the body is shorter than IV and tag or
	 * authentication fails
	 */
	@Override
	public byte[] decrypt(byte[] body) {
		if (body.length < IV_LENGTH + TAG_LENGTH) {
			throw new IllegalArgumentException(
					"Encrypted body must hold at least " + (IV_LENGTH + TAG_LENGTH) + " bytes, got " + body.length);
		}
		try {
			Cipher cipher = CIPHERS.get();
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_LENGTH * 8, body, 0, IV_LENGTH));
			return cipher.doFinal(body, IV_LENGTH, body.length - IV_LENGTH);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalArgumentException("AES-GCM authentication failed", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("AES-GCM decryption failed", ex);
		}
	}

	private static Cipher newCipher() {
		try {
			return Cipher.getInstance(TRANSFORMATION);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	private byte[] nextIv() {
		long counter = this.ivCounter.getAndIncrement();
		byte[] iv = new byte[IV_LENGTH];
		System.arraycopy(this.ivPrefix, 0, iv, 0, IV_PREFIX_LENGTH);
		for (int i = IV_LENGTH - 1; i >= IV_PREFIX_LENGTH; i--) {
			iv[i] = (byte) counter;
			counter >>>= 8;
		}
		return iv;
	}

}
