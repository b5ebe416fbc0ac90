package dev.wse.protocol.codec;

import java.nio.charset.StandardCharsets;

import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class UnpairedSurrogateTests {

	private final FrameCodec codec = FrameCodec.withDefaults();

	@Test
	void textFramesEscapeUnpairedSurrogatesSoTheyCanBeSentAndDecodeToTheSameText() {
		String lone = "a\uD800b\uDC00c";
		ObjectNode payload = JsonNodeFactory.instance.objectNode().put("nick", lone).put("ok", "\uD83D\uDE00");
		String text = this.codec.encodeText(Envelope.builder("x").payload(payload).build());
		assertThat(text).contains("\\ud800").contains("\\udc00").contains("\uD83D\uDE00");
		assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(text)).isTrue();
		Envelope decoded = this.codec.decodeText(text);
		assertThat(decoded.payload().path("nick").asString()).isEqualTo(lone);
		assertThat(decoded.payload().path("ok").asString()).isEqualTo("\uD83D\uDE00");
	}

	@Test
	void aClientEscapedLoneSurrogateSurvivesARoundTripThroughTheServer() {
		Envelope inbound = this.codec.decodeText("{\"t\":\"chat\",\"p\":{\"text\":\"\\ud800\"}}");
		String relayed = this.codec.encodeText(inbound);
		assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(relayed)).isTrue();
		assertThat(this.codec.decodeText(relayed).payload().path("text").asString()).isEqualTo("\uD800");
	}

}
