package dev.wse.integration;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WseHandler} methods ({@link TestHandlers}) over real sockets: return values are
 * replies, exceptions are {@code error} frames, and the connection survives both.
 */
class HandlerIntegrationTests extends SharedServerSupport {

	@Test
	void handlerReturnValueComesBackAsTypeResponse() {
		WseClient client = this.clients.connect("alice");
		client.send("echo", Map.of("text", "hello", "n", 42));
		Envelope response = client.messages().awaitType("echo_response", TestClients.WAIT);
		assertThat(response.payload().path("text").stringValue()).isEqualTo("hello");
		assertThat(response.payload().path("n").asInt()).isEqualTo(42);
	}

	@Test
	void repliesKeepTheOrderOfRequests() {
		WseClient client = this.clients.connect("alice");
		for (int i = 0; i < 10; i++) {
			client.send("echo", Map.of("n", i));
		}
		assertThat(client.messages().awaitMessages(MessageRecorder.ofType("echo_response"), 10, TestClients.WAIT))
			.extracting((response) -> response.payload().path("n").asInt())
			.containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
	}

	@Test
	void handlerExceptionWithCodeBecomesErrorFrameAndTheConnectionStaysOpen() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.send("fail", Map.of());
		Envelope error = client.messages()
			.awaitMessage(MessageRecorder.errorWithCode(TestHandlers.REJECTED), TestClients.WAIT);
		assertThat(error.payload().path("message").stringValue()).isEqualTo("Rejected by the application");
		assertThat(client.messages().received("fail_response")).isEmpty();
		client.send("echo", Map.of("after", "failure"));
		assertThat(client.messages().awaitType("echo_response", TestClients.WAIT).payload().path("after").stringValue())
			.isEqualTo("failure");
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void unexpectedHandlerExceptionBecomesHandlerError() throws Exception {
		WseClient client = this.clients.connect("alice");
		client.send("crash", Map.of());
		Envelope error = client.messages()
			.awaitMessage(MessageRecorder.errorWithCode(ErrorCode.HANDLER_ERROR.name()), TestClients.WAIT);
		assertThat(error.payload().path("message").isString()).isTrue();
		assertThat(client.ping().get(5, TimeUnit.SECONDS).type()).isEqualTo("PONG");
		assertThat(client.isOpen()).isTrue();
	}

}
