package dev.wse.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * HMAC-SHA256 message signatures (the {@code sig} field) under a key both peers derive
 * from their ECDH shared secret. Immutable and thread-safe.
 * <p>
 * <b>Key</b>: HKDF-SHA256 over the ECDH shared secret (the same one the AES key comes
 * from), all-zero salt, info {@value #HKDF_INFO}, 32 bytes; never the AES key.
 * <p>
 * <b>Canonical form</b>: the UTF-8 bytes of the RFC 8785 (JCS) canonical text of the
 * array {@code ["wse-sig-v1", t, tp, id, cid, n, ts, p]}: the message type, the topic
 * stamp, the message id and the correlation id ({@code null} when absent), the nonce
 * string, the timestamp (integer milliseconds) and the payload.
 * <p>
 * <b>{@code sig}</b>: the string {@code 1.<n>.<ts>.<h>}: the version {@code 1}, the nonce
 * (16 random bytes, unpadded base64url, 22 characters), the timestamp (decimal epoch
 * milliseconds) and the HMAC-SHA256 of the canonical form (unpadded base64url, 43
 * characters).
 */
public final class MessageSigning {

	/** The HKDF info string of the signing key. */
	public static final String HKDF_INFO = "wse-signing/hmac-sha256-key";

	/** The algorithm name announced in {@code server_hello}. */
	public static final String ALGORITHM = "HMAC-SHA256";

	/** The signature format version. */
	public static final int VERSION = 1;

	/** The first element of the canonical form. */
	public static final String CANONICAL_TAG = "wse-sig-v1";

	/** The key length in bytes. */
	public static final int KEY_LENGTH = 32;

	/** The nonce length in bytes. */
	public static final int NONCE_LENGTH = 16;

	private static final int MAC_LENGTH = 32;

	private static final String HMAC_SHA256 = "HmacSHA256";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final SecretKeySpec key;

	/**
	 * Create a signer for a key.
	 * @param key the 32-byte signing key (copied)
	 * @throws IllegalArgumentException if the key is not 32 bytes
	 */
	public MessageSigning(byte[] key) {
		if (key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("Signing key must be " + KEY_LENGTH + " bytes, got " + key.length);
		}
		this.key = new SecretKeySpec(key.clone(), HMAC_SHA256);
	}

	/**
	 * Derive the signing key from an ECDH shared secret: HKDF-SHA256, all-zero salt, info
	 * {@value #HKDF_INFO}, 32 bytes.
	 * @param sharedSecret the ECDH shared secret
	 * @return the signing key
	 */
	public static byte[] deriveKey(byte[] sharedSecret) {
		return Hkdf.sha256(sharedSecret, null, HKDF_INFO.getBytes(StandardCharsets.US_ASCII), KEY_LENGTH);
	}

	/**
	 * Create the signer shared with a peer.
	 * @param sharedSecret the ECDH shared secret
	 * @return the signer
	 */
	public static MessageSigning fromSharedSecret(byte[] sharedSecret) {
		return new MessageSigning(deriveKey(sharedSecret));
	}

	/**
	 * Return the canonical form of a message: the UTF-8 bytes of the JCS text of
	 * {@code ["wse-sig-v1", t, tp, id, cid, n, ts, p]}.
	 * @param message the message
	 * @param nonce the nonce as it appears in {@code sig}
	 * @param timestamp the timestamp in epoch milliseconds
	 * @return the bytes that are MACed
	 * @throws IllegalArgumentException if the payload holds a value JSON cannot (binary,
	 * NaN)
	 */
	public static byte[] canonicalForm(Envelope message, String nonce, long timestamp) {
		ArrayNode form = NODES.arrayNode();
		form.add(CANONICAL_TAG);
		form.add(message.type());
		addNullable(form, message.topic());
		addNullable(form, message.id());
		addNullable(form, message.correlationId());
		form.add(nonce);
		form.add(timestamp);
		form.add(message.payload());
		return JsonCanonicalizer.canonicalize(form).getBytes(StandardCharsets.UTF_8);
	}

	private static void addNullable(ArrayNode form, @Nullable String value) {
		if (value == null) {
			form.addNull();
		}
		else {
			form.add(value);
		}
	}

	/**
	 * Sign a message with a fresh random nonce and the current time.
	 * @param message the message
	 * @return the message with {@code sig} set
	 */
	public Envelope sign(Envelope message) {
		byte[] nonce = new byte[NONCE_LENGTH];
		RANDOM.nextBytes(nonce);
		return message.toBuilder().signature(signature(message, nonce, System.currentTimeMillis())).build();
	}

	/**
	 * Compute the {@code sig} value of a message for a given nonce and timestamp (fixed
	 * values are for test vectors; a nonce must never be reused).
	 * @param message the message
	 * @param nonce the 16 nonce bytes
	 * @param timestamp the timestamp in epoch milliseconds
	 * @return the {@code sig} string {@code 1.<n>.<ts>.<h>}
	 */
	public String signature(Envelope message, byte[] nonce, long timestamp) {
		String encodedNonce = BASE64URL.encodeToString(nonce);
		byte[] mac = mac(canonicalForm(message, encodedNonce, timestamp));
		return VERSION + "." + encodedNonce + "." + timestamp + "." + BASE64URL.encodeToString(mac);
	}

	/**
	 * Check the MAC of a parsed signature against a message.
	 * @param message the message (its {@code sig} is ignored)
	 * @param signature the parsed {@code sig}
	 * @return {@code true} if the MAC matches (compared in constant time)
	 */
	public boolean verify(Envelope message, Signature signature) {
		byte[] expected;
		try {
			expected = mac(canonicalForm(message, signature.nonce(), signature.timestamp()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(expected, signature.mac());
	}

	private byte[] mac(byte[] content) {
		try {
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(this.key);
			return mac.doFinal(content);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Parse a {@code sig} string strictly: {@code 1.<22 base64url>.<decimal ms>.<43
	 * base64url>}.
	 * @param sig the field value
	 * @return the parsed signature, or {@code null} when malformed
	 */
	public static @Nullable Signature parse(@Nullable String sig) {
		if (sig == null || sig.length() > 128) {
			return null;
		}
		String[] parts = sig.split("\\.", -1);
		if (parts.length != 4 || !parts[0].equals(Integer.toString(VERSION))) {
			return null;
		}
		byte[] nonce = decode(parts[1], NONCE_LENGTH);
		byte[] mac = decode(parts[3], MAC_LENGTH);
		if (nonce == null || mac == null || parts[2].isEmpty() || parts[2].length() > 16
				|| (parts[2].length() > 1 && parts[2].charAt(0) == '0')) {
			return null;
		}
		for (int i = 0; i < parts[2].length(); i++) {
			if (parts[2].charAt(i) < '0' || parts[2].charAt(i) > '9') {
				return null;
			}
		}
		return new Signature(parts[1], Long.parseLong(parts[2]), mac);
	}

	private static byte @Nullable [] decode(String part, int length) {
		if (part.length() != (length * 4 + 2) / 3) {
			return null;
		}
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' && c != '_') {
				return null;
			}
		}
		try {
			byte[] bytes = BASE64URL_DECODER.decode(part);
			// the canonical encoding only: no stray bits in the last character
			return (bytes.length == length && BASE64URL.encodeToString(bytes).equals(part)) ? bytes : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A parsed {@code sig}.
	 *
	 * @param nonce the nonce as sent (base64url, the string that is signed)
	 * @param timestamp the timestamp in epoch milliseconds
	 * @param mac the 32-byte HMAC
	 */
	public record Signature(String nonce, long timestamp, byte[] mac) {

	}

}
