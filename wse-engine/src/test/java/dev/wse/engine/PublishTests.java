package dev.wse.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.RuleTopicAuthorizer;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.MessageIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client {@code publish}: authorization (denied by default), validation, the normal
 * publish path (stamps, dedup, exclusion) and {@code publish_ack}.
 */
class PublishTests {

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private WseEngine engine(TopicAuthorizer authorizer, WseEngineConfig config) {
		this.engine = EngineTestSupport.start((builder) -> builder.config(config)
			.authenticator((request) -> AuthenticationResult.success(WsePrincipal.of(request.queryParameter("user"))))
			.topicAuthorizer(authorizer));
		return this.engine;
	}

	private WseEngine engine(TopicAuthorizer authorizer) {
		return engine(authorizer, EngineTestSupport.config().build());
	}

	private TestClient connect(String user) {
		return TestClient.connect(this.engine, "ws://localhost/wse?user=" + user, Map.of());
	}

	private static TopicAuthorizer chatPublishers() {
		return TopicAuthorizer.allOf(new RuleTopicAuthorizer(List.of(), List.of("chat:secret"),
				List.of("chat:*", "user:{sub}"), List.of("chat:readonly")), TopicAuthorizer.ALLOW_ALL);
	}

	@Test
	void publishIsDeniedByTheDefaultAuthorizer() {
		engine(TopicAuthorizer.ALLOW_ALL);
		TestClient publisher = connect("alice");
		TestClient subscriber = connect("bob");
		subscriber.subscribe("chat:lobby");
		publisher
			.send("{\"t\":\"publish\",\"cid\":\"p1\",\"p\":{\"topic\":\"chat:lobby\",\"payload\":{\"text\":\"hi\"}}}");
		Envelope error = publisher.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo(ErrorCode.FORBIDDEN.name());
		assertThat(error.correlationId()).isEqualTo("p1");
		subscriber.send("{\"t\":\"ping\",\"p\":{}}");
		subscriber.awaitType("PONG");
		assertThat(subscriber.ofType("message")).isEmpty();
	}

	@Test
	void allowedPublicationReachesSubscribersAndIsAcknowledged() {
		engine(chatPublishers());
		TestClient publisher = connect("alice");
		TestClient subscriber = connect("bob");
		subscriber.subscribe("chat:lobby");
		publisher.subscribe("chat:lobby");
		publisher.send("{\"t\":\"publish\",\"cid\":\"p1\",\"pri\":8,"
				+ "\"p\":{\"topic\":\"chat:lobby\",\"type\":\"chat_message\",\"payload\":{\"text\":\"hi\"}}}");
		Envelope ack = publisher.awaitType("publish_ack");
		assertThat(ack.effectiveCategory()).isEqualTo(MessageCategory.WSE);
		assertThat(ack.correlationId()).isEqualTo("p1");
		assertThat(ack.payload().path("topic").asString()).isEqualTo("chat:lobby");
		assertThat(ack.payload().path("type").asString()).isEqualTo("chat_message");
		Envelope received = subscriber.awaitType("chat_message");
		assertThat(received.topic()).isEqualTo("chat:lobby");
		assertThat(received.effectiveCategory()).isEqualTo(MessageCategory.U);
		assertThat(received.payload().path("text").asString()).isEqualTo("hi");
		assertThat(received.id()).isNotNull();
		assertThat(received.priority()).isEqualTo(8);
		publisher.awaitType("chat_message");
	}

	@Test
	void publicationWithoutCorrelationIsNotAcknowledgedAndDefaultsItsType() {
		engine(chatPublishers());
		TestClient publisher = connect("alice");
		TestClient subscriber = connect("bob");
		subscriber.subscribe("user:alice");
		publisher.send("{\"t\":\"publish\",\"p\":{\"topic\":\"user:alice\",\"payload\":{\"n\":1}}}");
		Envelope received = subscriber.awaitType("message");
		assertThat(received.payload().path("n").asInt()).isEqualTo(1);
		publisher.send("{\"t\":\"ping\",\"p\":{}}");
		publisher.awaitType("PONG");
		assertThat(publisher.ofType("publish_ack")).isEmpty();
		assertThat(publisher.ofType("error")).isEmpty();
	}

	@Test
	void denyRulesWinOverAllowRulesAndOtherAuthorizers() {
		TopicAuthorizer permissiveBean = new TopicAuthorizer() {

			@Override
			public boolean canSubscribe(WsePrincipal principal, String topic) {
				return true;
			}

			@Override
			public boolean canPublish(WsePrincipal principal, String topic) {
				return true;
			}

		};
		engine(TopicAuthorizer.allOf(
				new RuleTopicAuthorizer(List.of(), List.of("chat:secret"), List.of(), List.of("chat:readonly")),
				permissiveBean));
		TestClient publisher = connect("alice");
		for (String topic : List.of("chat:secret", "chat:readonly")) {
			publisher.send("{\"t\":\"publish\",\"cid\":\"" + topic + "\",\"p\":{\"topic\":\"" + topic + "\"}}");
			Envelope error = publisher.await((envelope) -> topic.equals(envelope.correlationId()));
			assertThat(error.payload().path("code").asString()).isEqualTo(ErrorCode.FORBIDDEN.name());
		}
		publisher.send("{\"t\":\"publish\",\"cid\":\"ok\",\"p\":{\"topic\":\"anything\"}}");
		assertThat(publisher.await((envelope) -> "ok".equals(envelope.correlationId())).type())
			.isEqualTo("publish_ack");
	}

	@Test
	void subRulesAllowOnlyTheUsersOwnTopic() {
		engine(chatPublishers());
		TestClient publisher = connect("alice");
		publisher.send("{\"t\":\"publish\",\"cid\":\"own\",\"p\":{\"topic\":\"user:alice\"}}");
		assertThat(publisher.await((envelope) -> "own".equals(envelope.correlationId())).type())
			.isEqualTo("publish_ack");
		publisher.send("{\"t\":\"publish\",\"cid\":\"other\",\"p\":{\"topic\":\"user:bob\"}}");
		Envelope error = publisher.await((envelope) -> "other".equals(envelope.correlationId()));
		assertThat(error.payload().path("code").asString()).isEqualTo(ErrorCode.FORBIDDEN.name());
	}

	@Test
	void invalidPublicationsGetInvalidPublicationAndTheConnectionStays() {
		engine(chatPublishers(), EngineTestSupport.config().maxTopicLength(16).build());
		TestClient publisher = connect("alice");
		List<String> payloads = List.of("{}", "{\"topic\":42}", "{\"topic\":\"\"}", "{\"topic\":\"chat:*\"}",
				"{\"topic\":\"chat:?\"}", "{\"topic\":\"chat:" + "x".repeat(20) + "\"}", "{\"topic\":\"chat:\\u0001\"}",
				"{\"topic\":\"chat:a\",\"type\":\"error\"}", "{\"topic\":\"chat:a\",\"type\":\"server_ready\"}",
				"{\"topic\":\"chat:a\",\"type\":\"presence_join\"}",
				"{\"topic\":\"chat:a\",\"type\":\"topic_snapshot\"}",
				"{\"topic\":\"chat:a\",\"type\":\"subscription_update\"}", "{\"topic\":\"chat:a\",\"type\":7}",
				"{\"topic\":\"chat:a\",\"type\":\"\"}", "{\"topic\":\"chat:a\",\"id\":5}",
				"{\"topic\":\"chat:a\",\"id\":\"" + "i".repeat(129) + "\"}");
		for (int i = 0; i < payloads.size(); i++) {
			String cid = "bad-" + i;
			publisher.send("{\"t\":\"publish\",\"cid\":\"" + cid + "\",\"p\":" + payloads.get(i) + "}");
			Envelope error = publisher.await((envelope) -> cid.equals(envelope.correlationId()));
			assertThat(error.type()).as(payloads.get(i)).isEqualTo("error");
			assertThat(error.payload().path("code").asString()).as(payloads.get(i))
				.isEqualTo(ErrorCode.INVALID_PUBLICATION.name());
		}
		assertThat(publisher.session().isOpen()).isTrue();
		publisher.send("{\"t\":\"publish\",\"cid\":\"good\",\"p\":{\"topic\":\"chat:a\"}}");
		assertThat(publisher.await((envelope) -> "good".equals(envelope.correlationId())).type())
			.isEqualTo("publish_ack");
	}

	@Test
	void applicationIdDeduplicatesAndExcludeSelfLeavesOutThePublisher() {
		engine(chatPublishers());
		TestClient publisher = connect("alice");
		TestClient subscriber = connect("bob");
		publisher.subscribe("chat:lobby");
		subscriber.subscribe("chat:lobby");
		String id = MessageIds.next();
		for (int i = 0; i < 2; i++) {
			publisher
				.send("{\"t\":\"publish\",\"cid\":\"d" + i + "\",\"p\":{\"topic\":\"chat:lobby\",\"type\":\"note\","
						+ "\"id\":\"" + id + "\",\"exclude_self\":true,\"payload\":{\"i\":" + i + "}}}");
			String cid = "d" + i;
			publisher.await((envelope) -> cid.equals(envelope.correlationId()));
		}
		this.engine.publish("chat:lobby", "marker", Map.of());
		subscriber.awaitType("marker");
		publisher.awaitType("marker");
		assertThat(subscriber.ofType("note")).hasSize(1);
		assertThat(subscriber.ofType("note").get(0).id()).isEqualTo(id);
		assertThat(publisher.ofType("note")).isEmpty();
	}

	@Test
	void publicationsAreStampedForRecovery() {
		engine(chatPublishers(), EngineTestSupport.config().recoveryEnabled(true).build());
		TestClient publisher = connect("alice");
		TestClient subscriber = connect("bob");
		subscriber.subscribe("chat:lobby");
		publisher.send("{\"t\":\"publish\",\"p\":{\"topic\":\"chat:lobby\",\"type\":\"note\"}}");
		publisher.send("{\"t\":\"publish\",\"p\":{\"topic\":\"chat:lobby\",\"type\":\"note\"}}");
		subscriber.await((envelope) -> "note".equals(envelope.type()) && Long.valueOf(1).equals(envelope.offset()));
		assertThat(subscriber.ofType("note")).extracting(Envelope::offset).containsExactly(0L, 1L);
		assertThat(subscriber.ofType("note").get(0).epoch()).isNotNull();
	}

	@Test
	void claimRulesAllowPublishing() {
		this.engine = EngineTestSupport.start((builder) -> builder.config(EngineTestSupport.config().build())
			.authenticator((request) -> AuthenticationResult.success(new WsePrincipal("carol",
					Map.of(RuleTopicAuthorizer.PUBLISH_CLAIM, Map.of("allow", List.of("team:7:*"))), null)))
			.topicAuthorizer(
					TopicAuthorizer.allOf(new RuleTopicAuthorizer(List.of(), List.of()), TopicAuthorizer.ALLOW_ALL)));
		TestClient publisher = TestClient.connect(this.engine);
		publisher.send("{\"t\":\"publish\",\"cid\":\"a\",\"p\":{\"topic\":\"team:7:chat\"}}");
		assertThat(publisher.await((envelope) -> "a".equals(envelope.correlationId())).type()).isEqualTo("publish_ack");
		publisher.send("{\"t\":\"publish\",\"cid\":\"b\",\"p\":{\"topic\":\"team:8:chat\"}}");
		assertThat(
				publisher.await((envelope) -> "b".equals(envelope.correlationId())).payload().path("code").asString())
			.isEqualTo(ErrorCode.FORBIDDEN.name());
	}

	@Test
	void failingAuthorizerRefusesThePublication() {
		engine(new TopicAuthorizer() {

			@Override
			public boolean canSubscribe(WsePrincipal principal, String topic) {
				return true;
			}

			@Override
			public boolean canPublish(WsePrincipal principal, String topic) {
				throw new IllegalStateException("boom");
			}

		});
		TestClient publisher = connect("alice");
		publisher.send("{\"t\":\"publish\",\"cid\":\"x\",\"p\":{\"topic\":\"chat:a\"}}");
		Envelope error = publisher.await((envelope) -> "x".equals(envelope.correlationId()));
		assertThat(error.payload().path("code").asString()).isEqualTo(ErrorCode.FORBIDDEN.name());
		assertThat(error.payload().toString()).doesNotContain("boom");
	}

}
