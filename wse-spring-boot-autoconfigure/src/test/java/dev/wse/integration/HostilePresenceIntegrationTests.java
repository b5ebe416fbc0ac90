package dev.wse.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.client.CloseStatus;
import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;
import dev.wse.engine.WseEngine;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.spring.WseTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile clients against the features the shared server leaves off: presence data over
 * the 4 KiB cap or of the wrong shape (docs/protocol.md §8: {@code INVALID_PRESENCE}, the
 * subscription stands) and a burst of connections from one user against the
 * connections-per-user limit (§9: 4411 for the evicted). Runs on the presence test server
 * of {@link PresenceIntegrationTests} (the same configuration, so the same application
 * context); like there, every test uses its own user names and topics. As in
 * {@link HostileInputIntegrationTests}, a bystander is served before and after each case
 * and the engine's counts return to where they were.
 */
@SpringBootTest(classes = { WseTestApplication.class, PresenceTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.presence.enabled=true",
				"wse.rooms.allowed=room:*,team:{sub}:*", "wse.limits.connections-per-user=2",
				"wse.limits.connections-per-user-policy=evict-oldest", "wse.topics.default-subscriptions=user:{sub}",
				"management.endpoints.web.exposure.include=wse" })
class HostilePresenceIntegrationTests {

	private static final AtomicInteger NAMES = new AtomicInteger();

	private static final Map<String, Object> OVERSIZED = Map.of("blob", "x".repeat(8 * 1024));

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext applicationContext;

	@Autowired
	private WseTemplate template;

	private TestClients clients;

	private WseEngine engine;

	private Bystander bystander;

	private int baselineConnections;

	private int baselineTopics;

	private int baselineMembers;

	@BeforeEach
	void joinBystander() throws Exception {
		this.clients = new TestClients(WsePorts.wsePort(this.applicationContext, this.port));
		this.engine = this.template.getEngine();
		this.baselineConnections = this.engine.connectionCount();
		this.baselineTopics = this.engine.topicCount();
		this.baselineMembers = this.engine.presenceMemberCount();
		this.bystander = Bystander.join(this.clients, unique("bystander"));
		this.bystander.assertHealthy(this.template);
	}

	@AfterEach
	void bystanderIsServedAndCountsReturnToTheBaseline() throws Exception {
		try {
			this.bystander.assertHealthy(this.template);
		}
		finally {
			this.clients.closeAll();
		}
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(this.engine.connectionCount()).as("connections").isLessThanOrEqualTo(this.baselineConnections);
			assertThat(this.engine.topicCount()).as("topics").isLessThanOrEqualTo(this.baselineTopics);
			assertThat(this.engine.presenceMemberCount()).as("presence members")
				.isLessThanOrEqualTo(this.baselineMembers);
		});
	}

	@Test
	void oversizedPresenceDataGetsInvalidPresenceAndTheSubscriptionStands() throws Exception {
		String topic = unique("hostile.presence");
		String user = unique("mallory");
		this.bystander.client().subscribe(topic).get(5, TimeUnit.SECONDS);
		WseClient hostile = this.clients.connect(user);

		hostile.send("subscription_update",
				Map.of("action", "subscribe", "topics", List.of(topic), "presence", OVERSIZED));
		Envelope error = awaitInvalidPresence(hostile, 1);
		assertThat(error.payload().path("message").asString()).contains("larger than 4096 bytes");
		Envelope ack = hostile.messages().awaitType("subscription_update", TestClients.WAIT);
		assertThat(ack.payload().path("success_topics").get(0).asString()).as("the subscription stands")
			.isEqualTo(topic);
		assertThat(this.template.presence(topic)).doesNotContainKey(user);

		hostile.send("subscription_update",
				Map.of("action", "subscribe", "topics", List.of(topic), "presence", Map.of("nick", "m")));
		this.bystander.client()
			.messages()
			.awaitMessage((message) -> "presence_join".equals(message.type())
					&& user.equals(message.payload().path("user_id").asString()), TestClients.WAIT);
		hostile.send("presence_update", Map.of("topics", List.of(topic), "data", OVERSIZED));
		hostile.send("presence_update", Map.of("topics", List.of(topic), "data", List.of("not", "an", "object")));
		awaitInvalidPresence(hostile, 3);
		assertThat(this.template.presence(topic).get(user).data().path("nick").asString()).as("data unchanged")
			.isEqualTo("m");
		assertThat(this.bystander.client().messages().count(MessageRecorder.ofType("presence_update")))
			.as("no update announced")
			.isZero();
		assertEchoes(hostile);
	}

	@Test
	void oversizedRoomDataGetsInvalidPresenceAndTheRoomIsJoinedWithoutIt() throws Exception {
		String room = unique("room:hostile");
		String user = unique("mallory");
		WseClient hostile = this.clients.connect(user);
		hostile.send(Envelope.builder("room_join")
			.payload(JsonMapper.shared().valueToTree(Map.of("room", room, "data", OVERSIZED)))
			.correlationId("j1")
			.build());
		awaitInvalidPresence(hostile, 1);
		Envelope joined = hostile.messages().awaitType("room_join_response", TestClients.WAIT);
		assertThat(joined.correlationId()).isEqualTo("j1");
		assertThat(this.template.presence(room)).doesNotContainKey(user);
		assertEchoes(hostile);
	}

	@Test
	void presenceDataWithALoneSurrogateDoesNotCloseOtherSubscribers() throws Exception {
		String topic = unique("hostile.surrogate");
		this.bystander.client().subscribe(topic).get(5, TimeUnit.SECONDS);
		WseClient hostile = this.clients.connect(unique("mallory"));
		hostile.sendRaw("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + topic
				+ "\"],\"presence\":{\"nick\":\"\\ud800\"}}}");
		await().atMost(TestClients.WAIT)
			.until(() -> !hostile.isOpen()
					|| hostile.messages().count(MessageRecorder.ofType("subscription_update")) > 0);
		// the presence_join was queued for the bystander before the ACK for the hostile
		this.bystander.assertHealthy(this.template);
		assertThat(hostile.isOpen()).as("hostile still open (malformed input never closes)").isTrue();
	}

	@Test
	void burstOfConnectionsFromOneUserLeavesExactlyTheLimitOpen() throws Exception {
		String user = unique("mallory-burst");
		int count = 30;
		List<CompletableFuture<CloseStatus>> ends = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ends.add(this.clients.connecting((options) -> options.bearerToken(Tokens.valid(user)))
				.thenCompose(WseClient::closeFuture)
				// evicted before its server_ready was written: the attempt fails with the
				// close status
				.exceptionally(HostilePresenceIntegrationTests::closeStatusOf));
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(ends).filteredOn(CompletableFuture::isDone).hasSize(count - 2));
		assertThat(this.template.connectionsOf(user)).hasSize(2);
		assertThat(ends).filteredOn(CompletableFuture::isDone)
			.extracting((end) -> end.join().code())
			.containsOnly(CloseCode.REPLACED.code());
	}

	// Support

	private static CloseStatus closeStatusOf(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		CloseStatus status = (cause instanceof WseClientException ex) ? ex.closeStatus() : null;
		return (status != null) ? status : new CloseStatus(-1, String.valueOf(cause));
	}

	private static Envelope awaitInvalidPresence(WseClient client, int count) {
		List<Envelope> errors = client.messages()
			.awaitMessages(MessageRecorder.errorWithCode(ErrorCode.INVALID_PRESENCE.name()), count, TestClients.WAIT);
		return errors.get(count - 1);
	}

	private static void assertEchoes(WseClient client) throws Exception {
		String marker = "still-usable-" + System.nanoTime();
		client.send("echo", Map.of("text", marker)).get(5, TimeUnit.SECONDS);
		client.messages()
			.awaitMessage((message) -> "echo_response".equals(message.type())
					&& marker.equals(message.payload().path("text").asString()), TestClients.WAIT);
		assertThat(client.isOpen()).isTrue();
	}

	private static String unique(String name) {
		return name + "-hostile-" + NAMES.incrementAndGet();
	}

}
