package dev.wse.engine.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wse.engine.TestClient;
import dev.wse.engine.WseEngine;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.annotation.OnConnect;
import dev.wse.engine.handler.annotation.OnDisconnect;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class HandlerDispatchTests {

	private final ChatHandlers chat = new ChatHandlers();

	private final HandlerRegistry registry = new HandlerRegistry();

	private WseEngine engine;

	private WseEngine start(WseEngineConfig config) {
		this.registry.registerAnnotated(this.chat);
		this.engine = WseEngine.builder().config(config).handlers(this.registry).build();
		this.engine.start();
		return this.engine;
	}

	private WseEngine start() {
		return start(WseEngineConfig.builder().build());
	}

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	@Test
	void returnValueIsSentToTheSenderAsTypeResponseWithTheCorrelationId() {
		TestClient client = TestClient.connect(start());
		client.send("{\"t\":\"chat.send\",\"id\":\"m-1\",\"p\":{\"room\":\"lobby\",\"text\":\"hello\"}}");
		Envelope reply = client.awaitType("chat.send_response");
		assertThat(reply.payload().path("echo").asString()).isEqualTo("lobby:hello");
		assertThat(reply.correlationId()).isEqualTo("m-1");
	}

	@Test
	void handlersRunOffTheCallingThreadAndInOrderPerConnection() {
		TestClient client = TestClient.connect(start());
		for (int i = 0; i < 200; i++) {
			client.send("{\"t\":\"count\",\"p\":" + i + "}");
		}
		client.await((envelope) -> envelope.type().equals("count_done") && envelope.payload().asInt() == 199);
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			expected.add(i);
		}
		assertThat(this.chat.counted).isEqualTo(expected);
		assertThat(this.chat.threads).doesNotContain(Thread.currentThread().getName());
		assertThat(this.chat.threads).allMatch((name) -> name.startsWith("wse-handler-"));
	}

	@Test
	void anExceptionBecomesAnErrorFrameAndTheConnectionStaysOpen() {
		TestClient client = TestClient.connect(start());
		client.send("{\"t\":\"explode\",\"cid\":\"c-9\",\"p\":{}}");
		Envelope error = client.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("HANDLER_ERROR");
		assertThat(error.correlationId()).isEqualTo("c-9");
		client.send("{\"t\":\"refuse\",\"p\":{}}");
		Envelope refused = client.await((envelope) -> envelope.type().equals("error")
				&& envelope.payload().path("code").asString().equals("NOT_IN_ROOM"));
		assertThat(refused.payload().path("message").asString()).isEqualTo("join the room first");
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void aPayloadThatDoesNotConvertIsInvalidPayload() {
		TestClient client = TestClient.connect(start());
		client.send("{\"t\":\"chat.send\",\"p\":[1,2,3]}");
		assertThat(client.awaitType("error").payload().path("code").asString()).isEqualTo("INVALID_PAYLOAD");
	}

	@Test
	void unknownTypesGetUnknownMessageType() {
		TestClient client = TestClient.connect(start());
		client.send("{\"t\":\"nobody.handles.this\",\"p\":{}}");
		Envelope error = client.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("UNKNOWN_MESSAGE_TYPE");
	}

	@Test
	void connectAndDisconnectMethodsAreCalled() {
		WseEngine engine = start();
		TestClient client = TestClient.connect(engine);
		String id = client.connectionId();
		client.awaitType("welcome");
		client.session().peerClosed(1000);
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (!this.chat.disconnected.contains(id) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(this.chat.disconnected).containsExactly(id);
	}

	@Test
	void aFullHandlerQueueAnswersOverloaded() {
		TestClient client = TestClient
			.connect(start(WseEngineConfig.builder().handlerQueueSize(2).handlerThreads(1).build()));
		client.awaitType("welcome");
		for (int i = 0; i < 20; i++) {
			client.send("{\"t\":\"slow\",\"p\":{}}");
		}
		Envelope error = client.await((envelope) -> envelope.type().equals("error"));
		assertThat(error.payload().path("code").asString()).isEqualTo("OVERLOADED");
	}

	@Test
	void duplicateRoutesFailRegistration() {
		this.registry.registerAnnotated(this.chat);
		assertThatIllegalStateException().isThrownBy(() -> this.registry.registerAnnotated(new ChatHandlers()))
			.withMessageContaining("Duplicate handler for message type");
	}

	@Test
	void aResolverRegisteredFirstSuppliesItsParameterOnEveryCall() {
		this.registry.addArgumentResolver(new ArgumentResolver() {

			@Override
			public boolean supports(java.lang.reflect.Parameter parameter) {
				return parameter.getType() == Caller.class;
			}

			@Override
			public Object resolve(java.lang.reflect.Parameter parameter, WseConnection connection,
					InboundMessage message) {
				return new Caller(connection.id(), (message != null) ? message.envelope().id() : null);
			}

		});
		this.registry.registerAnnotated(new Object() {

			@OnMessage("whoami")
			String whoami(Caller caller, Map<String, Object> payload) {
				return caller.connection() + "/" + caller.messageId() + "/" + payload.get("n");
			}

		});
		TestClient client = TestClient.connect(start());
		for (int i = 1; i <= 3; i++) {
			client.send("{\"t\":\"whoami\",\"id\":\"m-" + i + "\",\"p\":{\"n\":" + i + "}}");
			String expected = client.connectionId() + "/m-" + i + "/" + i;
			assertThat(client.await((envelope) -> envelope.type().equals("whoami_response")
					&& envelope.payload().asString().equals(expected)))
				.isNotNull();
		}
	}

	@Test
	void argumentResolversCannotBeAddedAfterAMethodIsRegistered() {
		this.registry.registerAnnotated(this.chat);
		assertThatIllegalStateException().isThrownBy(() -> this.registry.addArgumentResolver(new ArgumentResolver() {

			@Override
			public boolean supports(java.lang.reflect.Parameter parameter) {
				return false;
			}

			@Override
			public Object resolve(java.lang.reflect.Parameter parameter, WseConnection connection,
					InboundMessage message) {
				return null;
			}

		})).withMessageContaining("before registering handler methods");
	}

	@Test
	void twoPayloadParametersAreRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.registry.registerAnnotated(new Object() {

			@OnMessage("bad")
			void bad(String one, String two) {
			}

		})).withMessageContaining("more than one payload parameter");
	}

	public record ChatMessage(String room, String text) {
	}

	record Caller(String connection, String messageId) {
	}

	static class ChatHandlers {

		final List<Integer> counted = Collections.synchronizedList(new ArrayList<>());

		final List<String> threads = new CopyOnWriteArrayList<>();

		final List<String> disconnected = new CopyOnWriteArrayList<>();

		@OnMessage("chat.send")
		Map<String, String> send(ChatMessage message, WseConnection connection) {
			return Map.of("echo", message.room() + ":" + message.text());
		}

		@OnMessage(value = "count", reply = "count_done")
		int count(int value) {
			this.threads.add(Thread.currentThread().getName());
			this.counted.add(value);
			return value;
		}

		@OnMessage("explode")
		void explode() {
			throw new IllegalStateException("boom");
		}

		@OnMessage("refuse")
		void refuse() {
			throw new WseException("NOT_IN_ROOM", "join the room first");
		}

		@OnMessage("slow")
		void slow() throws InterruptedException {
			Thread.sleep(200);
		}

		@OnConnect
		void connected(WseConnection connection) {
			connection.send("welcome", Map.of("id", connection.id()));
		}

		@OnDisconnect
		void disconnected(WseConnection connection) {
			this.disconnected.add(connection.id());
		}

	}

}
