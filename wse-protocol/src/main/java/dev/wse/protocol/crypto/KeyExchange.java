package dev.wse.protocol.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

import javax.crypto.KeyAgreement;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.jspecify.annotations.Nullable;

/**
 * One side of the WSE key exchange: an ECDH P-256 key pair whose public key travels as a
 * raw SEC1 point in padded standard base64, and the derivation of the AES-256-GCM key
 * from the peer's public key (HKDF-SHA256, all-zero salt, info {@value #HKDF_INFO}).
 * Immutable and thread-safe.
 */
public final class KeyExchange {

	/** The HKDF info string of the WSE frame key. */
	public static final String HKDF_INFO = "wse-encryption/aes-gcm-key";

	private static final String CURVE = "secp256r1";

	private static final int COORDINATE_LENGTH = 32;

	private static final int UNCOMPRESSED_LENGTH = 1 + 2 * COORDINATE_LENGTH;

	private static final int COMPRESSED_LENGTH = 1 + COORDINATE_LENGTH;

	private static final ECParameterSpec PARAMETERS = jdkParameters();

	// Point decoding (compressed points included) and scalar multiplication, which the
	// JDK lacks.
	private static final X9ECParameters CURVE_MATH = CustomNamedCurves.getByName(CURVE);

	private final PrivateKey privateKey;

	private final byte[] publicKey;

	private KeyExchange(PrivateKey privateKey, byte[] publicKey) {
		this.privateKey = privateKey;
		this.publicKey = publicKey;
	}

	/**
	 * Generate a fresh key pair.
	 * @return the key exchange
	 */
	public static KeyExchange generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(CURVE));
			KeyPair pair = generator.generateKeyPair();
			ECPoint point = ((ECPublicKey) pair.getPublic()).getW();
			return new KeyExchange(pair.getPrivate(), uncompressed(point.getAffineX(), point.getAffineY()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("P-256 key generation is not available", ex);
		}
	}

	/**
	 * Create a key pair from a known private scalar (for fixed test vectors).
	 * @param scalar the 32-byte big-endian private scalar
	 * @return the key exchange
	 * @throws IllegalArgumentException if the scalar is not 32 bytes or not in
	 * {@code [1, n-1]}
	 */
	public static KeyExchange fromPrivateKey(byte[] scalar) {
		if (scalar.length != COORDINATE_LENGTH) {
			throw new IllegalArgumentException("P-256 private key must be 32 bytes, got " + scalar.length);
		}
		BigInteger d = new BigInteger(1, scalar);
		if (d.signum() == 0 || d.compareTo(CURVE_MATH.getN()) >= 0) {
			throw new IllegalArgumentException("P-256 private key is out of range");
		}
		byte[] publicKey = new FixedPointCombMultiplier().multiply(CURVE_MATH.getG(), d).normalize().getEncoded(false);
		try {
			PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, PARAMETERS));
			return new KeyExchange(privateKey, publicKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("P-256 keys are not available", ex);
		}
	}

	/**
	 * Return the public key: the 65-byte uncompressed SEC1 point.
	 * @return a copy of the public key bytes
	 */
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	/**
	 * Return the public key as sent on the wire: the uncompressed SEC1 point in standard
	 * base64 with padding (88 characters).
	 * @return the encoded public key
	 */
	public String publicKeyBase64() {
		return Base64.getEncoder().encodeToString(this.publicKey);
	}

	/**
	 * Compute the ECDH shared secret with a peer: the 32-byte x coordinate of the shared
	 * point.
	 * @param peerPublicKeyBase64 the peer's SEC1 point (65-byte uncompressed or 33-byte
	 * compressed) in standard base64
	 * @return the shared secret
	 * @throws ProtocolException with {@code KEY_EXCHANGE_FAILED} for bad base64, a bad
	 * length or encoding, or a point that is not on P-256
	 */
	public byte[] sharedSecret(String peerPublicKeyBase64) {
		PublicKey peer = decodePublicKey(peerPublicKeyBase64);
		try {
			KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
			agreement.init(this.privateKey);
			agreement.doPhase(peer, true);
			return agreement.generateSecret();
		}
		catch (GeneralSecurityException | IllegalStateException ex) {
			throw failed("ECDH failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Derive the frame cipher shared with a peer: ECDH, then HKDF-SHA256 with an all-zero
	 * salt and info {@value #HKDF_INFO}, giving a 32-byte AES key.
	 * @param peerPublicKeyBase64 the peer's SEC1 point in standard base64
	 * @return the cipher
	 * @throws ProtocolException with {@code KEY_EXCHANGE_FAILED} when the peer key is
	 * unusable
	 */
	public AesGcmCipher deriveCipher(String peerPublicKeyBase64) {
		byte[] key = deriveKey(peerPublicKeyBase64);
		return new AesGcmCipher(key);
	}

	/**
	 * Derive the 32-byte AES key shared with a peer, as {@link #deriveCipher(String)}
	 * does.
	 * @param peerPublicKeyBase64 the peer's SEC1 point in standard base64
	 * @return the AES key
	 * @throws ProtocolException with {@code KEY_EXCHANGE_FAILED} when the peer key is
	 * unusable
	 */
	public byte[] deriveKey(String peerPublicKeyBase64) {
		byte[] secret = sharedSecret(peerPublicKeyBase64);
		return Hkdf.sha256(secret, null, HKDF_INFO.getBytes(StandardCharsets.US_ASCII), AesGcmCipher.KEY_LENGTH);
	}

	private static PublicKey decodePublicKey(String base64) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw failed("public key is not valid base64", ex);
		}
		boolean uncompressed = raw.length == UNCOMPRESSED_LENGTH && raw[0] == 0x04;
		boolean compressed = raw.length == COMPRESSED_LENGTH && (raw[0] == 0x02 || raw[0] == 0x03);
		if (!uncompressed && !compressed) {
			throw failed("public key must be a 65-byte uncompressed or 33-byte compressed SEC1 point, got " + raw.length
					+ " bytes", null);
		}
		org.bouncycastle.math.ec.ECPoint point;
		try {
			point = CURVE_MATH.getCurve().decodePoint(raw).normalize();
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw failed("public key is not a point on P-256", ex);
		}
		if (point.isInfinity() || !point.isValid()) {
			throw failed("public key is not a point on P-256", null);
		}
		ECPoint jdkPoint = new ECPoint(point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger());
		try {
			return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(jdkPoint, PARAMETERS));
		}
		catch (GeneralSecurityException ex) {
			throw failed("public key was rejected: " + ex.getMessage(), ex);
		}
	}

	private static ProtocolException failed(String detail, @Nullable Throwable cause) {
		String message = ErrorCode.KEY_EXCHANGE_FAILED.defaultMessage() + ": " + detail;
		return (cause != null) ? new ProtocolException(ErrorCode.KEY_EXCHANGE_FAILED, message, cause)
				: new ProtocolException(ErrorCode.KEY_EXCHANGE_FAILED, message);
	}

	private static byte[] uncompressed(BigInteger x, BigInteger y) {
		byte[] out = new byte[UNCOMPRESSED_LENGTH];
		out[0] = 0x04;
		copyUnsigned(x, out, 1);
		copyUnsigned(y, out, 1 + COORDINATE_LENGTH);
		return out;
	}

	private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
		byte[] bytes = value.toByteArray();
		int start = Math.max(0, bytes.length - COORDINATE_LENGTH);
		int count = bytes.length - start;
		System.arraycopy(bytes, start, out, offset + COORDINATE_LENGTH - count, count);
	}

	private static ECParameterSpec jdkParameters() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec(CURVE));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("P-256 is not available", ex);
		}
	}

}
