package dev.wse.integration;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.wse.client.InboundFrame;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary frame formats over real sockets: {@code M:} MessagePack for
 * {@code format=msgpack} connections and {@code C:} zlib above the compression threshold
 * (1 KiB), both ways.
 */
class FrameFormatIntegrationTests extends SharedServerSupport {

	private static final int THRESHOLD = 1024;

	private final JsonMapper json = JsonMapper.builder().build();

	private final FrameCodec codec = FrameCodec.withDefaults();

	@Test
	void msgpackConnectionReceivesDirectSendsAsMsgpackFrames() throws Exception {
		String user = "msgpack-" + System.nanoTime();
		WseClient client = msgpackClient(user);

		assertThat(this.template.sendToConnection(client.connectionId(), "direct", sample())).isTrue();
		assertThat(this.template.sendToUser(user, "to_user", Map.of("n", 7))).isEqualTo(1);

		InboundFrame direct = client.messages().awaitFrame(ofType("direct"), TestClients.WAIT);
		InboundFrame toUser = client.messages().awaitFrame(ofType("to_user"), TestClients.WAIT);
		for (InboundFrame frame : List.of(direct, toUser)) {
			assertThat(frame.isText()).isFalse();
			assertThat(frame.startsWith("M:")).as("%s starts with M:", frame).isTrue();
		}
		assertSample(direct.envelope().payload());
		assertThat(toUser.envelope().payload().path("n").asInt()).isEqualTo(7);
		Value map = unpack(direct.bytes(), 2);
		assertThat(map.isMapValue()).isTrue();
		assertThat(map.asMapValue().map().get(stringValue("t")).asStringValue().asString()).isEqualTo("direct");
		assertThat(map.asMapValue()
			.map()
			.get(stringValue("p"))
			.asMapValue()
			.map()
			.get(stringValue("price"))
			.isFloatValue()).as("floats stay floats").isTrue();
	}

	@Test
	void msgpackConnectionStillReceivesTopicPublicationsAsJsonText() throws Exception {
		WseClient client = msgpackClient("msgpack-" + System.nanoTime());
		String topic = "formats." + System.nanoTime();
		client.subscribe(topic).get(5, TimeUnit.SECONDS);
		this.template.publish(topic, "tick", Map.of("n", 1));
		InboundFrame tick = client.messages().awaitFrame(ofType("tick"), TestClients.WAIT);
		assertThat(tick.isText()).isTrue();
		assertThat(tick.text()).startsWith("{\"tp\":\"" + topic + "\"");
	}

	@Test
	void msgpackFramesTheClientSendsAreDecodedByTheServer() throws Exception {
		WseClient client = msgpackClient("msgpack-" + System.nanoTime());
		byte[] prefixed = this.codec.encodeBinary(echo("m-1"), WireFormat.MSGPACK, 0);
		assertThat(new String(prefixed, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("M:");
		byte[] raw = Arrays.copyOfRange(prefixed, 2, prefixed.length);

		client.sendBinary(prefixed).get(5, TimeUnit.SECONDS);
		client.sendBinary(raw).get(5, TimeUnit.SECONDS);

		List<InboundFrame> replies = client.messages().awaitFrames(ofType("echo_response"), 2, TestClients.WAIT);
		for (InboundFrame reply : replies) {
			assertThat(reply.startsWith("M:")).isTrue();
			assertThat(reply.envelope().correlationId()).isEqualTo("m-1");
			assertSample(reply.envelope().payload());
		}
	}

	@Test
	void jsonConnectionAcceptsMsgpackFramesAndAnswersInJson() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.sendBinary(this.codec.encodeBinary(echo("m-2"), WireFormat.MSGPACK, 0)).get(5, TimeUnit.SECONDS);
		InboundFrame reply = client.messages().awaitFrame(ofType("echo_response"), TestClients.WAIT);
		assertThat(reply.isText()).isFalse();
		assertThat(reply.startsWith("{")).isTrue();
		assertSample(reply.envelope().payload());
	}

	@Test
	void directSendAboveTheThresholdArrivesZlibCompressed() throws Exception {
		WseClient client = this.clients.connect("carol");
		Map<String, Object> large = Map.of("text", "all work and no play ".repeat(200), "n", 1);
		this.template.sendToConnection(client.connectionId(), "large", large);
		this.template.sendToConnection(client.connectionId(), "small", Map.of("text", "short"));

		InboundFrame compressed = client.messages().awaitFrame(ofType("large"), TestClients.WAIT);
		InboundFrame plain = client.messages().awaitFrame(ofType("small"), TestClients.WAIT);
		byte[] bytes = compressed.bytes();
		assertThat(compressed.isText()).isFalse();
		assertThat(compressed.startsWith("C:")).isTrue();
		assertThat(bytes[2] & 0xFF).as("zlib header, level 1").isEqualTo(0x78);
		assertThat(bytes[3] & 0xFF).isEqualTo(0x01);
		String inflated = inflate(bytes, 2);
		assertThat(inflated.length()).isGreaterThan(THRESHOLD).isGreaterThan(bytes.length);
		JsonNode decoded = this.json.readTree(inflated);
		assertThat(decoded.path("t").stringValue()).isEqualTo("large");
		assertThat(decoded.path("p").path("text").stringValue()).isEqualTo(large.get("text"));
		assertThat(compressed.envelope().payload()).isEqualTo(decoded.path("p"));
		assertThat(plain.isText()).isFalse();
		assertThat(plain.startsWith("{")).as("below the threshold: plain JSON").isTrue();
	}

	@Test
	void zlibFramesTheClientSendsAreDecodedByTheServer() throws Exception {
		WseClient client = this.clients.connect("dave");
		String text = "compress me ".repeat(300);
		String message = "{\"t\":\"echo\",\"id\":\"z-1\",\"p\":{\"text\":\"" + text + "\",\"n\":3}}";
		client.sendBinary(deflate(message.getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);

		InboundFrame reply = client.messages().awaitFrame(ofType("echo_response"), TestClients.WAIT);
		assertThat(reply.envelope().correlationId()).isEqualTo("z-1");
		assertThat(reply.envelope().payload().path("text").stringValue()).isEqualTo(text);
		assertThat(reply.envelope().payload().path("n").asInt()).isEqualTo(3);
		assertThat(reply.startsWith("C:")).as("the large reply is compressed too").isTrue();
	}

	private WseClient msgpackClient(String user) {
		return this.clients
			.connect((options) -> options.bearerToken(Tokens.valid(user)).queryParameter("format", "msgpack"));
	}

	private Envelope echo(String id) {
		return Envelope.builder("echo").payload(this.json.valueToTree(sample())).id(id).build();
	}

	private static Map<String, Object> sample() {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("text", "h\u00e9llo \u2713");
		payload.put("n", 42);
		payload.put("big", 1L << 40);
		payload.put("price", 187.42);
		payload.put("flag", true);
		payload.put("none", null);
		payload.put("list", List.of(1, "two", 3.5));
		payload.put("nested", Map.of("deep", Map.of("x", -1)));
		return payload;
	}

	private static void assertSample(JsonNode payload) {
		assertThat(payload.path("text").stringValue()).isEqualTo("h\u00e9llo \u2713");
		assertThat(payload.path("n").asInt()).isEqualTo(42);
		assertThat(payload.path("big").asLong()).isEqualTo(1L << 40);
		assertThat(payload.path("price").isFloatingPointNumber()).isTrue();
		assertThat(payload.path("price").asDouble()).isEqualTo(187.42);
		assertThat(payload.path("flag").asBoolean()).isTrue();
		assertThat(payload.has("none")).isTrue();
		assertThat(payload.path("none").isNull()).isTrue();
		assertThat(payload.path("list").size()).isEqualTo(3);
		assertThat(payload.path("list").path(1).stringValue()).isEqualTo("two");
		assertThat(payload.path("list").path(2).asDouble()).isEqualTo(3.5);
		assertThat(payload.path("nested").path("deep").path("x").asInt()).isEqualTo(-1);
	}

	private static Predicate<InboundFrame> ofType(String type) {
		return (frame) -> frame.envelope() != null && type.equals(frame.envelope().type());
	}

	private static Value unpack(byte[] bytes, int offset) throws Exception {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes, offset, bytes.length - offset)) {
			return unpacker.unpackValue();
		}
	}

	private static Value stringValue(String value) {
		return ValueFactory.newString(value);
	}

	private static byte[] deflate(byte[] input) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		deflater.setInput(input);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write('C');
		out.write(':');
		byte[] buffer = new byte[4096];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	private static String inflate(byte[] bytes, int offset) throws DataFormatException {
		Inflater inflater = new Inflater();
		inflater.setInput(bytes, offset, bytes.length - offset);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!inflater.finished()) {
			int n = inflater.inflate(buffer);
			if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
				break;
			}
			out.write(buffer, 0, n);
		}
		inflater.end();
		return out.toString(StandardCharsets.UTF_8);
	}

}
