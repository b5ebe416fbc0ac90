package dev.wse.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link WseClient} against a scripted one-connection server.
 */
class WseClientTests {

	private static final String SERVER_READY = "{\"c\":\"WSE\",\"t\":\"server_ready\",\"p\":{\"message\":\"ok\","
			+ "\"details\":{\"connection_id\":\"conn-1\",\"user_id\":\"alice\",\"features\":{\"recovery\":false}}},"
			+ "\"id\":\"x\",\"ts\":\"2026-01-01T00:00:00.000Z\",\"seq\":1,\"v\":1}";

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final JsonMapper json = JsonMapper.builder().build();

	private TestWebSocketServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = new TestWebSocketServer();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void connectCompletesOnServerReadyThenSendsClientHello() throws Exception {
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri());
		this.server.accept();
		assertThat(connecting).isNotDone();
		this.server.sendText(SERVER_READY);
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		assertThat(client.connectionId()).isEqualTo("conn-1");
		assertThat(client.userId()).isEqualTo("alice");
		assertThat(client.serverReady().type()).isEqualTo("server_ready");
		JsonNode hello = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(hello.path("c").stringValue()).isEqualTo("WSE");
		assertThat(hello.path("t").stringValue()).isEqualTo("client_hello");
		assertThat(hello.path("p").path("client_version").stringValue()).isEqualTo("wse-java/0.1.0");
		assertThat(hello.path("p").path("protocol_version").asInt()).isEqualTo(1);
		assertThat(hello.path("p").path("features").isObject()).isTrue();
		assertThat(client.serverHello()).isNotDone();
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"server_hello\",\"p\":{\"connection_id\":\"conn-1\"},\"v\":1}");
		assertThat(client.serverHello().get(5, TimeUnit.SECONDS).payload().path("connection_id").stringValue())
			.isEqualTo("conn-1");
	}

	@Test
	void refusedConnectionFailsWithErrorCodeAndCloseCode() throws Exception {
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri());
		this.server.accept();
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"error\",\"p\":{\"code\":\"AUTH_REQUIRED\","
				+ "\"message\":\"No JWT cookie or Authorization header\"},\"v\":1}");
		this.server.sendClose(4401, "Authentication failed");
		assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(WseClientException.class, (ex) -> {
				assertThat(ex.errorCode()).isEqualTo("AUTH_REQUIRED");
				assertThat(ex.closeCode()).isEqualTo(4401);
				assertThat(ex.closeStatus().reason()).isEqualTo("Authentication failed");
			});
	}

	@Test
	void tokensHeadersAndQueryParametersGoIntoTheUpgrade() throws Exception {
		WseClient.connect(this.server.uri(),
				WseClientOptions.builder()
					.bearerToken("bearer-token")
					.cookieToken("cookie-token")
					.header("X-Trace", "t1")
					.queryParameter("format", "msgpack")
					.queryParameter("client_version", "wse-java/0.1.0")
					.build());
		this.server.accept();
		assertThat(this.server.requestLine()).startsWith("GET /wse?format=msgpack&client_version=wse-java%2F0.1.0 ");
		assertThat(this.server.header("Authorization")).isEqualTo("Bearer bearer-token");
		assertThat(this.server.header("Cookie")).isEqualTo("access_token=cookie-token");
		assertThat(this.server.header("X-Trace")).isEqualTo("t1");
	}

	@Test
	void serverPingIsAnsweredWithPongCarryingTheServerTime() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"server_time\":\"2026-11-26T09:00:25.000Z\"}}");
		String pong = this.server.nextDataFrame().text();
		assertThat(pong).startsWith("{\"c\":\"WSE\",\"t\":\"PONG\"");
		JsonNode tree = this.json.readTree(pong);
		assertThat(tree.path("p").path("server_timestamp").stringValue()).isEqualTo("2026-11-26T09:00:25.000Z");
		assertThat(tree.path("p").path("client_timestamp").asLong()).isCloseTo(System.currentTimeMillis(),
				org.assertj.core.data.Offset.offset(5000L));
		assertThat(tree.path("v").asInt()).isEqualTo(1);
		assertThat(client.messages().awaitType("ping", WAIT)).isNotNull();
	}

	@Test
	void clientPingCompletesWithPong() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		CompletableFuture<Envelope> pong = client.ping();
		JsonNode ping = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(ping.path("t").stringValue()).isEqualTo("ping");
		assertThat(ping.path("p").path("timestamp").isNumber()).isTrue();
		assertThat(pong).isNotDone();
		this.server
			.sendText("{\"c\":\"WSE\",\"t\":\"PONG\",\"p\":{\"client_timestamp\":1,\"server_timestamp\":2},\"v\":1}");
		assertThat(pong.get(5, TimeUnit.SECONDS).payload().path("server_timestamp").asLong()).isEqualTo(2);
	}

	@Test
	void subscribeCompletesWithTheAckOfItsAction() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		CompletableFuture<SubscriptionAck> ack = client.subscribe("prices", "prices.*");
		JsonNode request = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(request.path("c").stringValue()).isEqualTo("WSE");
		assertThat(request.path("t").stringValue()).isEqualTo("subscription_update");
		assertThat(request.path("p").path("action").stringValue()).isEqualTo("subscribe");
		assertThat(request.path("p").path("topics").toString()).isEqualTo("[\"prices\",\"prices.*\"]");
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"unsubscribe\","
				+ "\"success\":true,\"success_topics\":[\"x\"],\"failed_topics\":[]},\"v\":1}");
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\","
				+ "\"success\":true,\"success_topics\":[\"prices\",\"prices.*\"],\"failed_topics\":[],"
				+ "\"recovery\":{\"prices\":{\"epoch\":null,\"offset\":0,\"recovered\":false,\"count\":0}}},\"v\":1}");
		SubscriptionAck result = ack.get(5, TimeUnit.SECONDS);
		assertThat(result.action()).isEqualTo("subscribe");
		assertThat(result.successTopics()).containsExactly("prices", "prices.*");
		assertThat(result.recovery().get("prices").epoch()).isNull();
	}

	@Test
	void fragmentedTextMessagesAreJoined() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		this.server.sendFragmentedText("{\"c\":\"U\",\"t\":\"ch", "at\",\"p\":{\"text\":\"h\u00e9", "llo\"}}");
		Envelope chat = client.messages().awaitType("chat", WAIT);
		assertThat(chat.payload().path("text").stringValue()).isEqualTo("h\u00e9llo");
	}

	@Test
	void binaryJsonFramesAreDecoded() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		this.server.sendBinary("{\"t\":\"tick\",\"p\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8));
		InboundFrame frame = client.messages().awaitFrame((f) -> !f.isText(), WAIT);
		assertThat(frame.envelope().type()).isEqualTo("tick");
	}

	@Test
	void pausedReaderReceivesNothingUntilResumed() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		client.pauseReading();
		for (int i = 0; i < 5; i++) {
			this.server.sendText("{\"t\":\"tick\",\"p\":{\"n\":" + i + "}}");
		}
		Thread.sleep(200);
		// One request may already be outstanding when reading pauses.
		assertThat(client.messages().received("tick")).hasSizeLessThanOrEqualTo(1);
		client.resumeReading();
		assertThat(client.messages().awaitMessages(MessageRecorder.ofType("tick"), 5, WAIT)).hasSize(5);
	}

	@Test
	void closeFutureReportsTheServersCloseCode() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		this.server.sendClose(4408, "Idle timeout");
		CloseStatus status = client.closeFuture().get(5, TimeUnit.SECONDS);
		assertThat(status).isEqualTo(new CloseStatus(4408, "Idle timeout"));
		assertThat(client.isOpen()).isFalse();
	}

	@Test
	void sendWritesAnEnvelopeWithIdAndTimestamp() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		client.send("chat.send", java.util.Map.of("room", "r1")).get(5, TimeUnit.SECONDS);
		JsonNode sent = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(sent.path("c").stringValue()).isEqualTo("U");
		assertThat(sent.path("t").stringValue()).isEqualTo("chat.send");
		assertThat(sent.path("p").path("room").stringValue()).isEqualTo("r1");
		assertThat(sent.path("id").isString()).isTrue();
		assertThat(sent.path("ts").stringValue()).endsWith("Z");
		assertThat(sent.path("v").asInt()).isEqualTo(1);
	}

	@Test
	void pingIntervalSendsPingsByItself() throws Exception {
		connected(WseClientOptions.builder().autoHello(false).pingInterval(Duration.ofMillis(100)).build());
		for (int i = 0; i < 2; i++) {
			JsonNode ping = this.json.readTree(this.server.nextDataFrame().text());
			assertThat(ping.path("t").stringValue()).isEqualTo("ping");
		}
	}

	@Test
	void sendBinaryWritesABinaryFrame() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		client.sendBinary(new byte[] { 'M', ':', 1, 2 }).get(5, TimeUnit.SECONDS);
		TestWebSocketServer.Frame frame = this.server.nextDataFrame();
		assertThat(frame.opcode()).isEqualTo(TestWebSocketServer.BINARY);
		assertThat(frame.payload()).containsExactly('M', ':', 1, 2);
	}

	@Test
	void closeSendsTheCodeAndReason() throws Exception {
		WseClient client = connected(WseClientOptions.builder().autoHello(false).build());
		client.close(4000, "bye");
		TestWebSocketServer.Frame frame = this.server.nextFrame();
		assertThat(frame.opcode()).isEqualTo(TestWebSocketServer.CLOSE);
		assertThat(frame.closeCode()).isEqualTo(4000);
		assertThat(new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8)).isEqualTo("bye");
		assertThat(client.closeFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
	}

	private WseClient connected(WseClientOptions options) throws Exception {
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri(), options);
		this.server.accept();
		this.server.sendText(SERVER_READY);
		return connecting.get(5, TimeUnit.SECONDS);
	}

}
