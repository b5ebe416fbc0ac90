package dev.wse.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wse.client.CloseStatus;
import dev.wse.client.MessageRecorder;
import dev.wse.client.WseClient;
import dev.wse.engine.DropReason;
import dev.wse.engine.WseEngine;
import dev.wse.protocol.CloseCode;
import dev.wse.spring.WseTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One stalled reader must not delay the others, and is closed as a slow consumer. Runs on
 * its own server with a 2 MB outbox and a 500 ms slow-consumer timeout.
 */
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.heartbeat.ping-interval=500ms",
				"wse.heartbeat.idle-timeout=30s", "wse.outbox.max-bytes=2MB", "wse.outbox.max-messages=1000",
				"wse.outbox.slow-consumer-timeout=500ms" })
class SlowConsumerIntegrationTests {

	private static final String TOPIC = "firehose";

	private static final int WAVE = 16;

	private static final String PADDING = "x".repeat(32 * 1024);

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext applicationContext;

	@Autowired
	private WseTemplate template;

	private TestClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new TestClients(WsePorts.wsePort(this.applicationContext, this.port));
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	@Test
	void stalledReaderDoesNotDelayOthersAndIsClosedAsSlowConsumer() throws Exception {
		WseClient healthy = this.clients.connect("healthy");
		WseClient stalled = this.clients.connect("stalled");
		healthy.subscribe(TOPIC).get(5, TimeUnit.SECONDS);
		stalled.subscribe(TOPIC).get(5, TimeUnit.SECONDS);
		String stalledId = stalled.connectionId();
		stalled.pauseReading();

		int published = 0;
		long slowestWaveMillis = 0;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (this.template.getEngine().connection(stalledId) != null && System.nanoTime() < deadline) {
			long start = System.nanoTime();
			for (int i = 0; i < WAVE; i++) {
				this.template.publish(TOPIC, "tick", Map.of("n", published++, "padding", PADDING));
			}
			// Every wave reaches the healthy subscriber promptly, however far behind the
			// stalled one is.
			healthy.messages().awaitMessages(MessageRecorder.ofType("tick"), published, Duration.ofSeconds(2));
			slowestWaveMillis = Math.max(slowestWaveMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}

		assertThat(this.template.getEngine().connection(stalledId))
			.as("stalled connection removed by the server after %d messages", published)
			.isNull();
		assertThat(healthy.messages().received("tick")).as("healthy subscriber lost nothing").hasSize(published);
		assertThat(healthy.messages().received("tick").get(published - 1).payload().path("n").asInt())
			.isEqualTo(published - 1);
		assertThat(slowestWaveMillis).as("slowest wave to the healthy subscriber, ms").isLessThan(1000);
		assertThat(healthy.isOpen()).isTrue();

		// A slow reader, not a dead one: it catches up half a second later and must then
		// find
		// the close frame with its code behind the data it had not read.
		Thread.sleep(500);
		stalled.resumeReading();
		CloseStatus status = stalled.closeFuture().get(10, TimeUnit.SECONDS);
		assertThat(status.code()).isEqualTo(CloseCode.SLOW_CONSUMER.code());
		assertThat(stalled.messages().received("tick").size()).as("stalled reader got fewer messages")
			.isLessThan(published);
	}

	@Test
	void stalledReaderThatClosesTooStillGetsTheServersCloseFrame() throws Exception {
		// The container's JSR 356 support ends the connection on the peer's close frame
		// even while its own is still queued (docs/transports.md, "Known problems").
		assumeTrue(WsePorts.closesCarefully(this.applicationContext));
		try (RawWebSocket stalled = RawWebSocket
			.connectWithoutReading(WsePorts.wsePort(this.applicationContext, this.port), Tokens.valid("stalled-raw"))) {
			stalled.sendText(
					"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + TOPIC + "\"]}}");
			WseEngine engine = this.template.getEngine();
			await().atMost(TestClients.WAIT)
				.until(() -> engine.connectionsOf("stalled-raw")
					.stream()
					.anyMatch((connection) -> connection.subscriptions().contains(TOPIC)));
			String stalledId = engine.connectionsOf("stalled-raw").get(0).id();
			long droppedBefore = engine.stats().dropped(DropReason.OUTBOX_FULL);
			int published = 0;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (engine.stats().dropped(DropReason.OUTBOX_FULL) == droppedBefore && System.nanoTime() < deadline) {
				for (int i = 0; i < WAVE; i++) {
					this.template.publish(TOPIC, "tick", Map.of("n", published++, "padding", PADDING));
				}
				Thread.sleep(10);
			}
			// The outbox overflows (and stays full, nothing being read): watch closely
			// for
			// the slow-consumer close, so that the peer's close frame follows the
			// server's
			// at once, while the server's still waits behind the data.
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(1))
				.until(() -> engine.connection(stalledId) == null);
			// The server's close frame waits behind the data the peer has not read. The
			// peer closes too, then reads: it finds a close frame behind the data (the
			// server's, or the answer to its own if that came first), not the connection
			// cut off.
			stalled.sendClose(CloseCode.NORMAL.code());
			stalled.startReading();
			assertThat(stalled.awaitClose(Duration.ofSeconds(10))).isIn(CloseCode.SLOW_CONSUMER.code(),
					CloseCode.NORMAL.code());
			assertThat(stalled.awaitEnd(Duration.ofSeconds(10))).isTrue();
		}
	}

}
