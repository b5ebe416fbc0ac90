package dev.wse.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import dev.wse.client.MessageRecorder;
import dev.wse.client.SubscribeRequest;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.WseClient;
import dev.wse.client.WseClientOptions;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the sample application over real sockets.
 *
 * @author WSE team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "wse.sample.tick-interval=50ms")
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void devTokenEndpointIssuesASignedTokenForTheUser() throws Exception {
		HttpResponse<String> response = get("/dev/token?user=alice");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("user").asString()).isEqualTo("alice");
		assertThat(body.get("token").asString()).contains(".");
		assertThat(body.get("expires_at").asString()).isNotBlank();
		assertThat(get("/dev/token?user=not%20valid").statusCode()).isEqualTo(400);
	}

	@Test
	void chatMessageIsPublishedToTheRoomWithTheSendersUserId() throws Exception {
		try (WseClient alice = connect("alice"); WseClient bob = connect("bob")) {
			assertThat(alice.userId()).isEqualTo("alice");
			bob.subscribe("chat:lobby").get(10, TimeUnit.SECONDS);
			alice.send("chat.send", Map.of("room", "lobby", "text", "hello bob")).get(10, TimeUnit.SECONDS);
			Envelope reply = alice.messages().awaitType("chat.send_response", TIMEOUT);
			assertThat(reply.payload().get("accepted").asBoolean()).isTrue();
			Envelope message = bob.messages().awaitType("chat.message", TIMEOUT);
			assertThat(message.payload().get("room").asString()).isEqualTo("lobby");
			assertThat(message.payload().get("user").asString()).isEqualTo("alice");
			assertThat(message.payload().get("text").asString()).isEqualTo("hello bob");
			assertThat(message.payload().get("sent_at").asString()).isNotBlank();
		}
	}

	@Test
	void blankChatTextIsAnsweredWithInvalidChat() throws Exception {
		try (WseClient alice = connect("alice")) {
			alice.send("chat.send", Map.of("room", "lobby", "text", "  ")).get(10, TimeUnit.SECONDS);
			Envelope error = alice.messages().awaitType("error", TIMEOUT);
			assertThat(error.payload().get("code").asString()).isEqualTo("INVALID_CHAT");
			assertThat(alice.isOpen()).isTrue();
		}
	}

	@Test
	void priceTicksArriveOnThePricesTopic() throws Exception {
		try (WseClient carol = connect("carol")) {
			carol.subscribe("prices").get(10, TimeUnit.SECONDS);
			Envelope tick = carol.messages().awaitType("price_update", TIMEOUT);
			assertThat(tick.payload().get("symbol").asString()).isNotBlank();
			assertThat(tick.payload().get("price").asDouble()).isPositive();
		}
	}

	@Test
	void subscribingToPricesFirstSendsTheWholeBoard() throws Exception {
		try (WseClient dave = connect("dave")) {
			dave.subscribe("prices").get(10, TimeUnit.SECONDS);
			Envelope complete = dave.messages().awaitType("snapshot_complete", TIMEOUT);
			assertThat(complete.payload().path("topics").toString()).isEqualTo("[\"prices\"]");
			assertThat(dave.messages().received("price_snapshot")).hasSize(5)
				.allSatisfy((entry) -> assertThat(entry.payload().path("price").asDouble()).isPositive());
		}
	}

	@Test
	void reconnectingClientResumesThePriceStreamWithoutLosingATick() throws Exception {
		List<Long> before = new CopyOnWriteArrayList<>();
		WseClient first = connect("erin", (options) -> options.messageListener((m) -> record(before, m)));
		assertThat(first.serverReady().payload().path("details").path("features").path("recovery").asBoolean())
			.isTrue();
		first.subscribe("prices").get(10, TimeUnit.SECONDS);
		first.messages().awaitMessages(MessageRecorder.ofType("price_update"), 3, TIMEOUT);
		first.abort();
		SubscribeRequest resume = first.resumeRequest();
		long last = resume.positions().get("prices").offset();
		// The sample ticks every 50 ms in this test: a few ticks happen while
		// disconnected.
		Thread.sleep(200);

		List<Long> after = new CopyOnWriteArrayList<>();
		try (WseClient second = connect("erin",
				(options) -> options.messageListener((m) -> record(after, m)).subscribeOnConnect(resume))) {
			SubscriptionAck ack = second.initialSubscription().get(10, TimeUnit.SECONDS);
			assertThat(ack.recovered()).isTrue();
			assertThat(ack.recovery().get("prices").count()).isPositive();
			second.messages()
				.awaitMessages(MessageRecorder.ofType("price_update"), (int) ack.recovery().get("prices").count() + 2,
						TIMEOUT);
			assertThat(before).last().isEqualTo(last);
			assertThat(after.subList(0, (int) ack.recovery().get("prices").count() + 2)).isEqualTo(
					LongStream.rangeClosed(last + 1, last + ack.recovery().get("prices").count() + 2).boxed().toList());
			assertThat(second.messages().received("price_snapshot")).as("recovered: no snapshot needed").isEmpty();
		}
	}

	private static void record(List<Long> offsets, Envelope message) {
		if ("price_update".equals(message.type()) && message.offset() != null) {
			offsets.add(message.offset());
		}
	}

	@Test
	void chatPresenceShowsWhoIsOnlineAndWhoIsTyping() throws Exception {
		try (WseClient erin = connect("erin"); WseClient frank = connect("frank")) {
			String join = "{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\","
					+ "\"topics\":[\"chat:lobby\"],\"presence\":{\"typing\":false}}}";
			erin.sendRaw(join);
			erin.messages().awaitType("subscription_update", TIMEOUT);
			frank.sendRaw(join);
			Envelope ack = frank.messages().awaitType("subscription_update", TIMEOUT);
			assertThat(ack.payload().path("presence").path("chat:lobby").has("erin")).isTrue();
			Envelope joined = erin.messages()
				.awaitMessage((message) -> message.type().equals("presence_join")
						&& message.payload().path("user_id").asString().equals("frank"), TIMEOUT);
			assertThat(joined.payload().path("data").path("typing").asBoolean()).isFalse();
			frank.sendRaw("{\"c\":\"WSE\",\"t\":\"presence_update\",\"p\":{\"topics\":[\"chat:lobby\"],"
					+ "\"data\":{\"typing\":true}}}");
			Envelope typing = erin.messages().awaitType("presence_update", TIMEOUT);
			assertThat(typing.payload().path("user_id").asString()).isEqualTo("frank");
			assertThat(typing.payload().path("data").path("typing").asBoolean()).isTrue();
		}
	}

	@Test
	void connectionWithoutTokenIsRefused() {
		assertThat(WseClient.connect(wseUri())).failsWithin(TIMEOUT);
	}

	@Test
	void healthReportsWseUpWithJwtSecurity() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		JsonNode wse = this.json.readTree(response.body()).get("components").get("wse");
		assertThat(wse.get("status").asString()).isEqualTo("UP");
		assertThat(wse.get("details").get("security").asString()).isEqualTo("jwt");
	}

	@Test
	void servesTheSamplePage() throws Exception {
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("client_hello").contains("access_token");
	}

	private WseClient connect(String user) throws Exception {
		return connect(user, UnaryOperator.identity());
	}

	private WseClient connect(String user, UnaryOperator<WseClientOptions.Builder> customizer) throws Exception {
		String token = this.json.readTree(get("/dev/token?user=" + user).body()).get("token").asString();
		WseClientOptions options = customizer.apply(WseClientOptions.builder().cookieToken(token)).build();
		return WseClient.connect(wseUri(), options).get(10, TimeUnit.SECONDS);
	}

	private URI wseUri() {
		return URI.create("ws://localhost:" + this.port + "/wse");
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
