package dev.wse.protocol.codec;

import java.nio.charset.StandardCharsets;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JSON text frames: decoding (prefixes, aliases, lenient fields) and encoding (key
 * order), with the byte examples of the upstream reference.
 */
class FrameCodecTextTests {

	private final FrameCodec codec = FrameCodec.withDefaults();

	@Test
	void decodesPlainJson() {
		Envelope envelope = this.codec.decodeText("{\"c\":\"U\",\"t\":\"chat\",\"p\":{\"text\":\"hi\"},\"v\":1}");
		assertThat(envelope.category()).isEqualTo(MessageCategory.U);
		assertThat(envelope.type()).isEqualTo("chat");
		assertThat(envelope.payload().get("text").stringValue()).isEqualTo("hi");
		assertThat(envelope.version()).isEqualTo(1);
	}

	@Test
	void utf16JsonGivenAsBytesIsRefusedAsItsTextIs() {
		// valid UTF-8 (ASCII and NUL bytes only), but Jackson would detect UTF-16LE
		String json = "{\"t\":\"chat\"}";
		byte[] utf16 = json.getBytes(StandardCharsets.UTF_16LE);
		String asText = new String(utf16, StandardCharsets.UTF_8);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.codec.decodeText(asText))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.codec.decodeText(utf16, 0, utf16.length))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
		byte[] prefixed = ("S" + asText).getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.codec.decodeText(prefixed, 0, prefixed.length))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
	}

	@Test
	void decodesLegacyWsePrefix() {
		Envelope envelope = this.codec.decodeText("WSE{\"t\":\"client_hello\",\"p\":{\"client_version\":\"2.4.3\"}}");
		assertThat(envelope.type()).isEqualTo("client_hello");
		assertThat(envelope.payload().get("client_version").stringValue()).isEqualTo("2.4.3");
	}

	@Test
	void decodesLegacySnapshotAndUserPrefixes() {
		assertThat(this.codec.decodeText("S{\"t\":\"sync_request\"}").type()).isEqualTo("sync_request");
		assertThat(this.codec.decodeText("U{\"t\":\"chat\"}").type()).isEqualTo("chat");
	}

	@Test
	void rejectsTextThatDoesNotStartWithAnObjectAfterThePrefix() {
		assertInvalid("WSE[1]");
		assertInvalid("X{\"t\":\"x\"}");
		assertInvalid(" {\"t\":\"x\"}");
		assertInvalid("WSE");
		assertInvalid("");
		assertInvalid("PING:1700000000000");
	}

	@Test
	void normalisesTypeAndPayloadAliases() {
		Envelope envelope = this.codec.decodeText("{\"type\":\"chat\",\"payload\":{\"text\":\"hi\"},\"id\":\"1\"}");
		assertThat(envelope.type()).isEqualTo("chat");
		assertThat(envelope.payload().get("text").stringValue()).isEqualTo("hi");
		assertThat(envelope.extras().isEmpty()).isTrue();
		assertThat(this.codec.encodeText(envelope))
			.isEqualTo("{\"c\":\"U\",\"t\":\"chat\",\"p\":{\"text\":\"hi\"},\"id\":\"1\"}");
	}

	@Test
	void keepsAliasesAsExtrasWhenTheShortKeysArePresent() {
		Envelope envelope = this.codec.decodeText("{\"t\":\"a\",\"type\":\"b\",\"p\":1,\"payload\":2}");
		assertThat(envelope.type()).isEqualTo("a");
		assertThat(envelope.payload().intValue()).isEqualTo(1);
		assertThat(envelope.extras().get("type").stringValue()).isEqualTo("b");
		assertThat(envelope.extras().get("payload").intValue()).isEqualTo(2);
	}

	@Test
	void missingPayloadIsAnEmptyObject() {
		Envelope envelope = this.codec.decodeText("{\"t\":\"sync_request\"}");
		assertThat(envelope.payload().isObject()).isTrue();
		assertThat(envelope.payload().isEmpty()).isTrue();
	}

	@Test
	void payloadMayBeAnyJsonValue() {
		assertThat(this.codec.decodeText("{\"t\":\"x\",\"p\":[1,2]}").payload().isArray()).isTrue();
		assertThat(this.codec.decodeText("{\"t\":\"x\",\"p\":\"s\"}").payload().stringValue()).isEqualTo("s");
		Envelope nullPayload = this.codec.decodeText("{\"t\":\"x\",\"p\":null}");
		assertThat(nullPayload.payload().isNull()).isTrue();
		assertThat(this.codec.encodeText(nullPayload)).isEqualTo("{\"c\":\"U\",\"t\":\"x\",\"p\":null}");
	}

	@Test
	void decodesEveryEnvelopeField() {
		Envelope envelope = this.codec.decodeText("{\"tp\":\"prices\",\"e\":\"5a1c9e02\",\"o\":42,\"c\":\"S\","
				+ "\"t\":\"x\",\"p\":{},\"id\":\"abc\",\"ts\":\"2026-11-26T09:00:00.000Z\",\"seq\":7,\"v\":1,"
				+ "\"cid\":\"c-1\",\"sig\":\"s\",\"pri\":10,\"enc\":false}");
		assertThat(envelope.topic()).isEqualTo("prices");
		assertThat(envelope.epoch()).isEqualTo("5a1c9e02");
		assertThat(envelope.offset()).isEqualTo(42L);
		assertThat(envelope.category()).isEqualTo(MessageCategory.S);
		assertThat(envelope.id()).isEqualTo("abc");
		assertThat(envelope.timestamp()).isEqualTo("2026-11-26T09:00:00.000Z");
		assertThat(envelope.seq()).isEqualTo(7L);
		assertThat(envelope.version()).isEqualTo(1);
		assertThat(envelope.correlationId()).isEqualTo("c-1");
		assertThat(envelope.signature()).isEqualTo("s");
		assertThat(envelope.priority()).isEqualTo(10);
		assertThat(envelope.extras().propertyNames()).containsExactly("enc");
	}

	@Test
	void readsWrongTypedKnownFieldsLeniently() {
		Envelope envelope = this.codec
			.decodeText("{\"t\":\"x\",\"id\":42,\"seq\":\"7\",\"v\":1.0,\"pri\":\"high\",\"c\":\"X\",\"ts\":{},"
					+ "\"o\":1.5,\"cid\":true,\"sig\":null}");
		assertThat(envelope.id()).isEqualTo("42");
		assertThat(envelope.seq()).isEqualTo(7L);
		assertThat(envelope.version()).isEqualTo(1);
		assertThat(envelope.priority()).isNull();
		assertThat(envelope.category()).isNull();
		assertThat(envelope.effectiveCategory()).isEqualTo(MessageCategory.U);
		assertThat(envelope.timestamp()).isNull();
		assertThat(envelope.offset()).isNull();
		assertThat(envelope.correlationId()).isEqualTo("true");
		assertThat(envelope.signature()).isNull();
		assertThat(envelope.extras().isEmpty()).isTrue();
	}

	@Test
	void keepsUnknownTopLevelKeysInOrder() {
		Envelope envelope = this.codec.decodeText("{\"zeta\":1,\"t\":\"x\",\"alpha\":{\"a\":[1]},\"trace_id\":\"t\"}");
		assertThat(envelope.extras().propertyNames()).containsExactly("zeta", "alpha", "trace_id");
		assertThat(this.codec.encodeText(envelope))
			.isEqualTo("{\"c\":\"U\",\"t\":\"x\",\"p\":{},\"zeta\":1,\"alpha\":{\"a\":[1]},\"trace_id\":\"t\"}");
	}

	@Test
	void rejectsNonStringType() {
		assertInvalid("{\"t\":5}");
		assertInvalid("{\"t\":null}");
		assertInvalid("{\"type\":{\"a\":1}}");
	}

	@Test
	void rejectsMissingType() {
		assertInvalid("{\"p\":{}}");
		assertInvalid("{}");
	}

	@Test
	void rejectsTruncatedJson() {
		assertInvalid("{\"t\":\"x\",\"p\":{");
		assertInvalid("{\"t\":\"x");
	}

	@Test
	void rejectsJsonArrays() {
		assertInvalid("[{\"t\":\"x\"}]");
	}

	@Test
	void rejectsTrailingContent() {
		assertInvalid("{\"t\":\"x\"}{\"t\":\"y\"}");
		assertInvalid("{\"t\":\"x\"} garbage");
	}

	@Test
	void acceptsNestingUpToTheDepthCap() {
		String json = "{\"t\":\"x\",\"p\":" + "[".repeat(63) + "]".repeat(63) + "}";
		assertThat(this.codec.decodeText(json).type()).isEqualTo("x");
	}

	@Test
	void rejectsNestingBeyondTheDepthCap() {
		assertInvalid("{\"t\":\"x\",\"p\":" + "[".repeat(64) + "]".repeat(64) + "}");
		assertInvalid("{\"t\":\"x\",\"p\":" + "[".repeat(65) + "]".repeat(65) + "}");
		assertInvalid("{\"t\":\"x\",\"p\":" + "[".repeat(100_000));
	}

	@Test
	void depthCapFollowsTheLimits() {
		FrameCodec shallow = new FrameCodec(JsonMapper.builder().build(), new CodecLimits(1 << 20, 1 << 20, 3, 1));
		assertThat(shallow.decodeText("{\"t\":\"x\",\"p\":{\"a\":[]}}").type()).isEqualTo("x");
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> shallow.decodeText("{\"t\":\"x\",\"p\":{\"a\":[[]]}}"))
			.withMessageContaining("deeper than 3");
	}

	@Test
	void rejectsTextAboveTheSizeLimit() {
		String json = "{\"t\":\"x\",\"p\":\"" + "a".repeat(CodecLimits.DEFAULT_MAX_MESSAGE_SIZE) + "\"}";
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.codec.decodeText(json))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
	}

	@Test
	void sizeLimitCountsUtf8Bytes() {
		// 600,000 chars, but 1.2 MB once encoded
		String json = "{\"t\":\"x\",\"p\":\"" + "é".repeat(600_000) + "\"}";
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.codec.decodeText(json))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
		String small = "{\"t\":\"x\",\"p\":\"" + "é".repeat(400_000) + "\"}";
		assertThat(this.codec.decodeText(small).payload().stringValue()).hasSize(400_000);
	}

	@Test
	void encodesStampsFirstThenEnvelopeFields() {
		Envelope envelope = Envelope.builder("price_update")
			.stamp("prices", "5a1c9e02", 42L)
			.payload(JsonMapper.shared().readTree("{\"symbol\":\"AAPL\",\"px\":187.42}"))
			.version(1)
			.build();
		assertThat(this.codec.encodeText(envelope)).isEqualTo(
				"{\"tp\":\"prices\",\"e\":\"5a1c9e02\",\"o\":42,\"c\":\"U\",\"t\":\"price_update\",\"p\":{\"symbol\":\"AAPL\",\"px\":187.42},\"v\":1}");
	}

	@Test
	void encodesEveryFieldInWireOrderThenExtras() {
		ObjectNode extras = JsonNodeFactory.instance.objectNode().put("latency_ms", 3).put("trace_id", "tr");
		Envelope envelope = Envelope.builder("x")
			.priority(8)
			.signature("sg")
			.correlationId("cid-1")
			.version(1)
			.seq(9L)
			.timestamp("2026-11-26T09:00:00.000Z")
			.id("id-1")
			.extras(extras)
			.category(MessageCategory.WSE)
			.stamp("tp-1", "00000001", 0L)
			.build();
		assertThat(this.codec.encodeText(envelope))
			.isEqualTo("{\"tp\":\"tp-1\",\"e\":\"00000001\",\"o\":0,\"c\":\"WSE\","
					+ "\"t\":\"x\",\"p\":{},\"id\":\"id-1\",\"ts\":\"2026-11-26T09:00:00.000Z\",\"seq\":9,\"v\":1,"
					+ "\"cid\":\"cid-1\",\"sig\":\"sg\",\"pri\":8,\"latency_ms\":3,\"trace_id\":\"tr\"}");
	}

	@Test
	void alwaysWritesTheEffectiveCategory() {
		assertThat(this.codec.encodeText(Envelope.builder("orders_snapshot").build())).startsWith("{\"c\":\"S\",");
		assertThat(this.codec.encodeText(Envelope.builder("server_hello").build())).startsWith("{\"c\":\"WSE\",");
		assertThat(this.codec.encodeText(Envelope.builder("chat").build())).startsWith("{\"c\":\"U\",");
		assertThat(this.codec.encodeText(Envelope.builder("chat").category(MessageCategory.WSE).build()))
			.startsWith("{\"c\":\"WSE\",");
	}

	@Test
	void extrasNeverShadowEnvelopeFields() {
		ObjectNode extras = JsonNodeFactory.instance.objectNode().put("t", "evil").put("id", "evil").put("ok", 1);
		Envelope envelope = Envelope.builder("x").extras(extras).build();
		assertThat(this.codec.encodeText(envelope)).isEqualTo("{\"c\":\"U\",\"t\":\"x\",\"p\":{},\"ok\":1}");
	}

	@Test
	void encodesServerPingLikeUpstream() {
		Envelope ping = Envelope.builder("ping")
			.category(MessageCategory.WSE)
			.payload(JsonNodeFactory.instance.objectNode().put("server_time", "2026-11-26T09:00:25.000Z"))
			.build();
		assertThat(this.codec.encodeText(ping))
			.isEqualTo("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"server_time\":\"2026-11-26T09:00:25.000Z\"}}");
	}

	@Test
	void pongHasItsTypeWithinTheFirst25Characters() {
		String pong = "{\"c\":\"WSE\",\"t\":\"PONG\",\"p\":{\"client_timestamp\":1764147625000,"
				+ "\"server_timestamp\":1764147625012,\"latency\":12},\"v\":1}";
		String encoded = this.codec.encodeText(this.codec.decodeText(pong));
		assertThat(encoded).isEqualTo(pong);
		assertThat(encoded.substring(0, 25)).contains("\"t\":\"PONG\"");
	}

	@Test
	void reencodesUpstreamHandFormattedFramesByteForByte() {
		String[] frames = {
				"{\"c\":\"WSE\",\"t\":\"error\",\"p\":{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded\",\"retry_after\":1.0},\"v\":1}",
				"{\"c\":\"WSE\",\"t\":\"rate_limit_warning\",\"p\":{\"current_rate\":80123,\"limit\":100000,\"remaining\":19877,\"retry_after\":1.0},\"v\":1}",
				"{\"c\":\"WSE\",\"t\":\"error\",\"p\":{\"code\":\"KEY_EXCHANGE_FAILED\",\"message\":\"ECDH key exchange failed: bad point\",\"recoverable\":true}}",
				"{\"tp\":\"prices\",\"e\":\"5a1c9e02\",\"o\":42,\"c\":\"U\",\"t\":\"price_update\",\"p\":{\"symbol\":\"AAPL\",\"px\":187.42},\"v\":1}" };
		for (String frame : frames) {
			assertThat(this.codec.encodeText(this.codec.decodeText(frame))).isEqualTo(frame);
		}
	}

	@Test
	void decodesServerReadyWithAlphabeticalKeys() {
		Envelope envelope = this.codec.decodeText("{\"c\":\"WSE\",\"id\":\"0197f1c2-5a3e-7b21-9c40-3d2f8e6a1b77\","
				+ "\"p\":{\"details\":{\"connection_id\":\"0197f1c2-59ff-7c10-8e2a-1a2b3c4d5e6f\",\"features\":{\"recovery\":true},"
				+ "\"server_time\":\"2026-11-26T09:00:00.000Z\",\"user_id\":\"alice\",\"version\":1},"
				+ "\"message\":\"Connection established (Rust transport)\"},\"seq\":1,\"t\":\"server_ready\","
				+ "\"ts\":\"2026-11-26T09:00:00.000Z\",\"v\":1}");
		assertThat(envelope.type()).isEqualTo("server_ready");
		assertThat(envelope.seq()).isEqualTo(1L);
		assertThat(envelope.payload().at("/details/user_id").stringValue()).isEqualTo("alice");
		assertThat(envelope.extras().isEmpty()).isTrue();
	}

	@Test
	void encodeJsonGivesTheUtf8BytesOfEncodeText() {
		Envelope envelope = Envelope.builder("chat")
			.payload(JsonNodeFactory.instance.objectNode().put("text", "héllo ✓ 😀"))
			.build();
		assertThat(this.codec.encodeJson(envelope))
			.isEqualTo(this.codec.encodeText(envelope).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void textRoundTripKeepsTheEnvelope() {
		Envelope envelope = Envelope.builder("chat")
			.payload(JsonMapper.shared().readTree("{\"a\":[1,2.5,\"x\",null,true,{\"b\":{}}],\"big\":12345678901234}"))
			.id("i")
			.seq(3L)
			.extras(JsonNodeFactory.instance.objectNode().put("enc", false))
			.build();
		Envelope decoded = this.codec.decodeText(this.codec.encodeText(envelope));
		assertThat(decoded).isEqualTo(envelope.toBuilder().category(MessageCategory.U).build());
	}

	private void assertInvalid(String text) {
		assertThatExceptionOfType(ProtocolException.class).as(text)
			.isThrownBy(() -> this.codec.decodeText(text))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
	}

}
