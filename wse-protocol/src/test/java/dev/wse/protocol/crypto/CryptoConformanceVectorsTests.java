package dev.wse.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import dev.wse.protocol.ConformanceVectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code encryption} section of the shared conformance vectors, produced with Node.js
 * crypto.
 */
class CryptoConformanceVectorsTests {

	private static final HexFormat HEX = HexFormat.of();

	private final JsonNode vectors = ConformanceVectors.load().get("encryption");

	private KeyExchange server() {
		return KeyExchange.fromPrivateKey(hex("server_private_key_hex"));
	}

	private KeyExchange client() {
		return KeyExchange.fromPrivateKey(hex("client_private_key_hex"));
	}

	@Test
	void serverPrivateKeyGivesTheServerPublicKey() {
		assertThat(server().publicKeyBase64()).isEqualTo(text("server_public_key_base64"));
	}

	@Test
	void clientPrivateKeyGivesTheClientPublicKey() {
		assertThat(client().publicKeyBase64()).isEqualTo(text("client_public_key_base64"));
	}

	@Test
	void publicKeysAre88Base64CharactersWithPadding() {
		assertThat(server().publicKeyBase64()).hasSize(88).endsWith("=");
		assertThat(server().publicKey()).hasSize(65).startsWith(0x04);
	}

	@Test
	void bothSidesComputeTheVectorSharedSecret() {
		byte[] expected = hex("shared_secret_hex");
		assertThat(server().sharedSecret(text("client_public_key_base64"))).isEqualTo(expected);
		assertThat(client().sharedSecret(text("server_public_key_base64"))).isEqualTo(expected);
	}

	@Test
	void compressedClientKeyGivesTheSameSharedSecret() {
		byte[] uncompressed = Base64.getDecoder().decode(text("client_public_key_base64"));
		byte[] compressed = new byte[33];
		compressed[0] = (byte) (((uncompressed[64] & 1) == 0) ? 0x02 : 0x03);
		System.arraycopy(uncompressed, 1, compressed, 1, 32);
		assertThat(server().sharedSecret(Base64.getEncoder().encodeToString(compressed)))
			.isEqualTo(hex("shared_secret_hex"));
	}

	@Test
	void hkdfOfTheSharedSecretGivesTheVectorAesKey() {
		JsonNode hkdf = this.vectors.get("hkdf");
		assertThat(hkdf.get("info_ascii").stringValue()).isEqualTo(KeyExchange.HKDF_INFO);
		byte[] key = Hkdf.sha256(hex("shared_secret_hex"), HEX.parseHex(hkdf.get("salt_hex").stringValue()),
				KeyExchange.HKDF_INFO.getBytes(StandardCharsets.US_ASCII), hkdf.get("length").intValue());
		assertThat(key).isEqualTo(hex("aes_key_hex"));
	}

	@Test
	void emptyHkdfSaltGivesTheSameKeyAsZeroSalt() {
		byte[] info = KeyExchange.HKDF_INFO.getBytes(StandardCharsets.US_ASCII);
		assertThat(Hkdf.sha256(hex("shared_secret_hex"), new byte[0], info, 32)).isEqualTo(hex("aes_key_hex"));
		assertThat(Hkdf.sha256(hex("shared_secret_hex"), null, info, 32)).isEqualTo(hex("aes_key_hex"));
	}

	@Test
	void keyExchangeDerivesTheVectorAesKey() {
		assertThat(server().deriveKey(text("client_public_key_base64"))).isEqualTo(hex("aes_key_hex"));
		assertThat(client().deriveKey(text("server_public_key_base64"))).isEqualTo(hex("aes_key_hex"));
	}

	@Test
	void derivedCipherDecryptsTheVectorFrame() {
		byte[] frame = Base64.getDecoder().decode(text("e_frame_base64"));
		assertThat(Arrays.copyOf(frame, 2)).isEqualTo(new byte[] { 0x45, 0x3A });
		AesGcmCipher cipher = server().deriveCipher(text("client_public_key_base64"));
		byte[] plaintext = cipher.decrypt(Arrays.copyOfRange(frame, 2, frame.length));
		assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(text("plaintext_utf8"));
	}

	@Test
	void encryptingThePlaintextWithTheVectorIvGivesTheVectorFrame() {
		byte[] frame = Base64.getDecoder().decode(text("e_frame_base64"));
		AesGcmCipher cipher = new AesGcmCipher(hex("aes_key_hex"));
		byte[] body = cipher.encrypt(text("plaintext_utf8").getBytes(StandardCharsets.UTF_8), hex("iv_hex"));
		assertThat(body).isEqualTo(Arrays.copyOfRange(frame, 2, frame.length));
	}

	private byte[] hex(String field) {
		return HEX.parseHex(text(field));
	}

	private String text(String field) {
		return this.vectors.get(field).stringValue();
	}

}
