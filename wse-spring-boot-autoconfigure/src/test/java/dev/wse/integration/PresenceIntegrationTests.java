package dev.wse.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.wse.client.CloseStatus;
import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.presence.PresenceStats;
import dev.wse.integration.PresenceTestConfiguration.PresenceHooks;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.spring.WseTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence, rooms, users with several devices and sends with exclusions, over real
 * sockets. Runs on its own server with presence on, rooms {@code room:*} and
 * {@code team:{sub}:*} open, at most two connections per user (the oldest evicted), a
 * default subscription to {@code user:{sub}}, the {@code wse} actuator endpoint exposed
 * and the beans of {@link PresenceTestConfiguration}. Every test uses its own user names
 * and topics, so connections another test is still closing do not count against a user's
 * limit.
 */
@SpringBootTest(classes = { WseTestApplication.class, PresenceTestConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.presence.enabled=true",
				"wse.rooms.allowed=room:*,team:{sub}:*", "wse.limits.connections-per-user=2",
				"wse.limits.connections-per-user-policy=evict-oldest", "wse.topics.default-subscriptions=user:{sub}",
				"management.endpoints.web.exposure.include=wse" })
class PresenceIntegrationTests {

	private static final AtomicInteger NAMES = new AtomicInteger();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext applicationContext;

	@Autowired
	private WseTemplate template;

	@Autowired
	private PresenceHooks hooks;

	private TestClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new TestClients(WsePorts.wsePort(this.applicationContext, this.port));
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	@Test
	void twoUsersWithTwoDevicesJoinUpdateAndLeaveOncePerUser() {
		String room = unique("room:standup");
		String alice = unique("alice");
		String bob = unique("bob");
		WseClient observer = this.clients.connect(unique("carol"));
		subscribe(observer, room);
		WseClient alicePhone = this.clients.connect(alice);
		WseClient aliceLaptop = this.clients.connect(alice);
		WseClient bobPhone = this.clients.connect(bob);
		WseClient bobLaptop = this.clients.connect(bob);

		Envelope aliceJoined = request(alicePhone, "room_join",
				"{\"room\":\"" + room + "\",\"data\":{\"status\":\"online\"}}");
		assertThat(aliceJoined.type()).isEqualTo("room_join_response");
		assertThat(aliceJoined.payload().path("members").path(alice).path("data").path("status").asString())
			.isEqualTo("online");
		request(aliceLaptop, "room_join", "{\"room\":\"" + room + "\",\"data\":{\"status\":\"online\"}}");
		Envelope bobAck = request(bobPhone, "subscription_update",
				"{\"action\":\"subscribe\",\"topics\":[\"" + room + "\"],\"presence\":{\"status\":\"away\"}}");
		assertThat(bobAck.payload().path("presence").path(room).path(alice).path("connections").asInt()).isEqualTo(2);
		assertThat(bobAck.payload().path("presence").path(room).path(bob).path("data").path("status").asString())
			.isEqualTo("away");
		Envelope bobLaptopJoined = request(bobLaptop, "room_join", "{\"room\":\"" + room + "\"}");
		assertThat(bobLaptopJoined.payload().path("stats").path("users").asInt()).isEqualTo(2);
		assertThat(bobLaptopJoined.payload().path("stats").path("connections").asInt()).isEqualTo(4);
		assertThat(this.template.presenceStats(room)).isEqualTo(new PresenceStats(2, 4));

		aliceLaptop.sendRaw(
				"{\"t\":\"presence_update\",\"p\":{\"topics\":[\"" + room + "\"],\"data\":{\"status\":\"typing\"}}}");
		observer.messages().awaitType("presence_update", TestClients.WAIT);
		assertThat(this.template.presence(room).get(alice).data().path("status").asString()).isEqualTo("typing");

		aliceLaptop.close();
		await().atMost(TestClients.WAIT)
			.untilAsserted(() -> assertThat(this.template.presence(room).get(alice).connections()).isEqualTo(1));
		alicePhone.close();
		Envelope left = observer.messages().awaitType("presence_leave", TestClients.WAIT);
		assertThat(left.payload().path("data").path("status").asString()).isEqualTo("typing");

		assertThat(presenceEvents(observer, room)).containsExactly("presence_join " + alice, "presence_join " + bob,
				"presence_update " + alice, "presence_leave " + alice);
		bobPhone.messages().awaitMessage(presenceEvent("presence_leave", alice), TestClients.WAIT);
		assertThat(presenceEvents(bobPhone, room)).containsExactly("presence_join " + bob, "presence_update " + alice,
				"presence_leave " + alice);
		bobLaptop.messages().awaitMessage(presenceEvent("presence_leave", alice), TestClients.WAIT);
		assertThat(presenceEvents(bobLaptop, room)).containsExactly("presence_update " + alice,
				"presence_leave " + alice);
		assertThat(this.hooks.callsFor(room)).containsExactly("join " + alice + " " + room, "join " + bob + " " + room,
				"leave " + alice + " " + room);
		assertThat(this.template.presence(room)).containsOnlyKeys(bob);
		assertThat(this.template.presenceStats(room)).isEqualTo(new PresenceStats(1, 2));
	}

	@Test
	void roomLeaveOfTheLastDeviceAnnouncesTheLeave() {
		String room = unique("room:leave");
		String alice = unique("alice");
		WseClient observer = this.clients.connect(unique("carol"));
		subscribe(observer, room);
		WseClient alicePhone = this.clients.connect(alice);
		request(alicePhone, "room_join", "{\"room\":\"" + room + "\"}");

		Envelope left = request(alicePhone, "room_leave", "{\"room\":\"" + room + "\"}");

		assertThat(left.type()).isEqualTo("room_leave_response");
		assertThat(left.payload().path("left").asBoolean()).isTrue();
		observer.messages().awaitMessage(presenceEvent("presence_leave", alice), TestClients.WAIT);
		assertThat(this.template.presenceStats(room)).isEqualTo(PresenceStats.EMPTY);
	}

	@Test
	void presenceQueriesAnswerWithMembersAndAreRefusedOnForbiddenTopics() {
		String room = unique("room:query");
		String alice = unique("alice");
		WseClient member = this.clients.connect(alice);
		request(member, "room_join", "{\"room\":\"" + room + "\",\"data\":{\"mood\":\"ok\"}}");
		WseClient asker = this.clients.connect(unique("bob"));

		Envelope response = request(asker, "presence_request", "{\"topic\":\"" + room + "\"}");
		assertThat(response.type()).isEqualTo("presence_response");
		assertThat(response.payload().path("topic").asString()).isEqualTo(room);
		assertThat(response.payload().path("members").path(alice).path("data").path("mood").asString()).isEqualTo("ok");
		assertThat(response.payload().path("stats").path("users").asInt()).isEqualTo(1);

		Envelope refused = request(asker, "presence_request",
				"{\"topic\":\"" + PresenceTestConfiguration.FORBIDDEN_PREFIX + ".room\"}");
		assertThat(refused.type()).isEqualTo("error");
		assertThat(refused.payload().path("code").asString()).isEqualTo("FORBIDDEN");
	}

	@Test
	void invalidRoomNamesAreRefusedWithInvalidSubscription() {
		WseClient client = this.clients.connect(unique("alice"));
		List<String> invalid = List.of("", "room:*", "room:?", "$system", "wse.internal", "__hidden",
				"room:bad\\u0001name", "room:" + "x".repeat(256));
		for (String room : invalid) {
			Envelope refused = request(client, "room_join", "{\"room\":\"" + room + "\"}");
			assertThat(refused.type()).as("room_join '%s'", room).isEqualTo("error");
			assertThat(refused.payload().path("code").asString()).as("room_join '%s'", room)
				.isEqualTo("INVALID_SUBSCRIPTION");
		}
		Envelope leave = request(client, "room_leave", "{\"room\":\"$system\"}");
		assertThat(leave.payload().path("code").asString()).isEqualTo("INVALID_SUBSCRIPTION");
	}

	@Test
	void closedRoomsAreRefusedWithForbiddenAndOwnTeamRoomsAreOpen() {
		String alice = unique("alice");
		WseClient client = this.clients.connect(alice);

		for (String room : List.of("lobby", "team:someone-else:chat", "rooms:1")) {
			Envelope refused = request(client, "room_join", "{\"room\":\"" + room + "\"}");
			assertThat(refused.type()).as("room_join '%s'", room).isEqualTo("error");
			assertThat(refused.payload().path("code").asString()).as("room_join '%s'", room).isEqualTo("FORBIDDEN");
		}
		String ownRoom = "team:" + alice + ":chat";
		Envelope joined = request(client, "room_join", "{\"room\":\"" + ownRoom + "\"}");
		assertThat(joined.type()).isEqualTo("room_join_response");
		assertThat(joined.payload().path("members").has(alice)).isTrue();
		assertThat(this.template.connectionsOf(alice).get(0).subscriptions()).contains(ownRoom).doesNotContain("lobby");
	}

	@Test
	void oneConnectionTooManyEvictsTheUsersOldestWith4411() throws Exception {
		String dave = unique("dave");
		WseClient first = this.clients.connect(dave);
		WseClient second = this.clients.connect(dave);
		WseClient third = this.clients.connect(dave);

		CloseStatus closed = first.closeFuture().get(TestClients.WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(closed).isEqualTo(new CloseStatus(CloseCode.REPLACED.code(), "Replaced by a newer connection"));
		assertThat(this.template.connectionsOf(dave)).extracting(WseConnection::id)
			.containsExactly(second.connectionId(), third.connectionId());
		assertThat(this.template.sendToUser(dave, "note", Map.of("n", 1))).isEqualTo(2);
		second.messages().awaitType("note", TestClients.WAIT);
		third.messages().awaitType("note", TestClients.WAIT);
		assertThat(second.isOpen()).isTrue();
	}

	@Test
	void publishAndBroadcastLeaveOutTheExcludedConnections() {
		String topic = unique("chat");
		WseClient sender = this.clients.connect(unique("alice"));
		WseClient reader = this.clients.connect(unique("bob"));
		subscribe(sender, topic);
		subscribe(reader, topic);

		int recipients = this.template.publish(topic, "chat", Map.of("text", "hi"), Set.of(sender.connectionId()));
		this.template.broadcast("notice", Map.of("text", "all"), Set.of(reader.connectionId()));
		this.template.publish(topic, "barrier", Map.of());

		assertThat(recipients).isEqualTo(1);
		reader.messages().awaitType("chat", TestClients.WAIT);
		sender.messages().awaitType("notice", TestClients.WAIT);
		sender.messages().awaitType("barrier", TestClients.WAIT);
		reader.messages().awaitType("barrier", TestClients.WAIT);
		assertThat(sender.messages().received("chat")).isEmpty();
		assertThat(reader.messages().received("notice")).isEmpty();
	}

	@Test
	void defaultSubscriptionsReachTheUsersOwnTopic() {
		String alice = unique("alice");
		WseClient client = this.clients.connect(alice);
		this.clients.connect(unique("bob"));

		int recipients = this.template.publish("user:" + alice, "notice", Map.of("text", "for you"));

		assertThat(recipients).isEqualTo(1);
		assertThat(client.messages().awaitType("notice", TestClients.WAIT).payload().path("text").asString())
			.isEqualTo("for you");
	}

	@Test
	void actuatorEndpointReportsPresenceAndAUsersConnectionsWithoutSecrets() throws Exception {
		String room = unique("room:ops");
		String alice = unique("alice");
		WseClient phone = this.clients.connect(alice);
		WseClient laptop = this.clients.connect(alice);
		request(phone, "room_join", "{\"room\":\"" + room + "\"}");

		JsonNode summary = getJson("/actuator/wse");
		assertThat(summary.path("state").asString()).isEqualTo("running");
		assertThat(summary.path("security").asString()).isEqualTo("jwt");
		assertThat(summary.path("connections").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(summary.path("presence").path("members").asInt()).isGreaterThanOrEqualTo(1);

		JsonNode connections = getJson("/actuator/wse/" + alice);
		assertThat(connections.path("userId").asString()).isEqualTo(alice);
		assertThat(connections.path("connections")).hasSize(2);
		JsonNode oldest = connections.path("connections").path(0);
		assertThat(oldest.path("order").asInt()).isEqualTo(1);
		assertThat(oldest.path("id").asString()).isEqualTo(phone.connectionId());
		assertThat(oldest.path("format").asString()).isEqualTo("json");
		assertThat(oldest.path("subscriptions").toString()).isEqualTo("[\"" + room + "\",\"user:" + alice + "\"]");
		assertThat(connections.path("connections").path(1).path("id").asString()).isEqualTo(laptop.connectionId());
		assertThat(connections.toString()).doesNotContain(Tokens.ISSUER).doesNotContain(Tokens.AUDIENCE);
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}

	private static String unique(String name) {
		return name + "-" + NAMES.incrementAndGet();
	}

	/**
	 * Send a request with a new correlation id and wait for the answer (a response or an
	 * error) carrying it.
	 */
	private static Envelope request(WseClient client, String type, String payload) {
		String cid = unique("c");
		client.sendRaw("{\"t\":\"" + type + "\",\"cid\":\"" + cid + "\",\"p\":" + payload + "}");
		return client.messages().awaitMessage((envelope) -> cid.equals(envelope.correlationId()), TestClients.WAIT);
	}

	private static void subscribe(WseClient client, String topic) {
		try {
			assertThat(client.subscribe(topic).get(5, TimeUnit.SECONDS).successTopics()).containsExactly(topic);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Predicate<Envelope> presenceEvent(String type, String userId) {
		return MessageRecorder.ofType(type)
			.and((envelope) -> userId.equals(envelope.payload().path("user_id").asString()));
	}

	/**
	 * Return the presence events a client received about a topic, as
	 * {@code "<type> <user>"}.
	 */
	private static List<String> presenceEvents(WseClient client, String topic) {
		return client.messages()
			.received()
			.stream()
			.filter((envelope) -> envelope.type().startsWith("presence_"))
			.filter((envelope) -> topic.equals(envelope.payload().path("topic").asString()))
			.map((envelope) -> envelope.type() + " " + envelope.payload().path("user_id").asString())
			.toList();
	}

}
