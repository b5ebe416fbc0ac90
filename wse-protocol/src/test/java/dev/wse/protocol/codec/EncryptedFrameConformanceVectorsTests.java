package dev.wse.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import dev.wse.protocol.ConformanceVectors;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector {@code E:} frame of the shared conformance vectors, through the codec.
 */
class EncryptedFrameConformanceVectorsTests {

	private final JsonNode vectors = ConformanceVectors.load().get("encryption");

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final byte[] frame = Base64.getDecoder().decode(text("e_frame_base64"));

	@Test
	void serverDecodesTheClientFrameWithTheExchangedKey() {
		KeyExchange server = KeyExchange.fromPrivateKey(HexFormat.of().parseHex(text("server_private_key_hex")));
		AesGcmCipher cipher = server.deriveCipher(text("client_public_key_base64"));
		DecodedFrame decoded = this.codec.decodeBinary(this.frame, WireFormat.JSON, cipher);
		assertThat(decoded.encrypted()).isTrue();
		assertThat(decoded.envelope()).isEqualTo(this.codec.decodeText(text("plaintext_utf8")));
		assertThat(decoded.envelope().payload().get("symbol").stringValue()).isEqualTo("AAPL");
	}

	@Test
	void reencodedPlaintextEncryptsToTheVectorFrame() {
		byte[] json = this.codec.encodeJson(this.codec.decodeText(text("plaintext_utf8")));
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(text("plaintext_utf8"));
		AesGcmCipher cipher = new AesGcmCipher(HexFormat.of().parseHex(text("aes_key_hex")));
		byte[] body = cipher.encrypt(json, HexFormat.of().parseHex(text("iv_hex")));
		byte[] encrypted = new byte[2 + body.length];
		encrypted[0] = 'E';
		encrypted[1] = ':';
		System.arraycopy(body, 0, encrypted, 2, body.length);
		assertThat(encrypted).isEqualTo(this.frame);
	}

	private String text(String field) {
		return this.vectors.get(field).stringValue();
	}

}
