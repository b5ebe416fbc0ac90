package dev.wse.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.KeyExchange;
import dev.wse.protocol.crypto.MessageSigning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client side of message signing against a scripted server that plays the server's
 * part of the negotiation.
 */
class WseClientSigningTests {

	private static final String SERVER_READY = "{\"c\":\"WSE\",\"t\":\"server_ready\",\"p\":{\"message\":\"ok\","
			+ "\"details\":{\"connection_id\":\"conn-1\",\"user_id\":\"alice\",\"features\":{\"encryption\":false}}},"
			+ "\"seq\":1,\"v\":1}";

	private static final FrameCodec CODEC = FrameCodec.withDefaults();

	private final JsonMapper json = JsonMapper.builder().build();

	private TestWebSocketServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = new TestWebSocketServer();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	private CompletableFuture<WseClient> connecting() throws Exception {
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri(),
				WseClientOptions.builder().signing(true).build());
		this.server.accept();
		this.server.sendText(SERVER_READY);
		return connecting;
	}

	/**
	 * Read the client's hello and answer it as the server does for signing only.
	 */
	private MessageSigning answerHello() throws Exception {
		JsonNode hello = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(hello.path("t").stringValue()).isEqualTo("client_hello");
		assertThat(hello.path("p").path("features").path("signing").asBoolean()).isTrue();
		assertThat(hello.path("p").path("features").path("encryption").asBoolean()).isFalse();
		String clientKey = hello.path("p").path("encryption_public_key").stringValue();
		KeyExchange serverKeys = KeyExchange.generate();
		MessageSigning signer = MessageSigning.fromSharedSecret(serverKeys.sharedSecret(clientKey));
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"server_hello\",\"p\":{\"connection_id\":\"conn-1\","
				+ "\"encryption_public_key\":\"" + serverKeys.publicKeyBase64()
				+ "\",\"features\":{\"encryption\":false,\"signing\":true},\"signing\":{\"algorithm\":\"HMAC-SHA256\","
				+ "\"version\":1,\"types\":[\"order\"],\"window_ms\":300000}},\"v\":1}");
		return signer;
	}

	@Test
	void signsOutboundMessagesOfSignedTypesOnlyWithoutEncrypting() throws Exception {
		CompletableFuture<WseClient> connecting = connecting();
		MessageSigning signer = answerHello();
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		assertThat(client.isSigning()).isTrue();
		assertThat(client.isEncrypted()).isFalse();

		client.send("order", Map.of("qty", 5, "price", 0.1));
		Envelope order = CODEC.decodeText(this.server.nextDataFrame().text());
		assertThat(order.type()).isEqualTo("order");
		MessageSigning.Signature signature = MessageSigning.parse(order.signature());
		assertThat(signature).isNotNull();
		assertThat(signer.verify(order, signature)).isTrue();

		client.send("chat", Map.of("text", "hi"));
		Envelope chat = CODEC.decodeText(this.server.nextDataFrame().text());
		assertThat(chat.type()).isEqualTo("chat");
		assertThat(chat.signature()).isNull();
	}

	@Test
	void inboundSignedTypesAreVerifiedAndBadOnesDroppedAndReported() throws Exception {
		CompletableFuture<WseClient> connecting = connecting();
		MessageSigning signer = answerHello();
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		List<Envelope> delivered = new CopyOnWriteArrayList<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		client.onMessage((message) -> {
			if (!message.type().equals("server_hello")) {
				delivered.add(message);
			}
		});
		client.onSignatureFailure((failure) -> failures.add(failure.errorCode()));

		String good = CODEC.encodeText(
				signer.sign(CODEC.decodeText("{\"c\":\"U\",\"t\":\"order\",\"id\":\"o1\",\"p\":{\"qty\":1},\"v\":1}")));
		this.server.sendText(good);
		this.server.sendText(good.replace("\"qty\":1", "\"qty\":9").replace("o1", "o2"));
		this.server.sendText("{\"c\":\"U\",\"t\":\"order\",\"id\":\"o3\",\"p\":{\"qty\":1},\"v\":1}");
		this.server.sendText(good);
		this.server.sendText("{\"c\":\"U\",\"t\":\"chat\",\"id\":\"c1\",\"p\":{},\"v\":1}");

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while ((failures.size() < 3 || delivered.size() < 2) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(delivered).extracting(Envelope::id).containsExactly("o1", "c1");
		assertThat(failures).containsExactly("INVALID_SIGNATURE", "INVALID_SIGNATURE", "REPLAY_DETECTED");
		assertThat(client.signatureFailures()).isEqualTo(3);
	}

	@Test
	void connectFailsWhenTheServerDoesNotNegotiateSigning() throws Exception {
		CompletableFuture<WseClient> connecting = connecting();
		assertThat(this.json.readTree(this.server.nextDataFrame().text()).path("t").stringValue())
			.isEqualTo("client_hello");
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"server_hello\",\"p\":{\"connection_id\":\"conn-1\","
				+ "\"features\":{\"encryption\":false,\"signing\":false}}}");
		assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(WseClientException.class)
			.hasMessageContaining("did not negotiate signing");
	}

}
