package dev.wse.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyExchangeTests {

	@Test
	void generatedPairsAgreeOnTheSharedSecret() {
		KeyExchange server = KeyExchange.generate();
		KeyExchange client = KeyExchange.generate();
		byte[] serverSide = server.sharedSecret(client.publicKeyBase64());
		assertThat(serverSide).hasSize(32).isEqualTo(client.sharedSecret(server.publicKeyBase64()));
	}

	@Test
	void generatedPublicKeysAreUncompressedSec1Points() {
		byte[] raw = Base64.getDecoder().decode(KeyExchange.generate().publicKeyBase64());
		assertThat(raw).hasSize(65);
		assertThat(raw[0]).isEqualTo((byte) 0x04);
	}

	@Test
	void derivedCiphersInteroperate() {
		KeyExchange server = KeyExchange.generate();
		KeyExchange client = KeyExchange.generate();
		AesGcmCipher serverCipher = server.deriveCipher(client.publicKeyBase64());
		AesGcmCipher clientCipher = client.deriveCipher(server.publicKeyBase64());
		byte[] plaintext = "{\"t\":\"x\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(serverCipher.decrypt(clientCipher.encrypt(plaintext))).isEqualTo(plaintext);
	}

	@Test
	void rejectsInvalidBase64() {
		assertKeyExchangeFailed("not base64!", "base64");
	}

	@Test
	void rejectsKeysOfTheWrongLength() {
		assertKeyExchangeFailed(Base64.getEncoder().encodeToString(new byte[64]), "65-byte");
	}

	@Test
	void rejectsHybridAndUnknownPointEncodings() {
		byte[] raw = Base64.getDecoder().decode(KeyExchange.generate().publicKeyBase64());
		raw[0] = 0x06;
		assertKeyExchangeFailed(Base64.getEncoder().encodeToString(raw), "SEC1");
	}

	@Test
	void rejectsPointsNotOnTheCurve() {
		byte[] raw = Base64.getDecoder().decode(KeyExchange.generate().publicKeyBase64());
		raw[64] ^= 1;
		assertKeyExchangeFailed(Base64.getEncoder().encodeToString(raw), "not a point on P-256");
	}

	@Test
	void rejectsCompressedXWithoutAPoint() {
		byte[] raw = new byte[33];
		raw[0] = 0x02;
		raw[32] = 1; // x = 1 has no y on P-256
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> KeyExchange.generate().sharedSecret(Base64.getEncoder().encodeToString(raw)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.KEY_EXCHANGE_FAILED));
	}

	@Test
	void keyExchangeFailuresUseTheUpstreamMessagePrefix() {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> KeyExchange.generate().deriveCipher(""))
			.withMessageStartingWith("ECDH key exchange failed: ");
	}

	@Test
	void rejectsPrivateKeysOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyExchange.fromPrivateKey(new byte[32]));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyExchange.fromPrivateKey(new byte[31]));
	}

	private static void assertKeyExchangeFailed(String peerKey, String messagePart) {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> KeyExchange.generate().sharedSecret(peerKey))
			.withMessageContaining(messagePart)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.KEY_EXCHANGE_FAILED));
	}

}
