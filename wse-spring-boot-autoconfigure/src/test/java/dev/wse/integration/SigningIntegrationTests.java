package dev.wse.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.wse.client.InboundFrame;
import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.engine.DropReason;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.KeyExchange;
import dev.wse.protocol.crypto.MessageSigning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message signing over real sockets: the Java client negotiating signing (alone and with
 * encryption) against the Spring server, signed publications per subscriber, and a raw
 * socket replaying and tampering with signed frames while other connections carry on.
 */
@SigningServerTest
class SigningIntegrationTests extends ServerSupport {

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final List<AutoCloseable> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() throws Exception {
		for (AutoCloseable socket : this.sockets) {
			socket.close();
		}
	}

	private WseClient signing(String user, boolean encryption) {
		return this.clients
			.connect((options) -> options.bearerToken(Tokens.valid(user)).signing(true).encryption(encryption));
	}

	private static String user() {
		return "signer-" + System.nanoTime();
	}

	@Test
	void signedEchoAndPublicationsRoundTripWithTheJavaClient() throws Exception {
		WseClient client = signing(user(), false);
		WseClient plain = this.clients.connect(user());
		List<String> failures = new CopyOnWriteArrayList<>();
		client.onSignatureFailure((failure) -> failures.add(failure.errorCode()));
		assertThat(client.isSigning()).isTrue();
		assertThat(client.isEncrypted()).isFalse();
		Envelope serverHello = client.serverHello().get(5, TimeUnit.SECONDS);
		assertThat(serverHello.payload().path("signing").path("types").toString())
			.isEqualTo("[\"echo\",\"echo_response\",\"tick\"]");

		client.send("echo", Map.of("text", "signed", "price", 0.1, "big", 1e21));
		Envelope echo = client.messages().awaitType("echo_response", TestClients.WAIT);
		assertThat(echo.payload().path("text").asString()).isEqualTo("signed");
		assertThat(MessageSigning.parse(echo.signature())).isNotNull();

		String topic = "signed." + System.nanoTime();
		client.subscribe(topic).get(5, TimeUnit.SECONDS);
		plain.subscribe(topic).get(5, TimeUnit.SECONDS);
		this.template.publish(topic, "tick", Map.of("n", 1));
		this.template.publish(topic, "news", Map.of("n", 2));
		Envelope tick = client.messages().awaitType("tick", TestClients.WAIT);
		assertThat(MessageSigning.parse(tick.signature())).isNotNull();
		assertThat(client.messages().awaitType("news", TestClients.WAIT).signature()).isNull();
		assertThat(plain.messages().awaitType("tick", TestClients.WAIT).signature()).isNull();
		assertThat(failures).isEmpty();
		assertThat(client.signatureFailures()).isZero();
	}

	@Test
	void signingTogetherWithEncryption() throws Exception {
		WseClient client = signing(user(), true);
		assertThat(client.isSigning()).isTrue();
		assertThat(client.isEncrypted()).isTrue();
		client.send("echo", Map.of("text", "both"));
		Envelope echo = client.messages().awaitType("echo_response", TestClients.WAIT);
		assertThat(echo.payload().path("text").asString()).isEqualTo("both");
		assertThat(MessageSigning.parse(echo.signature())).isNotNull();
		// on the wire it came in an E: frame
		InboundFrame frame = client.messages()
			.awaitFrame(
					(candidate) -> candidate.envelope() != null && "echo_response".equals(candidate.envelope().type()),
					TestClients.WAIT);
		assertThat(frame.startsWith("E:")).isTrue();
		assertThat(client.signatureFailures()).isZero();
	}

	@Test
	void rawSocketReplayAndTamperingAreRefusedAndOtherConnectionsAreUnaffected() throws Exception {
		WseClient bystander = signing(user(), false);
		long dropsBefore = this.template.getEngine().stats().dropped(DropReason.SIGNATURE_FAILED);
		RawWebSocket socket = RawWebSocket.connect(this.clients.uri().getPort(), Tokens.valid(user()));
		this.sockets.add(socket);
		assertThat(socket.status()).isEqualTo(101);
		socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		KeyExchange keys = KeyExchange.generate();
		socket
			.sendText("{\"c\":\"WSE\",\"t\":\"client_hello\",\"p\":{\"client_version\":\"raw\",\"protocol_version\":1,"
					+ "\"features\":{\"signing\":true},\"encryption_public_key\":\"" + keys.publicKeyBase64() + "\"}}");
		Envelope serverHello = this.codec
			.decodeText(socket.awaitText((text) -> text.contains("\"server_hello\""), TestClients.WAIT));
		MessageSigning signer = MessageSigning
			.fromSharedSecret(keys.sharedSecret(serverHello.payload().path("encryption_public_key").asString()));

		String signed = this.codec
			.encodeText(signer.sign(this.codec.decodeText("{\"t\":\"echo\",\"id\":\"r1\",\"p\":{\"amount\":10}}")));
		socket.sendText(signed);
		String reply = socket.awaitText((text) -> text.contains("\"echo_response\""), TestClients.WAIT);
		Envelope echo = this.codec.decodeText(reply);
		assertThat(signer.verify(echo, MessageSigning.parse(echo.signature()))).isTrue();

		// the same frame again: a replay
		socket.sendText(signed);
		assertThat(socket.awaitText((text) -> text.contains(ErrorCode.REPLAY_DETECTED.name()), TestClients.WAIT))
			.contains("\"cid\":\"r1\"");
		// a tampered amount
		socket.sendText(signed.replace("\"amount\":10", "\"amount\":10000").replace("r1", "r2"));
		assertThat(socket.awaitText(
				(text) -> text.contains(ErrorCode.INVALID_SIGNATURE.name()) && text.contains("\"cid\":\"r2\""),
				TestClients.WAIT))
			.isNotNull();

		// the bystander carries on
		bystander.send("echo", Map.of("text", "still here"));
		assertThat(bystander.messages()
			.awaitMessage((message) -> message.type().equals("echo_response")
					&& "still here".equals(message.payload().path("text").asString()), TestClients.WAIT)
			.signature()).isNotNull();

		// failures in a row close the raw socket with 4006 (two so far)
		for (int i = 0; i < SigningServerTest.MAX_FAILURES - 2; i++) {
			socket.sendText("{\"t\":\"echo\",\"id\":\"u" + i + "\",\"p\":{}}");
		}
		assertThat(socket.awaitClose(TestClients.WAIT)).isEqualTo(4006);
		assertThat(this.template.getEngine().stats().dropped(DropReason.SIGNATURE_FAILED) - dropsBefore)
			.isEqualTo(SigningServerTest.MAX_FAILURES);
		assertThat(bystander.isOpen()).isTrue();
		bystander.send("echo", Map.of("text", "after"));
		bystander.messages()
			.awaitMessage((message) -> "after".equals(message.payload().path("text").asString()), TestClients.WAIT);
		assertThat(bystander.messages().received().stream().filter(MessageRecorder.errorWithCode("INVALID_SIGNATURE")))
			.isEmpty();
	}

}
