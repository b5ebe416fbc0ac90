package dev.wse.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.annotation.OnPresenceJoin;
import dev.wse.engine.handler.annotation.OnPresenceLeave;
import dev.wse.engine.presence.PresenceChange;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.connection.WseConnection;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceAndRoomTests {

	private WseEngine engine;

	private final List<String> hooks = new CopyOnWriteArrayList<>();

	private WseEngine start(WseEngineConfig.Builder config) {
		HandlerRegistry handlers = new HandlerRegistry();
		handlers.registerAnnotated(new Object() {

			@OnPresenceJoin
			void joined(PresenceChange change) {
				PresenceAndRoomTests.this.hooks.add("join " + change.userId() + " " + change.topic());
			}

			@OnPresenceLeave
			void left(PresenceChange change) {
				PresenceAndRoomTests.this.hooks.add("leave " + change.userId() + " " + change.topic());
			}

		});
		this.engine = WseEngine.builder()
			.config(config.presenceEnabled(true).build())
			.handlers(handlers)
			.authenticator((request) -> AuthenticationResult.success(WsePrincipal.of(request.queryParameter("user"))))
			.topicAuthorizer(new TopicAuthorizer() {

				@Override
				public boolean canSubscribe(@Nullable WsePrincipal principal, String topic) {
					return !topic.startsWith("secret");
				}

				@Override
				public boolean canJoin(@Nullable WsePrincipal principal, String room) {
					return room.startsWith("open:");
				}

			})
			.build();
		this.engine.start();
		return this.engine;
	}

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private TestClient connect(String user) {
		TestClient client = TestClient.connect(this.engine, "ws://localhost/wse?user=" + user, Map.of());
		client.awaitType("server_ready");
		return client;
	}

	private static Envelope join(TestClient client, String topic, String data) {
		int before = client.ofType("subscription_update").size();
		client.send("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + topic
				+ "\"],\"presence\":" + data + "}}");
		client.await((envelope) -> client.ofType("subscription_update").size() > before);
		return client.ofType("subscription_update").get(before);
	}

	private static List<String> events(TestClient client) {
		return client.messages()
			.stream()
			.filter((envelope) -> envelope.type().startsWith("presence_"))
			.map((envelope) -> envelope.type().substring(9) + " " + envelope.payload().path("user_id").asString())
			.toList();
	}

	@Test
	void twoUsersWithTwoDevicesEachJoinAndLeaveOncePerUser() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient alicePhone = connect("alice");
		TestClient aliceLaptop = connect("alice");
		TestClient bobPhone = connect("bob");
		TestClient bobLaptop = connect("bob");
		Envelope ack = join(alicePhone, "room:1", "{\"status\":\"here\"}");
		assertThat(ack.payload().path("presence").path("room:1").path("alice").path("data").path("status").asString())
			.isEqualTo("here");
		join(aliceLaptop, "room:1", "{\"status\":\"here\"}");
		join(bobPhone, "room:1", "{}");
		join(bobLaptop, "room:1", "{}");
		assertThat(engine.presenceStats("room:1").users()).isEqualTo(2);
		assertThat(engine.presenceStats("room:1").connections()).isEqualTo(4);
		aliceLaptop.session().peerClosed(1000);
		assertThat(engine.presence("room:1")).containsKeys("alice", "bob");
		alicePhone.session().peerClosed(1000);
		bobPhone.await((envelope) -> envelope.type().equals("presence_leave"));
		assertThat(events(bobPhone)).containsExactly("join bob", "leave alice");
		assertThat(events(alicePhone)).containsExactly("join alice", "join bob");
		assertThat(events(bobLaptop)).containsExactly("leave alice");
		assertThat(this.hooks).containsExactly("join alice room:1", "join bob room:1", "leave alice room:1");
		assertThat(engine.presence("room:1")).containsOnlyKeys("bob");
		assertThat(engine.presenceMemberCount()).isEqualTo(1);
	}

	@Test
	void updatesAreAnnouncedWithTheNewData() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient alice = connect("alice");
		TestClient bob = connect("bob");
		join(alice, "room:2", "{\"typing\":false}");
		join(bob, "room:2", "{}");
		alice.send("{\"t\":\"presence_update\",\"p\":{\"data\":{\"typing\":true}}}");
		Envelope update = bob.await((envelope) -> envelope.type().equals("presence_update"));
		assertThat(update.payload().path("user_id").asString()).isEqualTo("alice");
		assertThat(update.payload().path("topic").asString()).isEqualTo("room:2");
		assertThat(update.payload().path("data").path("typing").asBoolean()).isTrue();
		assertThat(engine.presence("room:2").get("alice").data().path("typing").asBoolean()).isTrue();
	}

	@Test
	void oversizedPresenceDataIsRefused() {
		start(EngineTestSupport.config().presenceMaxDataSize(64));
		TestClient alice = connect("alice");
		Envelope ack = join(alice, "room:3", "{\"bio\":\"" + "x".repeat(100) + "\"}");
		assertThat(ack.payload().path("success_topics").toString()).isEqualTo("[\"room:3\"]");
		assertThat(alice.awaitType("error").payload().path("code").asString()).isEqualTo("INVALID_PRESENCE");
		assertThat(this.engine.presenceStats("room:3").users()).isZero();
	}

	@Test
	void presenceQueriesFollowTheTopicAuthorizer() {
		start(EngineTestSupport.config());
		TestClient alice = connect("alice");
		join(alice, "room:4", "{\"mood\":\"ok\"}");
		TestClient bob = connect("bob");
		bob.send("{\"t\":\"presence_request\",\"cid\":\"q1\",\"p\":{\"topic\":\"room:4\"}}");
		Envelope response = bob.awaitType("presence_response");
		assertThat(response.correlationId()).isEqualTo("q1");
		assertThat(response.payload().path("members").path("alice").path("data").path("mood").asString())
			.isEqualTo("ok");
		assertThat(response.payload().path("stats").path("users").asInt()).isEqualTo(1);
		bob.send("{\"t\":\"presence_request\",\"p\":{\"topic\":\"secret:room\"}}");
		assertThat(bob.awaitType("error").payload().path("code").asString()).isEqualTo("FORBIDDEN");
	}

	@Test
	void roomsAreClosedUnlessARuleOpensThem() {
		start(EngineTestSupport.config().allowedRooms(List.of("team:{sub}:*")));
		TestClient alice = connect("alice");
		alice.send("{\"t\":\"room_join\",\"cid\":\"j1\",\"p\":{\"room\":\"open:lobby\",\"data\":{\"nick\":\"A\"}}}");
		Envelope joined = alice.awaitType("room_join_response");
		assertThat(joined.payload().path("members").path("alice").path("data").path("nick").asString()).isEqualTo("A");
		alice.send("{\"t\":\"room_join\",\"p\":{\"room\":\"team:alice:chat\"}}");
		alice.send("{\"t\":\"room_join\",\"p\":{\"room\":\"team:bob:chat\"}}");
		alice.send("{\"t\":\"room_join\",\"p\":{\"room\":\"closed\"}}");
		alice.send("{\"t\":\"room_join\",\"p\":{\"room\":\"$system\"}}");
		alice.send("{\"t\":\"room_join\",\"p\":{\"room\":\"bad*name\"}}");
		alice.send("{\"t\":\"room_join\",\"p\":{\"room\":\"\"}}");
		alice.await((envelope) -> alice.ofType("error").size() == 5);
		assertThat(alice.ofType("room_join_response")).hasSize(2);
		assertThat(alice.ofType("error")).extracting((error) -> error.payload().path("code").asString())
			.containsExactly("FORBIDDEN", "FORBIDDEN", "INVALID_SUBSCRIPTION", "INVALID_SUBSCRIPTION",
					"INVALID_SUBSCRIPTION");
		alice.send("{\"t\":\"room_leave\",\"p\":{\"room\":\"open:lobby\"}}");
		alice.awaitType("room_leave_response");
		assertThat(this.engine.presenceStats("open:lobby").users()).isZero();
	}

	@Test
	void defaultSubscriptionsAreJoinedAfterAuthentication() {
		WseEngine engine = start(EngineTestSupport.config().defaultSubscriptions(List.of("user:{sub}", "news")));
		TestClient alice = connect("alice");
		assertThat(engine.connection(alice.connectionId()).subscriptions()).containsExactlyInAnyOrder("user:alice",
				"news");
		assertThat(engine.publish("user:alice", "notice", Map.of())).isEqualTo(1);
		assertThat(engine.publish("user:bob", "notice", Map.of())).isZero();
	}

	@Test
	void rejectNewRefusesTheConnectionOverTheLimit() {
		WseEngine engine = start(EngineTestSupport.config().connectionsPerUser(2));
		connect("alice");
		connect("alice");
		TestClient third = TestClient.connect(engine, "ws://localhost/wse?user=alice", Map.of());
		assertThat(third.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.USER_CONNECTION_LIMIT.code());
		assertThat(third.session().closeReason()).isEqualTo("Too many connections for this user");
		assertThat(engine.connectionsOf("alice")).hasSize(2);
		connect("bob");
	}

	@Test
	void evictOldestClosesTheOldestConnection() {
		WseEngine engine = start(EngineTestSupport.config()
			.connectionsPerUser(2)
			.connectionsPerUserPolicy(WseEngineConfig.UserLimitPolicy.EVICT_OLDEST));
		TestClient first = connect("alice");
		TestClient second = connect("alice");
		TestClient third = connect("alice");
		assertThat(first.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.REPLACED.code());
		assertThat(engine.connectionsOf("alice")).extracting(WseConnection::id)
			.containsExactly(second.connectionId(), third.connectionId());
		assertThat(engine.sendToUser("alice", "note", Map.of())).isEqualTo(2);
	}

	@Test
	void publishAndBroadcastCanExcludeConnections() {
		WseEngine engine = start(EngineTestSupport.config());
		TestClient sender = connect("alice");
		TestClient other = connect("bob");
		sender.subscribe("chat");
		other.subscribe("chat");
		assertThat(engine.publish("chat", "msg", Map.of(), Set.of(sender.connectionId()))).isEqualTo(1);
		assertThat(engine.broadcast("all", Map.of(), Set.of(other.connectionId()))).isEqualTo(1);
		other.awaitType("msg");
		sender.awaitType("all");
		assertThat(sender.ofType("msg")).isEmpty();
		assertThat(other.ofType("all")).isEmpty();
	}

}
