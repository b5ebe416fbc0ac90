package dev.wse.protocol.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * HKDF (RFC 5869) key derivation.
 */
public final class Hkdf {

	private static final String HMAC_SHA256 = "HmacSHA256";

	private static final int SHA256_LENGTH = 32;

	private Hkdf() {
	}

	/**
	 * Derive key material with HKDF-SHA256. An absent or empty salt means {@code HashLen}
	 * zero bytes, as RFC 5869 specifies (and as WebCrypto does for an empty salt).
	 * @param ikm the input key material
	 * @param salt the salt, or {@code null} or empty for none
	 * @param info the context information
	 * @param length the number of bytes to derive (1 to 8160)
	 * @return the output key material
	 * @throws IllegalArgumentException if the length is out of range
	 */
	public static byte[] sha256(byte[] ikm, byte @Nullable [] salt, byte[] info, int length) {
		if (length < 1 || length > 255 * SHA256_LENGTH) {
			throw new IllegalArgumentException("HKDF-SHA256 length must be 1 to 8160, got " + length);
		}
		try {
			byte[] extractKey = (salt == null || salt.length == 0) ? new byte[SHA256_LENGTH] : salt;
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(new SecretKeySpec(extractKey, HMAC_SHA256));
			byte[] prk = mac.doFinal(ikm);
			mac.init(new SecretKeySpec(prk, HMAC_SHA256));
			byte[] okm = new byte[length];
			byte[] block = new byte[0];
			int written = 0;
			for (int counter = 1; written < length; counter++) {
				mac.update(block);
				mac.update(info);
				mac.update((byte) counter);
				block = mac.doFinal();
				int count = Math.min(block.length, length - written);
				System.arraycopy(block, 0, okm, written, count);
				written += count;
			}
			return okm;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
