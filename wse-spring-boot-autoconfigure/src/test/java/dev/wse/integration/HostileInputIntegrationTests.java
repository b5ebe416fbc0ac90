package dev.wse.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.zip.Deflater;

import dev.wse.client.MessageRecorder;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.WseClient;
import dev.wse.engine.WseEngine;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile clients against the shared test server (1 MiB messages, 64 levels of nesting,
 * an inbound bucket of 20 tokens refilled at 10 per second, a 3 s idle timeout, 1,000
 * subscriptions and 16 patterns per connection): each case ends in its documented outcome
 * (docs/protocol.md §2.3, §4, §6, §7, §12), a bystander connection subscribed to a topic
 * of its own keeps receiving publications and answering pings before and after every
 * case, and once the hostile connections are closed the engine's connection and topic
 * counts return to where they were.
 * <p>
 * Frames the JDK WebSocket client will not send (invalid UTF-8 in a text frame, lying
 * length headers, half-sent upgrades) go through {@link RawWebSocket} or plain sockets.
 * Every loop is bounded; everything stays on the loopback interface.
 */
class HostileInputIntegrationTests extends SharedServerSupport {

	private static final int MAX_MESSAGE_SIZE = 1024 * 1024;

	private static final Duration MEMORY_DEADLINE = Duration.ofSeconds(15);

	/** A fifth of the servlet transport's (and Netty's) 5 s close timeout. */
	private static final Duration WELL_BEFORE_THE_CLOSE_TIMEOUT = Duration.ofSeconds(1);

	private static final Predicate<Envelope> INVALID_MESSAGE = MessageRecorder
		.errorWithCode(ErrorCode.INVALID_MESSAGE.name());

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final List<AutoCloseable> sockets = new ArrayList<>();

	private WseEngine engine;

	private Bystander bystander;

	private int baselineConnections;

	private int baselineTopics;

	@BeforeEach
	void joinBystander() throws Exception {
		this.engine = this.template.getEngine();
		this.baselineConnections = this.engine.connectionCount();
		this.baselineTopics = this.engine.topicCount();
		this.bystander = Bystander.join(this.clients, "bystander");
		this.bystander.assertHealthy(this.template);
	}

	@AfterEach
	void bystanderIsServedAndCountsReturnToTheBaseline() throws Exception {
		try {
			this.bystander.assertHealthy(this.template);
		}
		finally {
			for (AutoCloseable socket : this.sockets) {
				socket.close();
			}
			this.clients.closeAll();
		}
		await().atMost(MEMORY_DEADLINE).untilAsserted(() -> {
			assertThat(this.engine.connectionCount()).as("connections").isLessThanOrEqualTo(this.baselineConnections);
			assertThat(this.engine.topicCount()).as("topics").isLessThanOrEqualTo(this.baselineTopics);
		});
	}

	// Malformed frames: INVALID_MESSAGE, the connection stays usable

	@Test
	void truncatedBinaryFramesGetInvalidMessageAndTheConnectionStaysUsable() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		Envelope echo = Envelope.builder("echo")
			.payload(JsonMapper.shared().readTree("{\"text\":\"" + "hello ".repeat(300) + "\",\"n\":[1,2,3]}"))
			.build();
		List<byte[]> truncated = new ArrayList<>();
		for (byte[] frame : List.of(this.codec.encodeBinary(echo, WireFormat.JSON, 0),
				this.codec.encodeBinary(echo, WireFormat.JSON, 1),
				this.codec.encodeBinary(echo, WireFormat.MSGPACK, 0))) {
			for (int cut : new int[] { 3, frame.length / 2, frame.length - 1 }) {
				truncated.add(Arrays.copyOf(frame, cut));
			}
		}
		sendRejected(hostile, truncated);
		assertEchoes(hostile);
	}

	@Test
	void randomBinaryFramesGetInvalidMessageAndTheConnectionStaysUsable() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		Random random = new Random(20261126);
		List<byte[]> frames = new ArrayList<>();
		for (int i = 0; i < 1_000 && frames.size() < 12; i++) {
			byte[] frame = randomBytes(random, 1 + random.nextInt(512));
			if (rejectedLocally(frame, WireFormat.JSON)) {
				frames.add(frame);
			}
		}
		assertThat(frames).hasSize(12);
		sendRejected(hostile, frames);
		assertEchoes(hostile);
	}

	@Test
	void invalidUtf8InABinaryFrameGetsInvalidMessage() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		byte[] frame = "{\"t\":\"echo\",\"p\":{\"text\":\"\u00ff\u00ff\"}}".getBytes(StandardCharsets.ISO_8859_1);
		sendRejected(hostile, List.of(frame));
		assertEchoes(hostile);
	}

	@Test
	void invalidUtf8InATextFrameIsClosedByTheContainerWith1007() throws Exception {
		// The JDK client cannot send this; Tomcat (or Netty's UTF-8 frame validator)
		// checks text frames before WSE sees them.
		RawWebSocket hostile = rawSocket(Tokens.valid("mallory"));
		hostile.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		byte[] invalid = { '{', '"', 't', '"', ':', '"', (byte) 0xc3, 0x28, '"', '}' };
		hostile.sendFrame(true, RawWebSocket.TEXT, invalid);
		assertThat(hostile.awaitClose(TestClients.WAIT)).isEqualTo(1007);
	}

	@Test
	void unmaskedClientFrameIsClosedByTheContainerWith1002() throws Exception {
		// RFC 6455 §5.1: a server must close on an unmasked client frame
		RawWebSocket hostile = rawSocket(Tokens.valid("mallory"));
		hostile.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		byte[] ping = "{\"t\":\"ping\",\"p\":{}}".getBytes(StandardCharsets.UTF_8);
		hostile.sendFrame(true, RawWebSocket.TEXT, ping, false, ping.length);
		assertThat(hostile.awaitClose(TestClients.WAIT)).isEqualTo(1002);
	}

	@Test
	void peerThatBreaksTheProtocolIsDisconnectedOnceTheCloseFrameIsOut() throws Exception {
		RawWebSocket hostile = rawSocket(Tokens.valid("mallory"));
		hostile.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		byte[] ping = "{\"t\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
		hostile.sendFrame(true, RawWebSocket.TEXT, ping, false, ping.length);
		assertThat(hostile.awaitClose(TestClients.WAIT)).isEqualTo(1002);
		// RawWebSocket never answers, and after a protocol error no answer is waited for
		// (RFC 6455 §7.1.7): the server ends the TCP connection at once, well before its
		// close timeout
		assertThat(hostile.awaitEnd(WELL_BEFORE_THE_CLOSE_TIMEOUT)).isTrue();
	}

	@Test
	void peerThatNeverAnswersTheCloseFrameIsDisconnectedAfterTheCloseTimeout() throws Exception {
		// The container's JSR 356 support waits for Tomcat's own session close timeout
		// (30 s) instead.
		assumeTrue(WsePorts.readsFramesItself(this.context));
		RawWebSocket silent = rawSocket(Tokens.valid("mallory-silent"));
		silent.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		// the idle timeout (3 s) closes it
		assertThat(silent.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.IDLE_TIMEOUT.code());
		// RawWebSocket never answers: once the close times out (5 s) the server ends the
		// TCP connection from a thread of its own (on Tomcat, by handing the socket back
		// to the container to end)
		assertThat(silent.awaitEnd(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void pingIsAnsweredWithAPongThatCarriesItsPayload() throws Exception {
		RawWebSocket socket = rawSocket(Tokens.valid("pinger"));
		socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);
		socket.sendFrame(true, RawWebSocket.PING, payload);
		assertThat(socket.awaitPong(TestClients.WAIT)).isEqualTo(payload);
		socket.sendText("{\"t\":\"echo\",\"p\":{\"text\":\"after the ping\"}}");
		assertThat(socket.awaitText((text) -> text.contains("after the ping"), TestClients.WAIT)).contains("echo");
	}

	@Test
	void jsonAndMessagePackNested10000DeepGetInvalidMessage() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		String json = "{\"t\":\"echo\",\"p\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
		hostile.sendRaw(json);
		Envelope error = hostile.messages().awaitMessage(INVALID_MESSAGE, TestClients.WAIT);
		assertThat(error.payload().path("message").asString()).contains("nested deeper than 64");
		hostile.messages().clear();
		sendRejected(hostile, List.of(json.getBytes(StandardCharsets.UTF_8), nestedMsgpack(10_000)));
		assertEchoes(hostile);
	}

	// Oversized input: 1009 for frames, MESSAGE_TOO_LARGE for what they inflate to

	@Test
	void textFrameOfOneMebibytePlusOneByteIsClosedWith1009() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		hostile.sendRaw(jsonOfSize(MAX_MESSAGE_SIZE + 1));
		assertThat(hostile.closeFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void binaryFrameOfOneMebibytePlusOneByteIsClosedWith1009() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		hostile.sendBinary(jsonOfSize(MAX_MESSAGE_SIZE + 1).getBytes(StandardCharsets.UTF_8));
		assertThat(hostile.closeFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void textUnderOneMebiCharsButOverOneMebibyteInUtf8IsClosedWith1009() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		// 2 bytes per char: 524,300 chars are 1,048,600 bytes and more of JSON
		hostile.sendRaw("{\"t\":\"echo\",\"p\":{\"text\":\"" + "\u00e9".repeat(524_300) + "\"}}");
		assertThat(hostile.closeFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void frameThatDeclaresATerabyteButStallsIsClosedWithinTheIdleTimeout() throws Exception {
		RawWebSocket hostile = rawSocket(Tokens.valid("mallory"));
		hostile.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		byte[] start = "{\"t\":\"echo\",\"p\":{\"text\":\"".getBytes(StandardCharsets.UTF_8);
		hostile.sendFrame(true, RawWebSocket.BINARY, start, true, 1L << 40);
		int code = hostile.awaitClose(Duration.ofSeconds(10));
		if (WsePorts.readsFramesItself(this.context)) {
			// Netty's frame decoder and WSE's own check the declared length against the
			// maximum message size up front.
			assertThat(code).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
			return;
		}
		// The container's JSR 356 support: nothing complete arrives, so nothing counts as
		// activity: the idle timeout (3 s) closes it; the 1 TiB is never buffered.
		assertThat(code).isEqualTo(CloseCode.IDLE_TIMEOUT.code());
	}

	@Test
	void zlibBombGetsMessageTooLargeAndTheConnectionStaysUsable() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		byte[] bomb = zlibBomb(64 * MAX_MESSAGE_SIZE);
		assertThat(bomb.length).isLessThan(MAX_MESSAGE_SIZE / 4);
		hostile.sendBinary(bomb);
		Envelope error = hostile.messages()
			.awaitMessage(MessageRecorder.errorWithCode(ErrorCode.MESSAGE_TOO_LARGE.name()), TestClients.WAIT);
		assertThat(error.payload().path("message").asString()).contains("inflates to more than");
		assertEchoes(hostile);
	}

	@Test
	void messagePackWithHugeDeclaredLengthsGetsInvalidMessage() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		List<byte[]> frames = List.of(msgpack(0x81, fixString("t"), header(0xdb, 0xFFFFFFFFL)),
				msgpack(0x82, fixString("t"), fixString("x"), fixString("p"), header(0xc6, 0x7FFFFFFFL)),
				msgpack(0x82, fixString("t"), fixString("x"), fixString("p"), header(0xdd, 0xFFFFFFFFL)),
				msgpack(0x82, fixString("t"), fixString("x"), fixString("p"), header(0xdf, 0x80000000L)),
				msgpack(0x82, fixString("t"), fixString("x"), fixString("p"), header(0xc9, 0xFFFFFFF0L),
						new byte[] { 1 }),
				msgpack(0xdf, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff }, fixString("t"),
						fixString("x")));
		sendRejected(hostile, frames);
		assertEchoes(hostile);
	}

	@Test
	void rawMessagePackWithAHugeMapHeaderGetsInvalidMessageOnAMessagePackConnection() throws Exception {
		WseClient hostile = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("mallory")).queryParameter("format", "msgpack"));
		byte[] frame = msgpack(0xdf, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff }, fixString("t"),
				fixString("x"));
		sendRejected(hostile, WireFormat.MSGPACK, List.of(Arrays.copyOfRange(frame, 2, frame.length)));
		assertEchoes(hostile);
	}

	@Test
	void encryptedFramesWithoutAKeyAreDroppedSilentlyAndTenInARowCloseWith4005() throws Exception {
		// protocol.md §10.4: no answer (it would help a forger), counted, 4005 after
		// max-decrypt-failures (10) in a row
		WseClient hostile = this.clients.connect("mallory");
		Random random = new Random(7);
		for (byte[] frame : List.of(concat(FrameCodec.ENCRYPTED_PREFIX, randomBytes(random, 64)),
				concat(FrameCodec.ENCRYPTED_PREFIX, new byte[5]), FrameCodec.ENCRYPTED_PREFIX.clone())) {
			hostile.sendBinary(frame).get(5, TimeUnit.SECONDS);
		}
		assertEchoes(hostile);
		assertThat(hostile.messages().count(MessageRecorder.ofType("error"))).as("errors answered").isZero();

		WseClient persistent = this.clients.connect("mallory");
		for (int i = 0; i < 10; i++) {
			persistent.sendBinary(concat(FrameCodec.ENCRYPTED_PREFIX, randomBytes(random, 40)));
		}
		assertThat(persistent.closeFuture().get(5, TimeUnit.SECONDS).code())
			.isEqualTo(CloseCode.DECRYPTION_FAILED.code());
	}

	// Lone surrogates: the JSON escape of U+D800 decodes to a Java string that no UTF-8
	// text frame can carry

	@Test
	void topicWithALoneSurrogateDoesNotCloseTheConnection() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		hostile
			.sendRaw("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"lone\\ud800\"]}}");
		await().atMost(TestClients.WAIT)
			.until(() -> !hostile.isOpen()
					|| hostile.messages().count(MessageRecorder.ofType("subscription_update")) > 0);
		assertThat(hostile.isOpen()).as("malformed input never closes the connection").isTrue();
		assertEchoes(hostile);
	}

	@Test
	void publicationOfRelayedTextWithALoneSurrogateDoesNotCloseSubscribers() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		hostile.sendRaw("{\"t\":\"echo\",\"p\":{\"text\":\"\\ud800\"}}");
		// the application relays what the client sent, as a chat does
		Envelope echoed = hostile.messages().awaitType("echo_response", TestClients.WAIT);
		String relayed = echoed.payload().path("text").asString();
		assertThat(relayed).isEqualTo("\ud800");
		this.template.publish(this.bystander.topic(), "chat.message", Map.of("text", relayed));
		Thread.sleep(500);
		assertThat(this.bystander.client().isOpen()).as("subscriber still open").isTrue();
	}

	// Floods

	@Test
	void floodOverTheInboundRateLimitGetsRateLimitedAndTheConnectionStays() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		for (int i = 0; i < 200; i++) {
			hostile.send("noop", Map.of("i", i));
		}
		hostile.messages().awaitMessage(MessageRecorder.errorWithCode(ErrorCode.RATE_LIMITED.name()), TestClients.WAIT);
		this.bystander.assertHealthy(this.template);
		// 10 tokens per second: after 1.5 s an echo gets through again
		Thread.sleep(1500);
		assertThat(hostile.isOpen()).isTrue();
		assertEchoes(hostile);
	}

	@Test
	void floodOfMalformedFramesIsAnsweredNoFasterThanTheBucketRefills() throws Exception {
		WseClient hostile = this.clients.connect("mallory");
		long start = System.nanoTime();
		for (int i = 0; i < 500; i++) {
			hostile.sendRaw("{not json " + i);
		}
		hostile.messages().awaitMessage(MessageRecorder.errorWithCode(ErrorCode.RATE_LIMITED.name()), TestClients.WAIT);
		Thread.sleep(300);
		double seconds = (System.nanoTime() - start) / 1e9;
		int errors = hostile.messages().count(INVALID_MESSAGE);
		// 20 tokens at once, then 10 per second: 500 frames never buy 500 error frames
		assertThat(errors).isBetween(1, 20 + (int) Math.ceil(10 * seconds) + 1);
		assertThat(hostile.isOpen()).isTrue();
	}

	@Test
	void twoHundredTenConnectionsOfOneUserAreAllAcceptedAndServed() throws Exception {
		int count = 210;
		List<CompletableFuture<WseClient>> connecting = IntStream.range(0, count)
			.mapToObj((i) -> this.clients.connecting((options) -> options.bearerToken(Tokens.valid("mallory-many"))))
			.toList();
		CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		// no connections-per-user limit and at most 1,000 connections on this server: all
		// accepted
		assertThat(this.template.connectionsOf("mallory-many")).hasSize(count);
		this.bystander.assertHealthy(this.template);
		WseClient last = connecting.get(count - 1).get();
		assertEchoes(last);
	}

	// Sockets that never get as far as a WSE connection

	@Test
	void socketsThatNeverCompleteTheUpgradeDoNotBlockOthers() throws Exception {
		int port = this.clients.uri().getPort();
		for (int i = 0; i < 50; i++) {
			Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
			this.sockets.add(socket);
			if (i % 2 == 1) {
				// half a request: the head never ends
				socket.getOutputStream()
					.write(("GET /wse HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nX-Slow-" + i)
						.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
			}
		}
		this.bystander.assertHealthy(this.template);
		WseClient newcomer = this.clients.connect("newcomer");
		assertEchoes(newcomer);
		assertThat(this.engine.connectionCount()).as("half-open sockets never reach the engine")
			.isLessThanOrEqualTo(this.baselineConnections + 2);
	}

	@Test
	void upgradedSocketsWithoutATokenAreClosedWith4401() throws Exception {
		List<RawWebSocket> anonymous = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			anonymous.add(rawSocket(null));
		}
		for (RawWebSocket socket : anonymous) {
			socket.awaitText((text) -> text.contains("\"AUTH_REQUIRED\""), TestClients.WAIT);
			assertThat(socket.awaitClose(TestClients.WAIT)).isEqualTo(CloseCode.AUTHENTICATION_FAILED.code());
		}
		assertThat(this.engine.connectionCount()).as("refused sockets never count")
			.isLessThanOrEqualTo(this.baselineConnections + 1);
	}

	@Test
	void upgradedSocketsThatStaySilentAreClosedWith4408() throws Exception {
		List<RawWebSocket> silent = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			RawWebSocket socket = rawSocket(Tokens.valid("mallory-silent"));
			socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
			silent.add(socket);
		}
		for (RawWebSocket socket : silent) {
			// idle timeout 3 s, checked every 75 ms
			assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.IDLE_TIMEOUT.code());
		}
	}

	// Resource exhaustion through subscriptions and presence

	@Test
	void subscribingToThousandsOfTopicsAndManyPatternsStopsAtTheCaps() throws Exception {
		WseClient topics = this.clients.connect("mallory");
		List<String> requested = new ArrayList<>();
		IntStream.range(0, 1_200).forEach((i) -> requested.add("hostile.topic." + i));
		requested.addAll(List.of("", "x".repeat(257), "bad\u0000topic"));
		SubscriptionAck ack = topics.subscribe(requested).get(10, TimeUnit.SECONDS);
		assertThat(ack.successTopics()).hasSize(1_000).startsWith("hostile.topic.0").endsWith("hostile.topic.999");
		assertThat(ack.failedTopics()).hasSize(203);
		assertThat(ack.envelope().payload().path("errors").path("hostile.topic.1000").asString())
			.isEqualTo(ErrorCode.TOO_MANY_SUBSCRIPTIONS.name());
		assertThat(ack.envelope().payload().path("errors").path("x".repeat(257)).asString())
			.isEqualTo(ErrorCode.INVALID_SUBSCRIPTION.name());
		assertThat(this.engine.topicCount()).isGreaterThanOrEqualTo(this.baselineTopics + 1 + 1_000);

		WseClient patterns = this.clients.connect("mallory");
		List<String> globs = IntStream.range(0, 40).mapToObj((i) -> "hostile.pattern." + i + ".*").toList();
		SubscriptionAck patternAck = patterns.subscribe(globs).get(10, TimeUnit.SECONDS);
		assertThat(patternAck.successTopics()).hasSize(16);
		assertThat(patternAck.failedTopics()).hasSize(24);
		assertThat(patternAck.envelope().payload().path("errors").path("hostile.pattern.39.*").asString())
			.isEqualTo(ErrorCode.TOO_MANY_SUBSCRIPTIONS.name());

		this.bystander.assertHealthy(this.template);
		assertThat(this.template.publish("hostile.topic.999", "tick", Map.of())).isEqualTo(1);
		assertThat(this.template.publish("hostile.pattern.0.x", "tick", Map.of())).isEqualTo(1);
	}

	@Test
	void oversizedPresenceDataIsIgnoredWhilePresenceIsOff() throws Exception {
		// Presence is off on this server; HostilePresenceIntegrationTests covers the cap.
		WseClient hostile = this.clients.connect("mallory");
		Map<String, Object> blob = Map.of("blob", "x".repeat(64 * 1024));
		hostile.send("subscription_update",
				Map.of("action", "subscribe", "topics", List.of("hostile.presence"), "presence", blob));
		Envelope ack = hostile.messages().awaitType("subscription_update", TestClients.WAIT);
		assertThat(ack.payload().path("success_topics").get(0).asString()).isEqualTo("hostile.presence");
		assertThat(ack.payload().has("presence")).isFalse();
		hostile.send("presence_update", Map.of("data", blob));
		assertEchoes(hostile);
		assertThat(this.template.presence("hostile.presence")).isEmpty();
		assertThat(this.engine.presenceMemberCount()).isZero();
	}

	// Support

	private RawWebSocket rawSocket(String token) throws IOException {
		RawWebSocket socket = RawWebSocket.connect(this.clients.uri().getPort(), token);
		this.sockets.add(socket);
		assertThat(socket.status()).isEqualTo(101);
		return socket;
	}

	/**
	 * Send frames the codec rejects with {@code INVALID_MESSAGE} and wait for one error
	 * per frame, without spending more than the inbound bucket holds.
	 */
	private void sendRejected(WseClient client, List<byte[]> frames) throws Exception {
		sendRejected(client, WireFormat.JSON, frames);
	}

	private void sendRejected(WseClient client, WireFormat format, List<byte[]> frames) throws Exception {
		assertThat(frames).hasSizeLessThanOrEqualTo(15);
		int before = client.messages().count(INVALID_MESSAGE);
		for (byte[] frame : frames) {
			assertThat(rejectedLocally(frame, format)).as("frame is invalid").isTrue();
			client.sendBinary(frame).get(5, TimeUnit.SECONDS);
		}
		client.messages().awaitMessages(INVALID_MESSAGE, before + frames.size(), TestClients.WAIT);
		assertThat(client.isOpen()).isTrue();
	}

	private boolean rejectedLocally(byte[] frame, WireFormat format) {
		try {
			this.codec.decodeBinary(frame, format, null);
			return false;
		}
		catch (ProtocolException ex) {
			return ex.code() == ErrorCode.INVALID_MESSAGE;
		}
	}

	/**
	 * The connection is open and its messages reach the application.
	 */
	private static void assertEchoes(WseClient client) throws Exception {
		String marker = "still-usable-" + System.nanoTime();
		client.send("echo", Map.of("text", marker)).get(5, TimeUnit.SECONDS);
		client.messages()
			.awaitMessage((message) -> "echo_response".equals(message.type())
					&& marker.equals(message.payload().path("text").asString()), TestClients.WAIT);
		assertThat(client.isOpen()).isTrue();
	}

	private static String jsonOfSize(int size) {
		String head = "{\"t\":\"echo\",\"p\":{\"text\":\"";
		String tail = "\"}}";
		return head + "x".repeat(size - head.length() - tail.length()) + tail;
	}

	/**
	 * {@code C:} + a zlib stream of a JSON message of {@code inflatedSize} bytes.
	 */
	private static byte[] zlibBomb(int inflatedSize) {
		byte[] head = "{\"t\":\"echo\",\"p\":{\"text\":\"".getBytes(StandardCharsets.UTF_8);
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(FrameCodec.COMPRESSED_PREFIX);
		byte[] buffer = new byte[64 * 1024];
		byte[] padding = new byte[64 * 1024];
		Arrays.fill(padding, (byte) 'a');
		deflater.setInput(head);
		int written = head.length;
		while (written < inflatedSize) {
			while (!deflater.needsInput()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			int chunk = Math.min(padding.length, inflatedSize - written);
			deflater.setInput(padding, 0, chunk);
			written += chunk;
		}
		deflater.finish();
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	/**
	 * {@code M:} + {t: "echo", p: [[[…]]]} with {@code depth} arrays.
	 */
	private static byte[] nestedMsgpack(int depth) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(depth + 16);
		out.writeBytes(FrameCodec.MSGPACK_PREFIX);
		out.write(0x82);
		out.writeBytes(fixString("t"));
		out.writeBytes(fixString("echo"));
		out.writeBytes(fixString("p"));
		for (int i = 0; i < depth; i++) {
			out.write((i < depth - 1) ? 0x91 : 0x90);
		}
		return out.toByteArray();
	}

	/**
	 * {@code M:} + a map header byte + the given parts.
	 */
	private static byte[] msgpack(int mapHeader, byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(FrameCodec.MSGPACK_PREFIX);
		out.write(mapHeader);
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * A 32-bit MessagePack header (str32, bin32, array32, map32, ext32) claiming
	 * {@code length}, followed by a few bytes only.
	 */
	private static byte[] header(int marker, long length) {
		return ByteBuffer.allocate(5 + 8).put((byte) marker).putInt((int) length).putLong(0x0102030405060708L).array();
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] fixString(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		return concat(new byte[] { (byte) (0xa0 | utf8.length) }, utf8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] result = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

}
