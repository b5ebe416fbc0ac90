package dev.wse.protocol.crypto;

/**
 * A per-connection authenticated cipher for {@code E:} frames. Implementations never
 * repeat an IV under one key.
 */
public interface FrameCipher {

	/**
	 * Encrypt content into IV + ciphertext + tag (without the {@code E:} prefix).
	 * @param plaintext the content
	 * @return IV (12 bytes) + ciphertext + tag (16 bytes)
	 */
	byte[] encrypt(byte[] plaintext);

	/**
	 * Decrypt IV + ciphertext + tag (without the {@code E:} prefix).
	 * @param body IV + ciphertext + tag
	 * @return the plaintext
	 * @throws java.security.GeneralSecurityException-wrapping
	 * {@link IllegalArgumentException} when the body is too short or authentication fails
	 */
	byte[] decrypt(byte[] body);

}
