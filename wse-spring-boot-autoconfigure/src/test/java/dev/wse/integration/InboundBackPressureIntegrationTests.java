package dev.wse.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.engine.EngineStats;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Back-pressure on inbound messages over real sockets, on both transports: with a handler
 * queue of {@value #QUEUE_SIZE}, a client that sends far more messages than a slow
 * handler keeps up with is not refused ({@code OVERLOADED}): the transport stops reading
 * from it until the queue drains, so every message is handled, in order, and another
 * client is served meanwhile. Non-blocking handlers
 * ({@code @OnMessage(blocking = false)}) run on the thread that read the message, the
 * others on the handler pool.
 */
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE,
				"wse.handler.queue-size=" + InboundBackPressureIntegrationTests.QUEUE_SIZE,
				"wse.rate-limit.inbound.capacity=0" })
class InboundBackPressureIntegrationTests extends ServerSupport {

	@Autowired
	private TestHandlers handlers;

	static final int QUEUE_SIZE = 8;

	private static final int MESSAGES = 1_000;

	@Test
	void floodOfASlowHandlerIsHeldBackNotRefused() {
		WseClient flooder = this.clients.connect("flooder");
		WseClient bystander = this.clients.connect("bystander");
		for (int i = 0; i < MESSAGES; i++) {
			flooder.send("slow", Map.of("n", i));
		}
		// the handler sleeps 1 ms per message: the flood lasts at least a second
		bystander.send("echo", Map.of("text", "still served"));
		assertThat(bystander.messages().awaitType("echo_response", TestClients.WAIT).payload().path("text").asString())
			.isEqualTo("still served");
		List<Envelope> replies = flooder.messages()
			.awaitMessages(MessageRecorder.ofType("slow_response"), MESSAGES, Duration.ofSeconds(30));
		assertThat(replies).extracting((reply) -> reply.payload().path("n").asInt())
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, MESSAGES).boxed().toList());
		assertThat(flooder.messages().received("error")).isEmpty();
		assertThat(flooder.isOpen()).isTrue();
	}

	@Test
	void closeWhileReadingIsPausedEndsOnThePeersAnswer() throws Exception {
		// WSE's own servlet protocol reads on while paused, Netty reads again once
		// closing; the container's JSR 356 support stops reading the socket, so it sees
		// the answer only on resuming (or ends the connection at its close timeout).
		assumeTrue(WsePorts.closesCarefully(this.context));
		CountDownLatch release = this.handlers.holdWaitMessages();
		try (RawWebSocket peer = RawWebSocket.connect(wsePort(), Tokens.valid("paused"))) {
			peer.answerCloseFrames();
			peer.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
			EngineStats stats = this.template.getEngine().stats();
			long before = stats.messagesReceived();
			for (int i = 0; i < 4 * QUEUE_SIZE; i++) {
				peer.sendText("{\"t\":\"wait\",\"p\":{\"n\":" + i + "}}");
			}
			// The first message waits in the handler and the queue fills behind it:
			// reading pauses, for good until the handler is let go.
			await().atMost(TestClients.WAIT).until(() -> stats.messagesReceived() - before >= QUEUE_SIZE);
			this.template.getEngine().connectionsOf("paused").get(0).close(CloseCode.GOING_AWAY);
			assertThat(peer.awaitClose(TestClients.WAIT)).isEqualTo(CloseCode.GOING_AWAY.code());
			// The peer answered at once: the server reads the answer in spite of the
			// pause and ends the TCP connection, well before its 5 s close timeout.
			assertThat(peer.awaitEnd(Duration.ofSeconds(1))).isTrue();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void nonBlockingHandlerRunsOnTheReadingThreadAndOthersOnTheHandlerPool() {
		WseClient client = this.clients.connect("alice");
		client.send("thread", Map.of());
		client.send("thread_pooled", Map.of());
		String reading = client.messages()
			.awaitType("thread_response", TestClients.WAIT)
			.payload()
			.path("name")
			.asString();
		String pooled = client.messages()
			.awaitType("thread_pooled_response", TestClients.WAIT)
			.payload()
			.path("name")
			.asString();
		assertThat(pooled).startsWith("wse-handler-");
		assertThat(reading).doesNotStartWith("wse-handler-");
		if (WsePorts.isNetty(this.context)) {
			assertThat(reading).startsWith("wse-netty-");
		}
	}

	@Test
	void nonBlockingAndPooledHandlersKeepTheOrderOfMessages() {
		WseClient client = this.clients.connect("alice");
		for (int i = 0; i < 200; i++) {
			client.send((i % 3 == 0) ? "thread_pooled" : "thread", Map.of("n", i));
		}
		List<Envelope> replies = client.messages()
			.awaitMessages((envelope) -> envelope.type().startsWith("thread"), 200, TestClients.WAIT);
		assertThat(replies).extracting(Envelope::type)
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200)
				.mapToObj((i) -> (i % 3 == 0) ? "thread_pooled_response" : "thread_response")
				.toList());
	}

}
