package dev.wse.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wse.client.InboundFrame;
import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection handshake: {@code server_ready} is the first frame, and every
 * {@code client_hello} is answered by a {@code server_hello}.
 */
class HandshakeIntegrationTests extends SharedServerSupport {

	@Test
	void serverReadyIsTheFirstFrameAndServerHelloOnlyAnswersClientHello() throws Exception {
		WseClient client = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("alice")).autoHello(false));
		InboundFrame first = client.messages().frames().get(0);
		assertThat(first.isText()).isTrue();
		assertThat(first.text()).contains("\"t\":\"server_ready\"");
		assertThat(first.envelope().payload().path("details").path("connection_id").stringValue())
			.isEqualTo(client.connectionId());
		assertThat(first.envelope().payload().path("details").path("server_time").isString()).isTrue();
		Thread.sleep(SharedServerTest.PING_INTERVAL_MILLIS);
		assertThat(client.messages().received("server_hello")).as("server_hello before any client_hello").isEmpty();
		Envelope hello = client.hello().get(5, TimeUnit.SECONDS);
		JsonNode payload = hello.payload();
		assertThat(payload.path("connection_id").stringValue()).isEqualTo(client.connectionId());
		assertThat(payload.path("protocol_version").asInt()).isEqualTo(1);
		assertThat(payload.path("ping_interval").asLong()).isEqualTo(SharedServerTest.PING_INTERVAL_MILLIS);
		assertThat(payload.path("features").isObject()).isTrue();
		assertThat(payload.path("limits").path("max_message_size").asLong()).isEqualTo(1024 * 1024);
		assertThat(payload.path("server_version").isString()).isTrue();
		assertThat(payload.path("server_time").isString()).isTrue();
	}

	@Test
	void automaticClientHelloIsAnsweredAfterServerReady() throws Exception {
		WseClient client = this.clients.connect("alice");
		Envelope hello = client.serverHello().get(5, TimeUnit.SECONDS);
		assertThat(hello.payload().path("connection_id").stringValue()).isEqualTo(client.connectionId());
		List<String> types = client.messages().received().stream().map(Envelope::type).toList();
		assertThat(types.indexOf("server_ready")).isZero();
		assertThat(types.indexOf("server_hello")).isPositive();
	}

	@Test
	void everyClientHelloGetsItsOwnServerHelloWithNegotiatedVersion() throws Exception {
		WseClient client = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("alice")).autoHello(false).protocolVersion(7));
		client.hello().get(5, TimeUnit.SECONDS);
		Envelope second = client.hello().get(5, TimeUnit.SECONDS);
		assertThat(second.payload().path("protocol_version").asInt()).as("min(client, 2)").isEqualTo(2);
		assertThat(client.messages().awaitMessages(MessageRecorder.ofType("server_hello"), 2, Duration.ofSeconds(1)))
			.hasSize(2);
	}

}
