package dev.wse.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.FrameCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Per-connection encryption over the in-memory transport: the key exchange in
 * {@code client_hello} / {@code server_hello}, {@code E:} frames in both directions,
 * failures, required mode and rekeying. The server's key pair is random, so the tests
 * check it by decrypting with the key the client side derives.
 */
class EncryptionTests {

	/** The client private key of {@code shared/conformance/vectors.json}. */
	private static final KeyExchange CLIENT = KeyExchange
		.fromPrivateKey(HexFormat.of().parseHex("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020101"));

	private static final String CLIENT_PUBLIC_KEY = "BJfOzH9fGmTVxHMDprIlBNnihijPYbItCn/mD01aOUFz84Ujs5OCSDJMvN/Om8YPeVEH2sKBQqialSaYM7Z9VG8=";

	private static final FrameCodec CODEC = FrameCodec.withDefaults();

	private final HandlerRegistry registry = new HandlerRegistry();

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private WseEngine start(Consumer<WseEngineConfig.Builder> config) {
		this.registry.register("echo", (message) -> message.payload());
		this.registry.registerRpc("add",
				(connection, args) -> Map.of("sum", args.path("a").asInt() + args.path("b").asInt()), "add");
		WseEngineConfig.Builder builder = EngineTestSupport.config();
		config.accept(builder);
		this.engine = EngineTestSupport.start((engine) -> engine.config(builder.build())
			.handlers(this.registry)
			.authenticator((request) -> AuthenticationResult.success(WsePrincipal.of("alice"))));
		return this.engine;
	}

	private static String hello(String publicKey) {
		return "{\"c\":\"WSE\",\"t\":\"client_hello\",\"p\":{\"client_version\":\"test\",\"protocol_version\":1,"
				+ "\"features\":{\"encryption\":true},\"encryption_public_key\":\"" + publicKey + "\"}}";
	}

	private static List<String> serverHellos(TestClient client) {
		return client.session().texts().stream().filter((text) -> text.contains("\"t\":\"server_hello\"")).toList();
	}

	private static Envelope awaitServerHello(TestClient client, int index) {
		client.session().awaitFrame((frame) -> serverHellos(client).size() > index, TestClient.TIMEOUT);
		return CODEC.decodeText(serverHellos(client).get(index));
	}

	/**
	 * Exchange a key: send the hello (plaintext or encrypted), read the server's key from
	 * its answer, derive the cipher on the client side and let the client decrypt with
	 * it.
	 */
	private static AesGcmCipher exchangeKey(TestClient client, KeyExchange clientKeys,
			@Nullable FrameCipher helloCipher) {
		int before = serverHellos(client).size();
		if (helloCipher == null) {
			client.send(hello(clientKeys.publicKeyBase64()));
		}
		else {
			client.sendEncrypted(hello(clientKeys.publicKeyBase64()), helloCipher);
		}
		Envelope serverHello = awaitServerHello(client, before);
		AesGcmCipher cipher = clientKeys.deriveCipher(serverHello.payload().path("encryption_public_key").asString());
		client.addKey(cipher);
		return cipher;
	}

	private static AesGcmCipher exchangeKey(TestClient client) {
		return exchangeKey(client, CLIENT, null);
	}

	private static int indexOfServerHello(TestClient client, int nth) {
		List<OutboundFrame> frames = client.session().frames();
		int seen = 0;
		for (int i = 0; i < frames.size(); i++) {
			if (frames.get(i).isText() && frames.get(i).textContent().contains("\"t\":\"server_hello\"")
					&& seen++ == nth) {
				return i;
			}
		}
		throw new AssertionError("No server_hello #" + nth);
	}

	private static List<OutboundFrame> framesAfter(TestClient client, int index) {
		List<OutboundFrame> frames = client.session().frames();
		return frames.subList(index + 1, frames.size());
	}

	private static boolean isEncrypted(OutboundFrame frame) {
		return !frame.isText() && FrameCodec.isEncrypted(frame.bytes());
	}

	private static byte[] decrypt(OutboundFrame frame, FrameCipher cipher) {
		byte[] bytes = frame.bytes();
		return cipher.decrypt(Arrays.copyOfRange(bytes, 2, bytes.length));
	}

	private static byte[] tampered(byte[] frame) {
		byte[] copy = frame.clone();
		copy[copy.length - 1] ^= 0x01;
		return copy;
	}

	private static byte[] encrypted(String json, FrameCipher cipher) {
		return CODEC.encrypt(json.getBytes(StandardCharsets.UTF_8), cipher);
	}

	@Test
	void keyExchangeIsAnsweredWithAPlaintextServerHelloCarryingTheServerKey() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		Envelope ready = client.awaitType("server_ready");
		assertThat(ready.payload().path("details").path("features").path("encryption").asBoolean()).isFalse();
		assertThat(CLIENT.publicKeyBase64()).isEqualTo(CLIENT_PUBLIC_KEY);

		AesGcmCipher cipher = exchangeKey(client);

		Envelope serverHello = awaitServerHello(client, 0);
		assertThat(serverHello.payload().path("features").path("encryption").asBoolean()).isTrue();
		String serverKey = serverHello.payload().path("encryption_public_key").asString();
		assertThat(serverKey).hasSize(88).endsWith("=");
		assertThat(Base64.getDecoder().decode(serverKey)).hasSize(65).startsWith(0x04);
		assertThat(engine.connection(client.connectionId()).isEncrypted()).isTrue();
		// both sides derived the same key: the client's frames are understood, and the
		// server's decrypt with the client's key
		client.sendEncrypted("{\"t\":\"echo\",\"p\":{\"n\":1}}", cipher);
		Envelope echo = client.awaitType("echo_response");
		assertThat(echo.payload().path("n").asInt()).isEqualTo(1);
		OutboundFrame last = client.session().frames().get(client.session().frames().size() - 1);
		assertThat(isEncrypted(last)).isTrue();
		assertThat(new String(decrypt(last, cipher), StandardCharsets.UTF_8))
			.startsWith("{\"c\":\"U\",\"t\":\"echo_response\"");
	}

	@Test
	void everyFrameTheServerWritesAfterTheKeyExchangeIsEncrypted() {
		WseEngine engine = start((config) -> config.pingInterval(Duration.ofMillis(100))
			.idleTimeout(Duration.ofSeconds(10))
			.presenceEnabled(true)
			.recoveryEnabled(true)
			.inboundRateCapacity(20)
			.inboundRateRefill(1));
		TestClient plain = TestClient.connect(engine);
		plain.subscribe("history");
		for (int i = 0; i < 3; i++) {
			engine.publish("history", "old", Map.of("n", i));
		}
		String epoch = plain.await((envelope) -> Long.valueOf(2).equals(envelope.offset())).epoch();

		TestClient client = TestClient.connect(engine);
		String connectionId = client.connectionId();
		AesGcmCipher cipher = exchangeKey(client);
		int hello = indexOfServerHello(client, 0);

		client.sendEncrypted("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"room\"],"
				+ "\"presence\":{\"online\":true}}}", cipher);
		client.awaitType("presence_join");
		client.sendEncrypted(
				"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"history\"],"
						+ "\"recover\":true,\"recovery\":{\"history\":{\"epoch\":\"" + epoch + "\",\"offset\":0}}}}",
				cipher);
		client.await((envelope) -> "old".equals(envelope.type()) && Long.valueOf(2).equals(envelope.offset()));
		engine.publish("room", "chat", Map.of("text", "hi"));
		engine.sendToConnection(connectionId, "direct", Map.of("n", 1));
		engine.broadcast("news", Map.of("n", 2));
		client.sendEncrypted(
				"{\"t\":\"rpc_request\",\"cid\":\"c1\",\"p\":{\"method\":\"add\",\"args\":{\"a\":1,\"b\":2}}}", cipher);
		client.sendEncrypted("{\"t\":\"nope\",\"p\":{}}", cipher);
		client.sendEncrypted("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"timestamp\":1}}", cipher);
		for (String type : List.of("chat", "direct", "news", "rpc_response", "error", "PONG", "ping")) {
			client.awaitType(type);
		}
		for (int i = 0; i < 20 && client.ofType("rate_limit_warning").isEmpty(); i++) {
			client.sendEncrypted("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{}}", cipher);
		}
		client.awaitType("rate_limit_warning");

		List<OutboundFrame> after = framesAfter(client, hello);
		assertThat(after).allSatisfy((frame) -> assertThat(isEncrypted(frame)).as("%s is an E: frame", frame).isTrue());
		List<String> types = after.stream().map((frame) -> client.decode(frame).type()).toList();
		assertThat(types).contains("subscription_update", "presence_join", "old", "chat", "direct", "news",
				"rpc_response", "error", "PONG", "ping", "rate_limit_warning");
		assertThat(client.ofType("rpc_response").get(0).payload().path("result").path("sum").asInt()).isEqualTo(3);
		assertThat(client.ofType("error").get(0).payload().path("code").asString()).isEqualTo("UNKNOWN_MESSAGE_TYPE");
		// the replay is the recovered messages, encrypted like live ones
		assertThat(client.ofType("old").stream().map(Envelope::offset).toList()).containsExactly(1L, 2L);
		// a connection that did not key still reads plaintext
		assertThat(plain.session().frames()).noneMatch(EncryptionTests::isEncrypted);
	}

	@Test
	void framesQueuedBeforeTheKeyExchangeButWrittenAfterItAreEncryptedAndUncompressed() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		String connectionId = client.connectionId();
		client.session().stall();
		engine.sendToConnection(connectionId, "held", Map.of("n", 1));
		engine.sendToConnection(connectionId, "queued", Map.of("text", "x".repeat(4000)));
		client.send(hello(CLIENT.publicKeyBase64()));
		client.session().resume();
		Envelope serverHello = awaitServerHello(client, 0);
		AesGcmCipher cipher = CLIENT.deriveCipher(serverHello.payload().path("encryption_public_key").asString());
		client.addKey(cipher);
		client.awaitType("queued");

		List<OutboundFrame> frames = client.session().frames();
		int hello = indexOfServerHello(client, 0);
		assertThat(client.decode(frames.get(hello - 1)).type()).isEqualTo("held");
		assertThat(isEncrypted(frames.get(hello - 1))).isFalse();
		OutboundFrame queued = frames.get(hello + 1);
		assertThat(isEncrypted(queued)).isTrue();
		// compressed when it was queued, inflated before encryption: clients read JSON
		assertThat(new String(decrypt(queued, cipher), StandardCharsets.UTF_8))
			.startsWith("{\"c\":\"U\",\"t\":\"queued\"");
	}

	@Test
	void directSendsToAnEncryptedConnectionAreNeverCompressed() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		AesGcmCipher cipher = exchangeKey(client);
		engine.sendToConnection(client.connectionId(), "big", Map.of("text", "y".repeat(4000)));
		client.awaitType("big");
		OutboundFrame frame = client.session().frames().get(client.session().frames().size() - 1);
		assertThat(new String(decrypt(frame, cipher), StandardCharsets.UTF_8)).startsWith("{\"c\":\"U\",\"t\":\"big\"");
	}

	@Test
	void msgpackConnectionsGetEncryptedMsgpackDirectSends() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine, "ws://localhost/wse?format=msgpack", Map.of());
		AesGcmCipher cipher = exchangeKey(client);
		engine.sendToConnection(client.connectionId(), "packed", Map.of("n", 3));
		Envelope packed = client.awaitType("packed");
		assertThat(packed.payload().path("n").asInt()).isEqualTo(3);
		OutboundFrame frame = client.session().frames().get(client.session().frames().size() - 1);
		byte[] plaintext = decrypt(frame, cipher);
		assertThat(new String(plaintext, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("M:");
	}

	@Test
	void unencryptedSubscribersShareThePublicationFrameAndEncryptedOnesGetTheirOwn() {
		WseEngine engine = start((config) -> {
		});
		TestClient first = TestClient.connect(engine);
		TestClient second = TestClient.connect(engine);
		TestClient secret = TestClient.connect(engine);
		first.subscribe("prices");
		second.subscribe("prices");
		AesGcmCipher cipher = exchangeKey(secret);
		secret.sendEncrypted("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"prices\"]}}",
				cipher);
		secret.awaitType("subscription_update");
		engine.publish("prices", "tick", Map.of("n", 1));
		first.awaitType("tick");
		second.awaitType("tick");
		Envelope tick = secret.awaitType("tick");
		assertThat(tick.topic()).isEqualTo("prices");
		OutboundFrame firstFrame = last(first);
		assertThat(firstFrame.isText()).isTrue();
		assertThat(last(second)).isSameAs(firstFrame);
		OutboundFrame secretFrame = last(secret);
		assertThat(isEncrypted(secretFrame)).isTrue();
		assertThat(decrypt(secretFrame, cipher)).isEqualTo(firstFrame.bytes());
	}

	private static OutboundFrame last(TestClient client) {
		List<OutboundFrame> frames = client.session().frames();
		return frames.get(frames.size() - 1);
	}

	@Test
	void encryptedPingIsAnsweredAndEncryptedHelloRekeys() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		AesGcmCipher first = exchangeKey(client);
		client.sendEncrypted("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"timestamp\":42}}", first);
		Envelope pong = client.awaitType("PONG");
		assertThat(pong.payload().path("client_timestamp").asLong()).isEqualTo(42);
		assertThat(isEncrypted(last(client))).isTrue();

		KeyExchange next = KeyExchange.generate();
		AesGcmCipher second = exchangeKey(client, next, first);
		assertThat(awaitServerHello(client, 1).payload().path("encryption_public_key").asString())
			.isNotEqualTo(awaitServerHello(client, 0).payload().path("encryption_public_key").asString());
		engine.sendToConnection(client.connectionId(), "after", Map.of());
		client.awaitType("after");
		assertThat(new String(decrypt(last(client), second), StandardCharsets.UTF_8)).contains("\"t\":\"after\"");
	}

	@Test
	void badPublicKeyGetsKeyExchangeFailedThenAServerHelloWithoutEncryption() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		client.connectionId();
		client.send(hello("bm90IGEga2V5"));
		Envelope serverHello = awaitServerHello(client, 0);
		assertThat(serverHello.payload().path("features").path("encryption").asBoolean()).isFalse();
		assertThat(serverHello.payload().has("encryption_public_key")).isFalse();
		List<Envelope> messages = client.messages();
		Envelope error = messages.get(messages.size() - 2);
		assertThat(error.type()).isEqualTo("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("KEY_EXCHANGE_FAILED");
		assertThat(error.payload().path("message").asString()).startsWith("ECDH key exchange failed: ");
		assertThat(client.session().frames()).allSatisfy((frame) -> assertThat(frame.isText()).isTrue());
		assertThat(engine.connection(client.connectionId()).isEncrypted()).isFalse();
		// a point that is not on the curve fails the same way
		byte[] offCurve = Base64.getDecoder().decode(CLIENT_PUBLIC_KEY);
		offCurve[64] ^= 0x01;
		client.send(hello(Base64.getEncoder().encodeToString(offCurve)));
		assertThat(awaitServerHello(client, 1).payload().path("features").path("encryption").asBoolean()).isFalse();
		assertThat(client.ofType("error")).hasSize(2);
	}

	@Test
	void helloWithoutEncryptionOnAKeyedConnectionKeepsTheKey() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		AesGcmCipher cipher = exchangeKey(client);
		client.send("{\"c\":\"WSE\",\"t\":\"client_hello\",\"p\":{\"protocol_version\":2}}");
		Envelope again = awaitServerHello(client, 1);
		assertThat(again.payload().path("features").path("encryption").asBoolean()).isFalse();
		assertThat(again.payload().path("protocol_version").asInt()).isEqualTo(2);
		engine.sendToConnection(client.connectionId(), "still", Map.of());
		client.awaitType("still");
		assertThat(new String(decrypt(last(client), cipher), StandardCharsets.UTF_8)).contains("\"t\":\"still\"");
	}

	@Test
	void tamperedFramesAreDroppedSilentlyAndCounted() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		AesGcmCipher cipher = exchangeKey(client);
		int written = client.session().frames().size();
		client.session().receiveBinary(tampered(encrypted("{\"t\":\"echo\",\"p\":{\"n\":1}}", cipher)));
		client.session().receiveBinary(new byte[] { 'E', ':', 1, 2, 3 });
		assertThat(engine.stats().dropped(DropReason.DECRYPT_FAILED)).isEqualTo(2);
		client.sendEncrypted("{\"t\":\"echo\",\"p\":{\"n\":2}}", cipher);
		Envelope echo = client.awaitType("echo_response");
		assertThat(echo.payload().path("n").asInt()).isEqualTo(2);
		assertThat(client.session().frames()).hasSize(written + 1);
		assertThat(engine.connection(client.connectionId()).isOpen()).isTrue();
	}

	@Test
	void encryptedFramesBeforeAnyKeyExchangeAreDroppedAndCounted() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		client.connectionId();
		int written = client.session().frames().size();
		client.session()
			.receiveBinary(encrypted("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{}}", new AesGcmCipher(new byte[32])));
		assertThat(engine.stats().dropped(DropReason.DECRYPT_FAILED)).isEqualTo(1);
		client.send("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{}}");
		client.awaitType("PONG");
		assertThat(client.session().frames()).hasSize(written + 1);
	}

	@Test
	void consecutiveDecryptionFailuresCloseTheConnectionWith4005() {
		WseEngine engine = start((config) -> config.maxDecryptFailures(3));
		TestClient client = TestClient.connect(engine);
		AesGcmCipher cipher = exchangeKey(client);
		byte[] bad = tampered(encrypted("{\"t\":\"echo\",\"p\":{}}", cipher));
		client.session().receiveBinary(bad);
		client.session().receiveBinary(bad);
		// a frame that decrypts resets the count
		client.sendEncrypted("{\"t\":\"echo\",\"p\":{}}", cipher);
		client.awaitType("echo_response");
		client.session().receiveBinary(bad);
		client.session().receiveBinary(bad);
		assertThat(client.session().isOpen()).isTrue();
		client.session().receiveBinary(bad);
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4005);
		assertThat(client.session().closeReason()).isEqualTo("Decryption failed");
		assertThat(engine.stats().dropped(DropReason.DECRYPT_FAILED)).isEqualTo(5);
	}

	@Test
	void requiredEncryptionRefusesPlaintextAndClosesWith4004WithoutAKeyExchange() {
		WseEngine engine = start((config) -> config.encryptionRequired(true).encryptionTimeout(Duration.ofSeconds(1)));
		TestClient client = TestClient.connect(engine);
		client.connectionId();
		client
			.send("{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"t\"]}}");
		Envelope refused = client.awaitType("error");
		assertThat(refused.payload().path("code").asString()).isEqualTo("ENCRYPTION_REQUIRED");
		assertThat(engine.connection(client.connectionId()).subscriptions()).isEmpty();
		client.send("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{}}");
		assertThat(client.await((envelope) -> "m1".equals(envelope.correlationId())).payload().path("code").asString())
			.isEqualTo("ENCRYPTION_REQUIRED");
		// the heartbeat stays plaintext
		client.send("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{}}");
		client.awaitType("PONG");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4004);
		assertThat(client.session().closeReason()).isEqualTo("Encryption required");
	}

	@Test
	void requiredEncryptionKeepsKeyedConnectionsAndRefusesTheirPlaintextMessages() throws InterruptedException {
		WseEngine engine = start((config) -> config.encryptionRequired(true).encryptionTimeout(Duration.ofMillis(200)));
		TestClient client = TestClient.connect(engine);
		AesGcmCipher cipher = exchangeKey(client);
		Thread.sleep(500);
		assertThat(client.session().isOpen()).isTrue();
		client.send("{\"t\":\"echo\",\"id\":\"plain\",\"p\":{}}");
		Envelope refused = client.await((envelope) -> "plain".equals(envelope.correlationId()));
		assertThat(refused.payload().path("code").asString()).isEqualTo("ENCRYPTION_REQUIRED");
		client.sendEncrypted("{\"t\":\"echo\",\"id\":\"sealed\",\"p\":{\"ok\":true}}", cipher);
		Envelope echo = client.awaitType("echo_response");
		assertThat(echo.payload().path("ok").asBoolean()).isTrue();
	}

	@Test
	void rekeySwitchesOutboundAtTheNewServerHelloAndAcceptsTheOldKeyForTheGraceWindow() throws InterruptedException {
		WseEngine engine = start((config) -> config.rekeyGrace(Duration.ofMillis(300)));
		TestClient client = TestClient.connect(engine);
		AesGcmCipher oldKey = exchangeKey(client);
		AesGcmCipher newKey = exchangeKey(client, KeyExchange.generate(), null);
		engine.sendToConnection(client.connectionId(), "fresh", Map.of());
		client.awaitType("fresh");
		int second = indexOfServerHello(client, 1);
		List<OutboundFrame> after = framesAfter(client, second);
		assertThat(after).isNotEmpty().allSatisfy((frame) -> {
			assertThat(decrypt(frame, newKey)).isNotEmpty();
			assertThatIllegalArgumentException().isThrownBy(() -> decrypt(frame, oldKey));
		});

		// frames the client sent under the old key before it read the new server_hello
		client.sendEncrypted("{\"t\":\"echo\",\"id\":\"old\",\"p\":{}}", oldKey);
		client.await((envelope) -> "old".equals(envelope.correlationId()));
		Thread.sleep(400);
		client.session().receiveBinary(encrypted("{\"t\":\"echo\",\"id\":\"late\",\"p\":{}}", oldKey));
		assertThat(engine.stats().dropped(DropReason.DECRYPT_FAILED)).isEqualTo(1);
		client.sendEncrypted("{\"t\":\"echo\",\"id\":\"new\",\"p\":{}}", newKey);
		client.await((envelope) -> "new".equals(envelope.correlationId()));
		assertThat(client.messages()).noneMatch((envelope) -> "late".equals(envelope.correlationId()));
	}

	@Test
	void serverAsksForARekeyOnceTheKeyIsAnIntervalOld() {
		WseEngine engine = start((config) -> config.rekeyInterval(Duration.ofMillis(300)));
		TestClient client = TestClient.connect(engine);
		long keyed = System.nanoTime();
		exchangeKey(client);
		Envelope request = client.awaitType("rekey_request");
		assertThat(Duration.ofNanos(System.nanoTime() - keyed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(request.category().name()).isEqualTo("WSE");
		assertThat(request.payload().isEmpty()).isTrue();
		assertThat(isEncrypted(last(client))).isTrue();

		// answered with a fresh client_hello: the next request comes an interval later
		long rekeyed = System.nanoTime();
		exchangeKey(client, KeyExchange.generate(), null);
		client.await((envelope) -> client.ofType("rekey_request").size() >= 2);
		assertThat(Duration.ofNanos(System.nanoTime() - rekeyed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void rekeyIntervalZeroNeverAsks() throws InterruptedException {
		WseEngine engine = start((config) -> config.rekeyInterval(Duration.ZERO)
			.pingInterval(Duration.ofMillis(50))
			.idleTimeout(Duration.ofSeconds(5)));
		TestClient client = TestClient.connect(engine);
		exchangeKey(client);
		Thread.sleep(300);
		assertThat(client.ofType("rekey_request")).isEmpty();
		assertThat(client.ofType("ping")).isNotEmpty();
	}

	@Test
	void encryptionSettingsAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> WseEngineConfig.builder().maxDecryptFailures(0).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WseEngineConfig.builder().encryptionTimeout(Duration.ZERO).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WseEngineConfig.builder().rekeyInterval(Duration.ofSeconds(-1)).build());
		WseEngineConfig defaults = WseEngineConfig.defaults();
		assertThat(defaults.encryptionRequired()).isFalse();
		assertThat(defaults.encryptionTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.rekeyInterval()).isEqualTo(Duration.ofHours(1));
		assertThat(defaults.rekeyGrace()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.maxDecryptFailures()).isEqualTo(10);
	}

}
