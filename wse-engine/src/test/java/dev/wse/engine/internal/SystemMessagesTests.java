package dev.wse.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.codec.CodecLimits;
import dev.wse.protocol.codec.FrameCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SystemMessages}: the frames cut from templates ({@link FrameTemplate})
 * are the codec's own bytes for the same message, and values a template cannot splice
 * (they need escaping) take the codec's path with the same result.
 */
class SystemMessagesTests {

	private final FrameCodec codec = new FrameCodec(JsonMapper.builder().build(),
			new CodecLimits(1 << 20, 1 << 20, 64, 6));

	private final SystemMessages messages = new SystemMessages(this.codec, WseEngineConfig.defaults());

	@Test
	void theFramesEveryConnectionGetsComeFromTemplates() {
		assertThat(this.messages.templated()).isTrue();
	}

	@Test
	void serverReadyCarriesTheConnectionAndUser() {
		OutboundFrame frame = this.messages.serverReady("conn-1", "alice");
		Envelope envelope = decodeCanonical(frame);
		assertThat(envelope.type()).isEqualTo("server_ready");
		assertThat(envelope.seq()).isEqualTo(1L);
		assertThat(envelope.id()).isNotBlank();
		assertThat(envelope.payload().path("message").asString()).isEqualTo("Connection established");
		assertThat(envelope.payload().path("details").path("connection_id").asString()).isEqualTo("conn-1");
		assertThat(envelope.payload().path("details").path("user_id").asString()).isEqualTo("alice");
		assertThat(envelope.payload().path("details").path("server_time").asString()).isEqualTo(envelope.timestamp());
		assertThat(envelope.payload().path("details").path("features").path("msgpack").asBoolean()).isTrue();
	}

	@Test
	void serverReadyOfAnAnonymousConnectionHasANullUser() {
		Envelope envelope = decodeCanonical(this.messages.serverReady("conn-2", null));
		assertThat(envelope.payload().path("details").path("user_id").isNull()).isTrue();
		assertThat(envelope.payload().path("details").path("connection_id").asString()).isEqualTo("conn-2");
	}

	@Test
	void everyServerReadyHasItsOwnId() {
		String first = decodeCanonical(this.messages.serverReady("c", "u")).id();
		String second = decodeCanonical(this.messages.serverReady("c", "u")).id();
		assertThat(first).isNotEqualTo(second);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\"b", "back\\slash", "tab\there", "new\nline", "\u0001", "\u007f", "caf\u00e9",
			"\u4e16\u754c", "\ud83d\ude00", "lone\ud800surrogate", "lone\udc00low", "</script>", "" })
	void userIdsThatNeedEscapingComeOutAsTheCodecWritesThem(String userId) {
		OutboundFrame frame = this.messages.serverReady("conn-3", userId);
		Envelope envelope = decodeCanonical(frame);
		assertThat(envelope.payload().path("details").path("user_id").asString()).isEqualTo(userId);
	}

	@Test
	void randomUserIdsRoundTrip() {
		Random random = new Random(42);
		for (int i = 0; i < 2_000; i++) {
			StringBuilder userId = new StringBuilder();
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				int pick = random.nextInt(10);
				userId.append((pick < 7) ? (char) (0x20 + random.nextInt(0x60))
						: (pick < 9) ? (char) random.nextInt(0x20) : (char) random.nextInt(0x10000));
			}
			String value = userId.toString();
			Envelope envelope = decodeCanonical(this.messages.serverReady("conn-" + i, value));
			assertThat(envelope.payload().path("details").path("user_id").asString()).isEqualTo(value);
		}
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 99 })
	void serverHelloNegotiatesAtMostVersion2(long clientVersion) {
		Envelope envelope = decodeCanonical(this.messages.serverHello("conn-4", clientVersion, null));
		assertThat(envelope.type()).isEqualTo("server_hello");
		assertThat(envelope.payload().path("connection_id").asString()).isEqualTo("conn-4");
		assertThat(envelope.payload().path("protocol_version").asLong()).isEqualTo(Math.min(clientVersion, 2));
		assertThat(envelope.payload().path("features").path("encryption").asBoolean()).isFalse();
		assertThat(envelope.payload().path("features").path("signing").asBoolean()).isFalse();
		assertThat(envelope.payload().path("server_time").asString()).isNotBlank();
		assertThat(envelope.payload().path("server_version").asString())
			.isEqualTo(WseEngineConfig.defaults().serverVersion());
	}

	@Test
	void serverHelloWithAKeyExchangeTakesTheCodecPath() {
		Envelope envelope = decodeCanonical(
				this.messages.serverHello("conn-5", 2, "PUBLIC-KEY", true, List.of("publish", "rpc")));
		assertThat(envelope.payload().path("encryption_public_key").asString()).isEqualTo("PUBLIC-KEY");
		assertThat(envelope.payload().path("features").path("encryption").asBoolean()).isTrue();
		assertThat(envelope.payload().path("signing").path("types").size()).isEqualTo(2);
	}

	@Test
	void pingCarriesTheServerTime() {
		Envelope envelope = decodeCanonical(this.messages.ping());
		assertThat(envelope.type()).isEqualTo("ping");
		assertThat(envelope.payload().path("server_time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
	}

	@Test
	void configuredTextThatContainsAMarkerStillComesOutRight() {
		String version = "wse-template-slot-0-end wse-template-slot-1-end";
		SystemMessages custom = new SystemMessages(this.codec,
				WseEngineConfig.builder().serverVersion(version).build());
		assertThat(custom.templated()).isFalse();
		Envelope hello = decodeCanonical(custom.serverHello("conn-6", 1, null));
		assertThat(hello.payload().path("connection_id").asString()).isEqualTo("conn-6");
		assertThat(hello.payload().path("server_version").asString()).isEqualTo(version);
		Envelope ready = decodeCanonical(custom.serverReady("conn-7", "bob"));
		assertThat(ready.payload().path("details").path("connection_id").asString()).isEqualTo("conn-7");
	}

	@Test
	void aMapperThatEscapesMoreCharactersKeepsTheCodecsBytes() {
		FrameCodec escaping = new FrameCodec(
				JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build(),
				new CodecLimits(1 << 20, 1 << 20, 64, 6));
		SystemMessages custom = new SystemMessages(escaping, WseEngineConfig.defaults());
		assertThat(custom.templated()).isFalse();
		OutboundFrame frame = custom.serverReady("conn-8", "team/alice");
		String text = new String(frame.bytes(), StandardCharsets.UTF_8);
		assertThat(text).contains("\"user_id\":\"team\\/alice\"");
		assertThat(escaping.encodeText(escaping.decodeText(text))).isEqualTo(text);
	}

	@Test
	void templatesSpliceValuesInThePlaceOfTheirMarkers() {
		FrameTemplate template = FrameTemplate.cut(3, (v) -> "[" + v[2] + "|" + v[0] + "|" + v[1] + "]");
		assertThat(template).isNotNull();
		OutboundFrame frame = template.fill("a", "bb", "ccc");
		assertThat(frame).isNotNull();
		assertThat(new String(frame.bytes(), StandardCharsets.UTF_8)).isEqualTo("[ccc|a|bb]");
		assertThat(frame.textContent()).isEqualTo("[ccc|a|bb]");
		assertThat(template.fill("a", "b\"", "c")).isNull();
		assertThat(template.fill("a", "\u00e9", "c")).isNull();
		FrameTemplate repeated = FrameTemplate.cut(2, (v) -> v[0] + "," + v[0] + "," + v[1]);
		assertThat(repeated).isNotNull();
		assertThat(repeated.fill("x", "y").textContent()).isEqualTo("x,x,y");
		// a slot missing, or a value not written as it is
		assertThat(FrameTemplate.cut(2, (v) -> v[0])).isNull();
		assertThat(FrameTemplate.cut(1, (v) -> v[0].toUpperCase(Locale.ROOT))).isNull();
	}

	/**
	 * Decode a frame and check that its bytes are exactly what the codec writes for the
	 * decoded message: a spliced template that differs from the codec's output by a byte
	 * fails here.
	 */
	private Envelope decodeCanonical(OutboundFrame frame) {
		assertThat(frame.isText()).isTrue();
		String text = new String(frame.bytes(), StandardCharsets.UTF_8);
		assertThat(frame.textContent()).isEqualTo(text);
		Envelope envelope = this.codec.decodeText(text);
		assertThat(this.codec.encodeText(envelope)).isEqualTo(text);
		return envelope;
	}

}
