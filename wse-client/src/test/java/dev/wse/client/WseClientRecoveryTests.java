package dev.wse.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for topic sequencing and recovery in {@link WseClient} against a scripted
 * one-connection server: what goes on the wire and what reaches the listeners.
 */
class WseClientRecoveryTests {

	private static final String SERVER_READY = "{\"c\":\"WSE\",\"t\":\"server_ready\",\"p\":{\"message\":\"ok\","
			+ "\"details\":{\"connection_id\":\"conn-1\",\"features\":{\"recovery\":true}}},\"v\":1}";

	private static final String EPOCH = "5a1c9e02";

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Envelope> delivered = new CopyOnWriteArrayList<>();

	private TestWebSocketServer server;

	private int barriers;

	@BeforeEach
	void startServer() throws Exception {
		this.server = new TestWebSocketServer();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void duplicatesAreRecordedButNotDelivered() throws Exception {
		WseClient client = connected(options().build());
		publish("prices", 1);
		publish("prices", 1);
		publish("prices", 2);
		sync();
		assertThat(offsets()).containsExactly(1L, 2L);
		assertThat(client.messages().received("tick")).hasSize(3);
		assertThat(client.positions()).containsExactly(Map.entry("prices", new TopicPosition(EPOCH, 2)));
		assertThat(client.recoveryStats().duplicates()).isEqualTo(1);
	}

	@Test
	void gapIsFilledByARecoveringSubscribeTheClientSendsByItself() throws Exception {
		List<String> gaps = new CopyOnWriteArrayList<>();
		WseClient client = connected(options().recoveryListener(new RecoveryListener() {

			@Override
			public void gapDetected(String topic, TopicPosition last, long receivedOffset) {
				gaps.add(topic + " " + last + " " + receivedOffset);
			}

		}).build());
		publish("prices", 5);
		publish("prices", 7);
		JsonNode request = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(request.path("t").stringValue()).isEqualTo("subscription_update");
		assertThat(request.path("p").toString()).isEqualTo("{\"action\":\"subscribe\",\"topics\":[\"prices\"],"
				+ "\"recover\":true,\"recovery\":{\"prices\":{\"epoch\":\"" + EPOCH + "\",\"offset\":5}}}");
		assertThat(gaps).containsExactly("prices " + EPOCH + "@5 7");
		ack("prices", 7, true, 2);
		publish("prices", 6);
		publish("prices", 7);
		publish("prices", 8);
		sync();
		assertThat(offsets()).containsExactly(5L, 6L, 7L, 8L);
		assertThat(client.subscriptions()).containsExactly("prices");
		assertThat(client.recoveryStats()).isEqualTo(new RecoveryStats(4, 0, 1, 1, 0));
	}

	@Test
	void subscribeOnConnectResumesFromThePositionsAfterTheHello() throws Exception {
		SubscribeRequest resume = SubscribeRequest.resume(List.of("prices", "news"),
				Map.of("prices", new TopicPosition(EPOCH, 41)));
		WseClient client = connected(options().autoHello(true).subscribeOnConnect(resume).build());
		assertThat(this.json.readTree(this.server.nextDataFrame().text()).path("t").stringValue())
			.isEqualTo("client_hello");
		JsonNode request = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(request.path("p").toString()).isEqualTo("{\"action\":\"subscribe\",\"topics\":[\"prices\",\"news\"],"
				+ "\"recover\":true,\"recovery\":{\"prices\":{\"epoch\":\"" + EPOCH + "\",\"offset\":41}}}");
		assertThat(client.positions()).containsExactly(Map.entry("prices", new TopicPosition(EPOCH, 41)));
		assertThat(client.initialSubscription()).isNotDone();
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\","
				+ "\"success\":true,\"success_topics\":[\"prices\",\"news\"],\"failed_topics\":[],\"recoverable\":true,"
				+ "\"recovered\":true,\"recovery\":{\"prices\":{\"epoch\":\"" + EPOCH + "\",\"offset\":42,"
				+ "\"recoverable\":true,\"recovered\":true,\"count\":1},\"news\":{\"epoch\":null,\"offset\":0,"
				+ "\"recoverable\":false,\"recovered\":false,\"count\":0}}},\"v\":1}");
		publish("prices", 42);
		SubscriptionAck ack = client.initialSubscription().get(5, TimeUnit.SECONDS);
		assertThat(ack.recovered()).isTrue();
		sync();
		assertThat(offsets()).containsExactly(42L);
		assertThat(client.subscriptions()).containsExactly("prices", "news");
		assertThat(client.resumeRequest()).isEqualTo(
				SubscribeRequest.resume(List.of("prices", "news"), Map.of("prices", new TopicPosition(EPOCH, 42))));
	}

	@Test
	void notRecoveredResumeGoesOnFromTheReportedPosition() throws Exception {
		List<String> resyncs = new CopyOnWriteArrayList<>();
		WseClient client = connected(options().recoveryListener(new RecoveryListener() {

			@Override
			public void resynced(String topic, TopicPosition previous, TopicPosition current) {
				resyncs.add(topic + " " + previous + " -> " + current);
			}

		}).build());
		CompletableFuture<SubscriptionAck> subscribed = client
			.subscribe(SubscribeRequest.resume(Map.of("prices", new TopicPosition(EPOCH, 3))));
		this.server.nextDataFrame();
		ack("prices", 900, false, 0);
		assertThat(subscribed.get(5, TimeUnit.SECONDS).recovered()).isFalse();
		publish("prices", 901);
		sync();
		assertThat(offsets()).containsExactly(901L);
		assertThat(resyncs).containsExactly("prices " + EPOCH + "@3 -> " + EPOCH + "@900");
	}

	@Test
	void withoutSequencingEveryMessageIsDeliveredAndNothingIsTracked() throws Exception {
		WseClient client = connected(options().topicSequencing(false).build());
		publish("prices", 1);
		publish("prices", 1);
		publish("prices", 5);
		sync();
		assertThat(offsets()).containsExactly(1L, 1L, 5L);
		assertThat(client.positions()).isEmpty();
	}

	@Test
	void unsubscribeForgetsThePosition() throws Exception {
		WseClient client = connected(options().build());
		publish("prices", 1);
		sync();
		CompletableFuture<SubscriptionAck> unsubscribed = client.unsubscribe("prices");
		this.server.nextDataFrame();
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"unsubscribe\","
				+ "\"success\":true,\"success_topics\":[\"prices\"],\"failed_topics\":[]},\"v\":1}");
		unsubscribed.get(5, TimeUnit.SECONDS);
		assertThat(client.positions()).isEmpty();
		assertThat(client.resumeRequest()).isNull();
	}

	@Test
	void requestRejectsPositionsOfTopicsItDoesNotRequestOrWithoutRecover() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeRequest(List.of("a"), true, Map.of("b", new TopicPosition(EPOCH, 1))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeRequest(List.of("a"), false, Map.of("a", new TopicPosition(EPOCH, 1))));
		assertThat(SubscribeRequest.of("a", "a", "b").topics()).containsExactly("a", "b");
	}

	@Test
	void optionsToBuilderKeepsEverySetting() {
		WseClientOptions options = WseClientOptions.builder()
			.bearerToken("t")
			.queryParameter("format", "msgpack")
			.autoHello(false)
			.topicSequencing(false)
			.resumeFrom(Map.of("a", new TopicPosition(EPOCH, 1)))
			.build();
		WseClientOptions copy = options.toBuilder().build();
		assertThat(copy).usingRecursiveComparison().isEqualTo(options);
		assertThat(copy.subscribeOnConnect().positions()).containsOnlyKeys("a");
		assertThat(WseClientOptions.builder().resumeFrom(Map.of()).build().subscribeOnConnect()).isNull();
	}

	private WseClientOptions.Builder options() {
		return WseClientOptions.builder().autoHello(false);
	}

	private WseClient connected(WseClientOptions options) throws Exception {
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri(), options);
		this.server.accept();
		this.server.sendText(SERVER_READY);
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		client.onMessage(this.delivered::add);
		return client;
	}

	/**
	 * Send an unstamped barrier and wait until the listeners got it: everything sent
	 * before has then been delivered or dropped.
	 */
	private void sync() throws Exception {
		String id = "barrier-" + (++this.barriers);
		this.server.sendText("{\"t\":\"barrier\",\"p\":{},\"id\":\"" + id + "\"}");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (this.delivered.stream().noneMatch((message) -> id.equals(message.id()))) {
			assertThat(System.nanoTime()).as("barrier delivered within 5 s").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	private void publish(String topic, long offset) throws Exception {
		this.server.sendText("{\"tp\":\"" + topic + "\",\"e\":\"" + EPOCH + "\",\"o\":" + offset
				+ ",\"c\":\"U\",\"t\":\"tick\",\"p\":{},\"v\":1}");
	}

	private void ack(String topic, long offset, boolean recovered, long count) throws Exception {
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\","
				+ "\"success\":true,\"success_topics\":[\"" + topic + "\"],\"failed_topics\":[],\"recoverable\":true,"
				+ "\"recovered\":" + recovered + ",\"recovery\":{\"" + topic + "\":{\"epoch\":\"" + EPOCH
				+ "\",\"offset\":" + offset + ",\"recoverable\":true,\"recovered\":" + recovered + ",\"count\":" + count
				+ "}}},\"v\":1}");
	}

	private List<Long> offsets() {
		return this.delivered.stream()
			.filter((message) -> "tick".equals(message.type()))
			.map(Envelope::offset)
			.toList();
	}

}
