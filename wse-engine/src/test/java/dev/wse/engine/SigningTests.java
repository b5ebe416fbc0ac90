package dev.wse.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.Hkdf;
import dev.wse.protocol.crypto.KeyExchange;
import dev.wse.protocol.crypto.MessageSigning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * HMAC-SHA256 message signing over the in-memory transport: negotiation in the hello,
 * inbound checks (signature, replay, window, cache bound, repeated failures, required
 * mode) and outbound signing of the signed types, per connection.
 */
class SigningTests {

	private static final FrameCodec CODEC = FrameCodec.withDefaults();

	private final HandlerRegistry registry = new HandlerRegistry();

	private final AtomicInteger echoes = new AtomicInteger();

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private WseEngine start(Consumer<WseEngineConfig.Builder> config) {
		this.registry.register("echo", (message) -> {
			this.echoes.incrementAndGet();
			return message.payload();
		});
		this.registry.register("note", (message) -> null);
		WseEngineConfig.Builder builder = EngineTestSupport.config()
			.signingEnabled(true)
			.signingTypes(Set.of("echo", "echo_response", "tick", "client_hello"));
		config.accept(builder);
		this.engine = EngineTestSupport.start((engine) -> engine.config(builder.build())
			.handlers(this.registry)
			.authenticator((request) -> AuthenticationResult.success(WsePrincipal.of("alice"))));
		return this.engine;
	}

	private static String hello(String publicKey, boolean encryption, boolean signing) {
		return "{\"c\":\"WSE\",\"t\":\"client_hello\",\"p\":{\"client_version\":\"test\",\"protocol_version\":1,"
				+ "\"features\":{\"encryption\":" + encryption + ",\"signing\":" + signing
				+ "},\"encryption_public_key\":\"" + publicKey + "\"}}";
	}

	/** The keys of one negotiated client. */
	private record Keys(MessageSigning signer, AesGcmCipher cipher, Envelope serverHello) {

	}

	private static Keys negotiate(TestClient client, boolean encryption) {
		client.connectionId();
		KeyExchange keys = KeyExchange.generate();
		client.send(hello(keys.publicKeyBase64(), encryption, true));
		Envelope serverHello = client.awaitType("server_hello");
		byte[] secret = keys.sharedSecret(serverHello.payload().path("encryption_public_key").asString());
		AesGcmCipher cipher = new AesGcmCipher(
				Hkdf.sha256(secret, null, KeyExchange.HKDF_INFO.getBytes(StandardCharsets.US_ASCII), 32));
		if (encryption) {
			client.addKey(cipher);
		}
		return new Keys(MessageSigning.fromSharedSecret(secret), cipher, serverHello);
	}

	private static String signed(String json, MessageSigning signer) {
		return CODEC.encodeText(signer.sign(CODEC.decodeText(json)));
	}

	private static String signedAt(String json, MessageSigning signer, byte[] nonce, long timestamp) {
		Envelope message = CODEC.decodeText(json);
		return CODEC.encodeText(message.toBuilder().signature(signer.signature(message, nonce, timestamp)).build());
	}

	private static byte[] nonce(int n) {
		byte[] nonce = new byte[16];
		nonce[15] = (byte) n;
		nonce[14] = (byte) (n >> 8);
		return nonce;
	}

	private static String errorCode(TestClient client, String id) {
		return client.await((envelope) -> "error".equals(envelope.type()) && id.equals(envelope.correlationId()))
			.payload()
			.path("code")
			.asString();
	}

	private static void assertVerifies(Envelope message, MessageSigning signer) {
		MessageSigning.Signature signature = MessageSigning.parse(message.signature());
		assertThat(signature).as("sig of %s", message.type()).isNotNull();
		assertThat(signer.verify(message, signature)).isTrue();
		assertThat(Math.abs(System.currentTimeMillis() - signature.timestamp())).isLessThan(60_000);
	}

	@Test
	void signingOnlyHelloNegotiatesSigningWithoutEncryption() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		Keys keys = negotiate(client, false);
		ObjectNode payload = (ObjectNode) keys.serverHello().payload();
		assertThat(payload.path("features").path("signing").asBoolean()).isTrue();
		assertThat(payload.path("features").path("encryption").asBoolean()).isFalse();
		assertThat(payload.path("signing").path("algorithm").asString()).isEqualTo("HMAC-SHA256");
		assertThat(payload.path("signing").path("version").asInt()).isEqualTo(1);
		assertThat(payload.path("signing").path("window_ms").asLong()).isEqualTo(300_000);
		// hello types are never signed, even when configured
		assertThat(payload.path("signing").path("types").toString()).isEqualTo("[\"echo\",\"echo_response\",\"tick\"]");
		assertThat(engine.connection(client.connectionId()).isEncrypted()).isFalse();

		client.send(signed("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{\"n\":1}}", keys.signer()));
		Envelope echo = client.awaitType("echo_response");
		assertThat(echo.payload().path("n").asInt()).isEqualTo(1);
		assertVerifies(echo, keys.signer());
		OutboundFrame last = client.session().frames().get(client.session().frames().size() - 1);
		assertThat(last.isText() || !FrameCodec.isEncrypted(last.bytes())).isTrue();
	}

	@Test
	void signingAndEncryptionTogetherUseSeparateKeysFromOneExchange() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		Keys keys = negotiate(client, true);
		assertThat(keys.serverHello().payload().path("features").path("encryption").asBoolean()).isTrue();
		assertThat(keys.serverHello().payload().path("features").path("signing").asBoolean()).isTrue();
		client.sendEncrypted(signed("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{\"n\":2}}", keys.signer()), keys.cipher());
		Envelope echo = client.awaitType("echo_response");
		assertThat(echo.payload().path("n").asInt()).isEqualTo(2);
		assertVerifies(echo, keys.signer());
		// a signature made with the AES key is refused
		client.sendEncrypted(signed("{\"t\":\"echo\",\"id\":\"m2\",\"p\":{}}",
				new MessageSigning(Hkdf.sha256(new byte[32], null, new byte[0], 32))), keys.cipher());
		assertThat(errorCode(client, "m2")).isEqualTo("INVALID_SIGNATURE");
	}

	@Test
	void tamperedPayloadWrongKeyMissingAndMalformedSignaturesAreRefused() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		Keys keys = negotiate(client, false);
		String good = signed("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{\"amount\":10}}", keys.signer());
		client.send(good.replace("\"amount\":10", "\"amount\":1000"));
		assertThat(errorCode(client, "m1")).isEqualTo("INVALID_SIGNATURE");

		MessageSigning wrong = MessageSigning.fromSharedSecret(new byte[32]);
		client.send(signed("{\"t\":\"echo\",\"id\":\"m2\",\"p\":{}}", wrong));
		assertThat(errorCode(client, "m2")).isEqualTo("INVALID_SIGNATURE");

		client.send("{\"t\":\"echo\",\"id\":\"m3\",\"p\":{}}");
		Envelope missing = client
			.await((envelope) -> "error".equals(envelope.type()) && "m3".equals(envelope.correlationId()));
		assertThat(missing.payload().path("code").asString()).isEqualTo("INVALID_SIGNATURE");
		assertThat(missing.payload().path("message").asString()).contains("Missing signature");

		client.send("{\"t\":\"echo\",\"id\":\"m4\",\"sig\":\"1.abc.1.def\",\"p\":{}}");
		assertThat(errorCode(client, "m4")).isEqualTo("INVALID_SIGNATURE");
		// a signed message with a different type keeps its signature but fails
		client.send(good.replace("\"t\":\"echo\"", "\"t\":\"echo\",\"tp\":\"other\"").replace("m1", "m5"));
		assertThat(errorCode(client, "m5")).isEqualTo("INVALID_SIGNATURE");

		assertThat(this.echoes).hasValue(0);
		assertThat(engine.stats().dropped(DropReason.SIGNATURE_FAILED)).isEqualTo(5);
		// the untampered message still passes
		client.send(good);
		assertThat(client.awaitType("echo_response").payload().path("amount").asInt()).isEqualTo(10);
	}

	@Test
	void replayedNonceAndStaleOrFutureTimestampsAreReplayDetected() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		Keys keys = negotiate(client, false);
		String message = signed("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{\"n\":1}}", keys.signer());
		client.send(message);
		client.awaitType("echo_response");
		client.send(message);
		assertThat(errorCode(client, "m1")).isEqualTo("REPLAY_DETECTED");

		long now = System.currentTimeMillis();
		client.send(signedAt("{\"t\":\"echo\",\"id\":\"old\",\"p\":{}}", keys.signer(), nonce(1), now - 301_000));
		assertThat(errorCode(client, "old")).isEqualTo("REPLAY_DETECTED");
		client.send(signedAt("{\"t\":\"echo\",\"id\":\"future\",\"p\":{}}", keys.signer(), nonce(2), now + 301_000));
		assertThat(errorCode(client, "future")).isEqualTo("REPLAY_DETECTED");
		// within the window either way is fine
		client.send(signedAt("{\"t\":\"echo\",\"id\":\"early\",\"p\":{}}", keys.signer(), nonce(3), now + 60_000));
		client.await((envelope) -> "echo_response".equals(envelope.type()) && "early".equals(envelope.correlationId()));
		assertThat(this.echoes).hasValue(2);
	}

	@Test
	void replayCacheIsBoundedAndAnEvictedNonceStaysRefused() {
		WseEngine engine = start((config) -> config.signingReplayCacheSize(3));
		TestClient client = TestClient.connect(engine);
		Keys keys = negotiate(client, false);
		long base = System.currentTimeMillis() - 10_000;
		String first = signedAt("{\"t\":\"echo\",\"id\":\"n0\",\"p\":{}}", keys.signer(), nonce(0), base);
		client.send(first);
		for (int i = 1; i <= 3; i++) {
			client.send(signedAt("{\"t\":\"echo\",\"id\":\"n" + i + "\",\"p\":{}}", keys.signer(), nonce(i), base + i));
		}
		client.await((envelope) -> "echo_response".equals(envelope.type()) && "n3".equals(envelope.correlationId()));
		assertThat(this.echoes).hasValue(4);
		// n0 was evicted to keep 3 entries, yet replaying it is refused
		client.send(first);
		assertThat(errorCode(client, "n0")).isEqualTo("REPLAY_DETECTED");
		assertThat(this.echoes).hasValue(4);
	}

	@Test
	void consecutiveFailuresCloseWith4006AndAPassResetsTheCount() {
		WseEngine engine = start((config) -> config.maxSignatureFailures(3));
		TestClient client = TestClient.connect(engine);
		Keys keys = negotiate(client, false);
		client.send("{\"t\":\"echo\",\"id\":\"a\",\"p\":{}}");
		client.send("{\"t\":\"echo\",\"id\":\"b\",\"p\":{}}");
		client.send(signed("{\"t\":\"echo\",\"id\":\"ok\",\"p\":{}}", keys.signer()));
		client.await((envelope) -> "echo_response".equals(envelope.type()) && "ok".equals(envelope.correlationId()));
		client.send("{\"t\":\"echo\",\"id\":\"c\",\"p\":{}}");
		client.send("{\"t\":\"echo\",\"id\":\"d\",\"p\":{}}");
		errorCode(client, "d");
		assertThat(client.session().isOpen()).isTrue();
		client.send("{\"t\":\"echo\",\"id\":\"e\",\"p\":{}}");
		assertThat(client.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4006);
		assertThat(client.session().closeReason()).isEqualTo("Too many invalid signatures");
		assertThat(engine.stats().dropped(DropReason.SIGNATURE_FAILED)).isEqualTo(5);
	}

	@Test
	void publicationsOfSignedTypesAreSignedPerSubscriberAndOthersShareTheFrame() {
		WseEngine engine = start((config) -> {
		});
		TestClient plainA = TestClient.connect(engine);
		TestClient plainB = TestClient.connect(engine);
		TestClient signerA = TestClient.connect(engine);
		TestClient signerB = TestClient.connect(engine);
		Keys keysA = negotiate(signerA, false);
		Keys keysB = negotiate(signerB, true);
		for (TestClient client : List.of(plainA, plainB, signerA, signerB)) {
			client.subscribe("prices");
		}
		engine.publish("prices", "tick", Map.of("price", 187.42, "symbol", "AAPL"));
		engine.publish("prices", "quote", Map.of("n", 1));
		Envelope tickA = signerA.awaitType("tick");
		Envelope tickB = signerB.awaitType("tick");
		assertVerifies(tickA, keysA.signer());
		assertVerifies(tickB, keysB.signer());
		assertThat(tickA.topic()).isEqualTo("prices");
		assertThat(keysA.signer().verify(tickB, MessageSigning.parse(tickB.signature()))).isFalse();
		assertThat(MessageSigning.parse(tickA.signature()).nonce())
			.isNotEqualTo(MessageSigning.parse(tickB.signature()).nonce());
		// the unsigned type goes out unsigned to everyone
		assertThat(signerA.awaitType("quote").signature()).isNull();
		assertThat(signerB.awaitType("quote").signature()).isNull();
		// subscribers that did not negotiate signing share one unsigned frame
		Envelope plainTick = plainA.awaitType("tick");
		plainB.awaitType("tick");
		assertThat(plainTick.signature()).isNull();
		assertThat(frameOf(plainA, "tick")).isSameAs(frameOf(plainB, "tick"));
	}

	private static OutboundFrame frameOf(TestClient client, String type) {
		for (OutboundFrame frame : client.session().frames()) {
			if (client.decode(frame).type().equals(type)) {
				return frame;
			}
		}
		throw new AssertionError("No " + type);
	}

	@Test
	void compressedAndMsgpackFramesOfSignedTypesAreSignedInTheirFormat() {
		WseEngine engine = start((config) -> {
		});
		TestClient json = TestClient.connect(engine);
		Keys jsonKeys = negotiate(json, false);
		TestClient msgpack = TestClient.connect(engine, "ws://localhost/wse?format=msgpack", Map.of());
		Keys msgpackKeys = negotiate(msgpack, false);
		String big = "x".repeat(5000);
		engine.connection(json.connectionId()).send("tick", Map.of("text", big));
		engine.connection(msgpack.connectionId()).send("tick", Map.of("text", big));
		json.awaitType("tick");
		msgpack.awaitType("tick");
		OutboundFrame jsonFrame = frameOf(json, "tick");
		assertThat(jsonFrame.isText()).isFalse();
		assertThat(new String(jsonFrame.bytes(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("C:");
		assertVerifies(json.decode(jsonFrame), jsonKeys.signer());
		assertThat(json.decode(jsonFrame).payload().path("text").asString()).isEqualTo(big);
		OutboundFrame msgpackFrame = frameOf(msgpack, "tick");
		assertThat(new String(msgpackFrame.bytes(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("M:");
		assertVerifies(msgpack.decode(msgpackFrame), msgpackKeys.signer());
		// a payload that mentions a signed type does not make an unsigned type signed
		engine.connection(json.connectionId()).send("note", Map.of("t", "tick", "raw", "\"t\":\"tick\""));
		assertThat(json.awaitType("note").signature()).isNull();
	}

	@Test
	void unsignedTypesAndConnectionsWithoutSigningAreUntouched() {
		WseEngine engine = start((config) -> {
		});
		TestClient signing = TestClient.connect(engine);
		Keys keys = negotiate(signing, false);
		signing.send("{\"t\":\"note\",\"id\":\"n1\",\"p\":{}}");
		signing.send("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{}}");
		signing.awaitType("PONG");
		assertThat(signing.ofType("error")).isEmpty();
		// a client that did not negotiate may use signed types unsigned (signing not
		// required)
		TestClient plain = TestClient.connect(engine);
		plain.connectionId();
		plain.send("{\"t\":\"echo\",\"id\":\"p1\",\"p\":{\"n\":3}}");
		Envelope echo = plain.awaitType("echo_response");
		assertThat(echo.signature()).isNull();
		assertThat(keys.signer()).isNotNull();
	}

	@Test
	void disabledSigningIgnoresTheRequest() {
		WseEngine engine = start((config) -> config.signingEnabled(false));
		TestClient client = TestClient.connect(engine);
		client.connectionId();
		client.send(hello(KeyExchange.generate().publicKeyBase64(), false, true));
		Envelope serverHello = client.awaitType("server_hello");
		assertThat(serverHello.payload().path("features").path("signing").asBoolean()).isFalse();
		assertThat(serverHello.payload().has("signing")).isFalse();
		assertThat(serverHello.payload().has("encryption_public_key")).isFalse();
		client.send("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{}}");
		assertThat(client.awaitType("echo_response").signature()).isNull();
	}

	@Test
	void requiredSigningRefusesUnsignedConnectionsAndClosesWith4007() {
		WseEngine engine = start((config) -> config.signingRequired(true).encryptionTimeout(Duration.ofMillis(1500)));
		TestClient plain = TestClient.connect(engine);
		plain.connectionId();
		plain.send("{\"t\":\"echo\",\"id\":\"m1\",\"p\":{}}");
		assertThat(errorCode(plain, "m1")).isEqualTo("INVALID_SIGNATURE");
		plain.send("{\"t\":\"note\",\"id\":\"n1\",\"p\":{}}");
		TestClient signing = TestClient.connect(engine);
		Keys keys = negotiate(signing, false);
		assertThat(plain.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(4007);
		assertThat(plain.session().closeReason()).isEqualTo("Signing required");
		assertThat(this.echoes).hasValue(0);
		signing.send(signed("{\"t\":\"echo\",\"id\":\"s1\",\"p\":{}}", keys.signer()));
		signing.await((envelope) -> "echo_response".equals(envelope.type()) && "s1".equals(envelope.correlationId()));
		assertThat(signing.session().isOpen()).isTrue();
	}

	@Test
	void rekeyKeepsTheOldSigningKeyForTheGraceWindow() {
		WseEngine engine = start((config) -> {
		});
		TestClient client = TestClient.connect(engine);
		Keys first = negotiate(client, false);
		KeyExchange again = KeyExchange.generate();
		client.send(hello(again.publicKeyBase64(), false, true));
		client.await((envelope) -> "server_hello".equals(envelope.type()) && client.ofType("server_hello").size() == 2);
		Envelope secondHello = client.ofType("server_hello").get(1);
		MessageSigning second = MessageSigning
			.fromSharedSecret(again.sharedSecret(secondHello.payload().path("encryption_public_key").asString()));
		client.send(signed("{\"t\":\"echo\",\"id\":\"old\",\"p\":{}}", first.signer()));
		client.await((envelope) -> "echo_response".equals(envelope.type()) && "old".equals(envelope.correlationId()));
		client.send(signed("{\"t\":\"echo\",\"id\":\"new\",\"p\":{}}", second));
		Envelope reply = client
			.await((envelope) -> "echo_response".equals(envelope.type()) && "new".equals(envelope.correlationId()));
		// frames written after the second server_hello are signed with the new key
		assertVerifies(reply, second);
	}

	@Test
	void signingSettingsAreValidated() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WseEngineConfig.builder().signingReplayCacheSize(0).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WseEngineConfig.builder().maxSignatureFailures(0).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WseEngineConfig.builder().signingWindow(Duration.ZERO).build());
		assertThat(new HashSet<>(WseEngineConfig.builder().build().signingTypes())).isEmpty();
	}

}
