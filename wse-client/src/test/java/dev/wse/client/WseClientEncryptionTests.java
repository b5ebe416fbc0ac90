package dev.wse.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client side of encryption against a scripted server that plays the server's part of
 * the key exchange.
 */
class WseClientEncryptionTests {

	private static final String SERVER_READY = "{\"c\":\"WSE\",\"t\":\"server_ready\",\"p\":{\"message\":\"ok\","
			+ "\"details\":{\"connection_id\":\"conn-1\",\"user_id\":\"alice\",\"features\":{\"encryption\":false}}},"
			+ "\"seq\":1,\"v\":1}";

	private static final FrameCodec CODEC = FrameCodec.withDefaults();

	private final JsonMapper json = JsonMapper.builder().build();

	private TestWebSocketServer server;

	private volatile String serverKey;

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
				WseClientOptions.builder().encryption(true).build());
		this.server.accept();
		this.server.sendText(SERVER_READY);
		return connecting;
	}

	/**
	 * Read the client's hello and answer it as the server does: a fresh key pair, the
	 * shared key, a plaintext server_hello with the server's public key.
	 */
	private AesGcmCipher answerHello() throws Exception {
		JsonNode hello = this.json.readTree(this.server.nextDataFrame().text());
		assertThat(hello.path("t").stringValue()).isEqualTo("client_hello");
		assertThat(hello.path("p").path("features").path("encryption").asBoolean()).isTrue();
		String clientKey = hello.path("p").path("encryption_public_key").stringValue();
		assertThat(clientKey).hasSize(88);
		KeyExchange serverKeys = KeyExchange.generate();
		AesGcmCipher cipher = serverKeys.deriveCipher(clientKey);
		this.serverKey = serverKeys.publicKeyBase64();
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"server_hello\",\"p\":{\"connection_id\":\"conn-1\","
				+ "\"encryption_public_key\":\"" + serverKeys.publicKeyBase64()
				+ "\",\"features\":{\"encryption\":true}},\"v\":1}");
		return cipher;
	}

	private JsonNode nextDecrypted(AesGcmCipher cipher) throws Exception {
		TestWebSocketServer.Frame frame = this.server.nextDataFrame();
		assertThat(frame.opcode()).isEqualTo(TestWebSocketServer.BINARY);
		byte[] bytes = frame.payload();
		assertThat(FrameCodec.isEncrypted(bytes)).isTrue();
		return this.json
			.readTree(new String(cipher.decrypt(Arrays.copyOfRange(bytes, 2, bytes.length)), StandardCharsets.UTF_8));
	}

	@Test
	void connectCompletesAfterTheKeyExchangeAndEverythingAfterItIsEncrypted() throws Exception {
		CompletableFuture<WseClient> connecting = connecting();
		AesGcmCipher cipher = answerHello();
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		assertThat(client.isEncrypted()).isTrue();

		client.send("chat", Map.of("text", "hi"));
		JsonNode chat = nextDecrypted(cipher);
		assertThat(chat.path("t").stringValue()).isEqualTo("chat");
		assertThat(chat.path("p").path("text").stringValue()).isEqualTo("hi");

		this.server.sendBinary(CODEC
			.encrypt("{\"c\":\"U\",\"t\":\"news\",\"p\":{\"n\":7},\"v\":1}".getBytes(StandardCharsets.UTF_8), cipher));
		assertThat(client.messages().awaitType("news", Duration.ofSeconds(5)).payload().path("n").asInt()).isEqualTo(7);
		this.server.sendBinary(
				CODEC.encrypt("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{}}".getBytes(StandardCharsets.UTF_8), cipher));
		assertThat(nextDecrypted(cipher).path("t").stringValue()).isEqualTo("PONG");
	}

	@Test
	void rekeyRequestIsAnsweredWithAFreshClientHello() throws Exception {
		CompletableFuture<WseClient> connecting = connecting();
		AesGcmCipher first = answerHello();
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		// listeners hear of a message after the client reacted to it (the first hello may
		// still reach this listener: it is told apart by its key)
		String firstKey = this.serverKey;
		CountDownLatch rekeyed = new CountDownLatch(1);
		client.onMessage((message) -> {
			if (message.type().equals("server_hello")
					&& !firstKey.equals(message.payload().path("encryption_public_key").asString())) {
				rekeyed.countDown();
			}
		});
		this.server.sendBinary(CODEC
			.encrypt("{\"c\":\"WSE\",\"t\":\"rekey_request\",\"p\":{}}".getBytes(StandardCharsets.UTF_8), first));
		AesGcmCipher second = answerHello();
		assertThat(rekeyed.await(5, TimeUnit.SECONDS)).isTrue();
		client.send("probe", null);
		assertThat(nextDecrypted(second).path("t").stringValue()).isEqualTo("probe");
	}

	@Test
	void connectFailsWhenTheServerDoesNotKey() throws Exception {
		CompletableFuture<WseClient> connecting = connecting();
		assertThat(this.json.readTree(this.server.nextDataFrame().text()).path("t").stringValue())
			.isEqualTo("client_hello");
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"error\",\"p\":{\"code\":\"KEY_EXCHANGE_FAILED\","
				+ "\"message\":\"ECDH key exchange failed: bad\"},\"v\":1}");
		this.server.sendText(
				"{\"c\":\"WSE\",\"t\":\"server_hello\",\"p\":{\"connection_id\":\"conn-1\",\"features\":{\"encryption\":false}}}");
		assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(WseClientException.class,
					(ex) -> assertThat(ex.errorCode()).isEqualTo("KEY_EXCHANGE_FAILED"));
	}

	@Test
	void rekeyNeedsEncryptionInTheOptions() throws Exception {
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri());
		this.server.accept();
		this.server.sendText(SERVER_READY);
		WseClient client = connecting.get(5, TimeUnit.SECONDS);
		assertThat(client.isEncrypted()).isFalse();
		assertThatThrownBy(client::rekey).isInstanceOf(IllegalStateException.class);
	}

}
