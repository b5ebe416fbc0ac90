package dev.wse.protocol.crypto;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import dev.wse.protocol.ConformanceVectors;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.codec.FrameCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageSigning}: key derivation, the canonical form, the test vector
 * in {@code signing-vector.json} and tamper detection.
 */
class MessageSigningTests {

	private static final HexFormat HEX = HexFormat.of();

	private final JsonNode vector = readVector();

	private final FrameCodec codec = FrameCodec.withDefaults();

	private static JsonNode readVector() {
		try (InputStream in = MessageSigningTests.class.getResourceAsStream("/signing-vector.json")) {
			return JsonMapper.shared().readTree(in);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] hex(String field) {
		return HEX.parseHex(this.vector.get(field).stringValue());
	}

	private Envelope message() {
		return this.codec.decodeText(this.vector.get("message").toString());
	}

	private MessageSigning signer() {
		return MessageSigning.fromSharedSecret(hex("shared_secret_hex"));
	}

	@Test
	void vectorSharedSecretIsTheConformanceEncryptionVector() {
		JsonNode encryption = ConformanceVectors.load().get("encryption");
		assertThat(this.vector.get("shared_secret_hex").stringValue())
			.isEqualTo(encryption.get("shared_secret_hex").stringValue());
		KeyExchange server = KeyExchange
			.fromPrivateKey(HEX.parseHex(encryption.get("server_private_key_hex").stringValue()));
		assertThat(server.sharedSecret(encryption.get("client_public_key_base64").stringValue()))
			.isEqualTo(hex("shared_secret_hex"));
	}

	@Test
	void signingKeyIsHkdfWithItsOwnInfoAndNotTheAesKey() {
		assertThat(this.vector.get("hkdf").get("info_ascii").stringValue()).isEqualTo(MessageSigning.HKDF_INFO);
		byte[] key = MessageSigning.deriveKey(hex("shared_secret_hex"));
		assertThat(key).isEqualTo(hex("signing_key_hex"));
		assertThat(key).isNotEqualTo(hex("aes_key_hex"));
		assertThat(Hkdf.sha256(hex("shared_secret_hex"), null,
				KeyExchange.HKDF_INFO.getBytes(StandardCharsets.US_ASCII), 32))
			.isEqualTo(hex("aes_key_hex"));
	}

	@Test
	void canonicalFormMatchesTheVector() {
		byte[] form = MessageSigning.canonicalForm(message(), this.vector.get("nonce_base64url").stringValue(),
				this.vector.get("timestamp_ms").longValue());
		assertThat(new String(form, StandardCharsets.UTF_8))
			.isEqualTo(this.vector.get("canonical_form_utf8").stringValue());
	}

	@Test
	void signatureMatchesTheVector() {
		String sig = signer().signature(message(), hex("nonce_hex"), this.vector.get("timestamp_ms").longValue());
		assertThat(sig).isEqualTo(this.vector.get("sig").stringValue());
		MessageSigning.Signature parsed = MessageSigning.parse(sig);
		assertThat(parsed).isNotNull();
		assertThat(parsed.nonce()).isEqualTo(this.vector.get("nonce_base64url").stringValue());
		assertThat(parsed.timestamp()).isEqualTo(1764165600000L);
		assertThat(signer().verify(message(), parsed)).isTrue();
	}

	@Test
	void signedMessageVerifiesAfterAWireRoundTripWithOtherKeyOrderAndWhitespace() {
		Envelope signed = signer().sign(message());
		String wire = this.codec.encodeText(signed);
		Envelope received = this.codec.decodeText(wire);
		assertThat(signer().verify(received, MessageSigning.parse(received.signature()))).isTrue();
		// the same message written by another client: keys reordered, spaces, 187.420
		String other = "{ \"p\": {\"volume\": 1200.0, \"tags\": [\"a\", true, null], \"price\": 187.420,"
				+ " \"note\": \"caf\\u00e9 \\u20ac\", \"symbol\": \"AAPL\"}, \"t\": \"price_update\", \"id\": \"msg-1\","
				+ " \"tp\": \"prices.AAPL\", \"sig\": \"" + this.vector.get("sig").stringValue() + "\"}";
		Envelope fromOther = this.codec.decodeText(other);
		assertThat(signer().verify(fromOther, MessageSigning.parse(fromOther.signature()))).isTrue();
	}

	@Test
	void tamperingWithAnySignedPartFails() {
		MessageSigning.Signature sig = MessageSigning.parse(this.vector.get("sig").stringValue());
		Envelope message = message();
		ObjectNode payload = ((ObjectNode) message.payload()).deepCopy();
		payload.put("price", 187.43);
		assertThat(signer().verify(message.toBuilder().payload(payload).build(), sig)).isFalse();
		assertThat(signer().verify(message.toBuilder().type("price_updatf").build(), sig)).isFalse();
		assertThat(signer().verify(message.toBuilder().stamp("prices.MSFT", null, null).build(), sig)).isFalse();
		assertThat(signer().verify(message.toBuilder().stamp(null, null, null).build(), sig)).isFalse();
		assertThat(signer().verify(message.toBuilder().id("msg-2").build(), sig)).isFalse();
		assertThat(signer().verify(message.toBuilder().correlationId("c").build(), sig)).isFalse();
		assertThat(signer().verify(message, new MessageSigning.Signature(sig.nonce(), sig.timestamp() + 1, sig.mac())))
			.isFalse();
		assertThat(signer().verify(message,
				new MessageSigning.Signature("AAECAwQFBgcICQoLDA0OEA", sig.timestamp(), sig.mac())))
			.isFalse();
		byte[] otherKey = hex("aes_key_hex");
		assertThat(new MessageSigning(otherKey).verify(message, sig)).isFalse();
		// fields outside the canonical form do not matter
		assertThat(signer().verify(message.toBuilder().seq(7L).priority(10).build(), sig)).isTrue();
	}

	@Test
	void freshSignaturesUseDistinctNonces() {
		Envelope a = signer().sign(message());
		Envelope b = signer().sign(message());
		assertThat(MessageSigning.parse(a.signature()).nonce())
			.isNotEqualTo(MessageSigning.parse(b.signature()).nonce());
	}

	@Test
	void parseIsStrict() {
		String good = this.vector.get("sig").stringValue();
		assertThat(MessageSigning.parse(good)).isNotNull();
		assertThat(MessageSigning.parse(null)).isNull();
		assertThat(MessageSigning.parse("")).isNull();
		assertThat(MessageSigning.parse("2" + good.substring(1))).isNull();
		assertThat(MessageSigning.parse(good + ".x")).isNull();
		assertThat(MessageSigning.parse(good.replace(".1764165600000.", ".01764165600000."))).isNull();
		assertThat(MessageSigning.parse(good.replace(".1764165600000.", ".-1764165600000."))).isNull();
		assertThat(MessageSigning.parse(good.replace(".1764165600000.", "..."))).isNull();
		assertThat(MessageSigning.parse(good.replace("AAECAwQFBgcICQoLDA0ODw", "AAECAwQFBgcICQoLDA0ODx"))).isNull();
		assertThat(MessageSigning.parse(good.replace("AAECAwQFBgcICQoLDA0ODw", "AAECAwQFBgcICQoLDA0OD+"))).isNull();
		assertThat(MessageSigning.parse(good.substring(0, good.length() - 1))).isNull();
		assertThat(MessageSigning.parse(good.replace(".1764165600000.", ".99999999999999999."))).isNull();
	}

}
