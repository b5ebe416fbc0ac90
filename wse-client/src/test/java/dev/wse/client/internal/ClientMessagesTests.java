package dev.wse.client.internal;

import java.util.List;
import java.util.Map;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.codec.FrameCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientMessages}.
 */
class ClientMessagesTests {

	private static final long NOW = 1_795_683_600_000L;

	private final ClientMessages messages = new ClientMessages(JsonMapper.builder().build(), () -> NOW);

	@Test
	void challengeResponseCarriesTheHmacOverNonceTimestampAndIdentity() {
		ObjectNode payload = JsonNodeFactory.instance.objectNode();
		payload.put("nonce", "bm9uY2U");
		payload.put("ts", 1795680000123L);
		Envelope challenge = Envelope.builder("challenge").payload(payload).build();
		Envelope response = this.messages.challengeResponse(challenge, "sensor-7",
				"sensor-7-shared-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(response.type()).isEqualTo("challenge_response");
		assertThat(response.payload().path("identity").stringValue()).isEqualTo("sensor-7");
		assertThat(response.payload().path("nonce").stringValue()).isEqualTo("bm9uY2U");
		assertThat(response.payload().path("ts").asLong()).isEqualTo(1795680000123L);
		// computed independently (Python hmac): HMAC-SHA256(secret,
		// "bm9uY2U\n1795680000123\nsensor-7")
		assertThat(response.payload().path("hmac").stringValue())
			.isEqualTo("b61d5c67c070e8f1394cd9e13e9e77618eda0fa16ac117241f48020169a69b55");
	}

	@Test
	void authenticateAndRefreshCarryTheToken() {
		assertThat(this.messages.authenticate("t1").payload().path("token").stringValue()).isEqualTo("t1");
		assertThat(this.messages.authenticate("t1").type()).isEqualTo("authenticate");
		assertThat(this.messages.refreshToken("t2").payload().path("token").stringValue()).isEqualTo("t2");
		assertThat(this.messages.refreshToken("t2").type()).isEqualTo("refresh_token");
	}

	@Test
	void clientHelloAnnouncesVersionAndFeatures() {
		Envelope hello = this.messages.clientHello("wse-java/0.1.0", 1, Map.of("encryption", false));
		assertThat(hello.type()).isEqualTo("client_hello");
		assertThat(hello.category()).isEqualTo(MessageCategory.WSE);
		assertThat(hello.payload().path("client_version").stringValue()).isEqualTo("wse-java/0.1.0");
		assertThat(hello.payload().path("protocol_version").asInt()).isEqualTo(1);
		assertThat(hello.payload().path("features").path("encryption").asBoolean(true)).isFalse();
		assertThat(hello.priority()).isEqualTo(10);
		assertThat(hello.version()).isEqualTo(1);
		assertThat(hello.id()).isNotNull();
		assertThat(hello.timestamp()).isEqualTo("2026-11-26T09:00:00.000Z");
	}

	@Test
	void pongCopiesTheServerTimeOfThePing() {
		Envelope ping = Envelope.builder("ping")
			.payload(JsonMapper.builder().build().readTree("{\"server_time\":\"2026-11-26T09:00:25.000Z\"}"))
			.build();
		String pong = FrameCodec.withDefaults().encodeText(this.messages.pong(ping));
		assertThat(pong).isEqualTo("{\"c\":\"WSE\",\"t\":\"PONG\",\"p\":{\"server_timestamp\":"
				+ "\"2026-11-26T09:00:25.000Z\",\"client_timestamp\":" + NOW + "},\"v\":1}");
	}

	@Test
	void pingCarriesTheClientTime() {
		String ping = FrameCodec.withDefaults().encodeText(this.messages.ping());
		assertThat(ping).isEqualTo("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"timestamp\":" + NOW + "},\"v\":1}");
	}

	@Test
	void subscriptionListsActionAndTopics() {
		Envelope subscribe = this.messages.subscription("subscribe", List.of("prices", "news.*"));
		assertThat(subscribe.type()).isEqualTo("subscription_update");
		assertThat(subscribe.category()).isEqualTo(MessageCategory.WSE);
		assertThat(subscribe.payload().toString())
			.isEqualTo("{\"action\":\"subscribe\",\"topics\":[\"prices\",\"news.*\"]}");
	}

	@Test
	void recoveringSubscriptionCarriesRecoverAndThePositions() {
		ObjectNode positions = JsonNodeFactory.instance.objectNode();
		positions.putObject("prices").put("epoch", "5a1c9e02").put("offset", 41);
		Envelope subscribe = this.messages.subscription("subscribe", List.of("prices", "news"), positions);
		assertThat(subscribe.payload().toString())
			.isEqualTo("{\"action\":\"subscribe\",\"topics\":[\"prices\",\"news\"],"
					+ "\"recover\":true,\"recovery\":{\"prices\":{\"epoch\":\"5a1c9e02\",\"offset\":41}}}");
	}

	@Test
	void applicationMessageTakesItsCategoryFromTheType() {
		Envelope message = this.messages.message("chat.send", Map.of("text", "hi"));
		assertThat(message.category()).isNull();
		assertThat(message.effectiveCategory()).isEqualTo(MessageCategory.U);
		assertThat(message.payload().path("text").stringValue()).isEqualTo("hi");
		assertThat(this.messages.message("x", null).payload().isObject()).isTrue();
	}

}
