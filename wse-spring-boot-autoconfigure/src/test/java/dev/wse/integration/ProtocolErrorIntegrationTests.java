package dev.wse.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.wse.client.CloseStatus;
import dev.wse.client.InboundFrame;
import dev.wse.client.MessageRecorder;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.WseClient;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server does with bad input: oversized frames, malformed JSON, unknown types,
 * and a client that sends faster than its inbound bucket allows.
 */
class ProtocolErrorIntegrationTests extends SharedServerSupport {

	private static final int MAX_MESSAGE_SIZE = 1024 * 1024;

	@Test
	void frameOverOneMebibyteClosesWith1009() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.sendRaw(jsonOfSize(MAX_MESSAGE_SIZE + 1));
		CloseStatus status = client.closeFuture().get(5, TimeUnit.SECONDS);
		assertThat(status.code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void largeFrameBelowTheLimitIsAccepted() throws Exception {
		WseClient client = this.clients.connect("alice");
		String text = "x".repeat(512 * 1024);
		client.send("echo", Map.of("text", text)).get(5, TimeUnit.SECONDS);
		Envelope response = client.messages().awaitType("echo_response", TestClients.WAIT);
		assertThat(response.payload().path("text").stringValue()).hasSize(text.length());
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void malformedJsonGetsInvalidMessageAndTheConnectionStaysUsable() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.sendRaw("{\"t\":\"echo\",\"p\":{\"unterminated\":");
		Envelope error = client.messages()
			.awaitMessage(MessageRecorder.errorWithCode(ErrorCode.INVALID_MESSAGE.name()), TestClients.WAIT);
		assertThat(error.payload().path("message").isString()).isTrue();
		SubscriptionAck ack = client.subscribe("after.malformed").get(5, TimeUnit.SECONDS);
		assertThat(ack.successTopics()).containsExactly("after.malformed");
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void nonObjectJsonGetsInvalidMessage() {
		WseClient client = this.clients.connect("alice");
		client.sendRaw("[1,2,3]");
		client.messages()
			.awaitMessage(MessageRecorder.errorWithCode(ErrorCode.INVALID_MESSAGE.name()), TestClients.WAIT);
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void unknownMessageTypeGetsUnknownMessageTypeError() {
		WseClient client = this.clients.connect("alice");
		client.send("no.such.type", Map.of("x", 1));
		Envelope error = client.messages()
			.awaitMessage(MessageRecorder.errorWithCode(ErrorCode.UNKNOWN_MESSAGE_TYPE.name()), TestClients.WAIT);
		assertThat(error.category()).hasToString("WSE");
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void floodBeyondTheInboundBucketGetsRateLimitFeedbackAtMostOncePerSecond() throws Exception {
		WseClient client = this.clients.connect("alice");
		Predicate<Envelope> rateLimited = MessageRecorder.errorWithCode(ErrorCode.RATE_LIMITED.name());
		Predicate<Envelope> warning = MessageRecorder.ofType("rate_limit_warning");
		// Bucket: 20 tokens, 10 per second. Two bursts of 60, 1.2 s apart, each empty it.
		flood(client, 60);
		client.messages().awaitMessage(rateLimited, TestClients.WAIT);
		Thread.sleep(1200);
		flood(client, 60);
		client.messages().awaitMessages(rateLimited, 2, TestClients.WAIT);
		Thread.sleep(500);

		List<Instant> errors = arrivals(client, rateLimited);
		List<Instant> warnings = arrivals(client, warning);
		assertThat(errors).as("RATE_LIMITED errors").hasSizeBetween(2, 3);
		assertAtMostOncePerSecond(errors);
		assertAtMostOncePerSecond(warnings);
		Envelope error = client.messages().awaitMessage(rateLimited, TestClients.WAIT);
		assertThat(error.payload().path("retry_after").isNumber()).isTrue();
		assertThat(client.isOpen()).as("rate limiting never closes the connection").isTrue();
	}

	private static void flood(WseClient client, int count) {
		for (int i = 0; i < count; i++) {
			client.send("noop", Map.of("i", i));
		}
	}

	private static List<Instant> arrivals(WseClient client, Predicate<Envelope> predicate) {
		return client.messages()
			.frames()
			.stream()
			.filter((frame) -> frame.envelope() != null && predicate.test(frame.envelope()))
			.map(InboundFrame::receivedAt)
			.toList();
	}

	private static void assertAtMostOncePerSecond(List<Instant> arrivals) {
		for (int i = 1; i < arrivals.size(); i++) {
			// 100 ms of slack for scheduling on the way to the client.
			assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i)))
				.as("gap between feedback frames %d and %d", i - 1, i)
				.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
	}

	private static String jsonOfSize(int size) {
		String head = "{\"t\":\"echo\",\"p\":{\"text\":\"";
		String tail = "\"}}";
		return head + "x".repeat(size - head.length() - tail.length()) + tail;
	}

}
