package dev.wse.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wse.client.CloseStatus;
import dev.wse.client.InboundFrame;
import dev.wse.client.WseClient;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeat over real sockets with the shared server's 300 ms ping and 3 s idle timeout:
 * PONG replies, server pings, and the idle close.
 */
class HeartbeatIntegrationTests extends SharedServerSupport {

	@Test
	void clientPingIsAnsweredWithPongTextFrame() throws Exception {
		WseClient client = this.clients.connect("alice");
		long before = System.currentTimeMillis();
		Envelope pong = client.ping().get(5, TimeUnit.SECONDS);
		long after = System.currentTimeMillis();
		InboundFrame frame = client.messages().awaitFrame((f) -> f.envelope() == pong, TestClients.WAIT);
		assertThat(frame.isText()).isTrue();
		assertThat(frame.text()).startsWith("{\"c\":\"WSE\",\"t\":\"PONG\"");
		assertThat(pong.payload().path("client_timestamp").asLong()).isBetween(before, after);
		assertThat(pong.payload().path("server_timestamp").asLong()).isBetween(before - 5000, after + 5000);
		assertThat(pong.payload().path("latency").asLong(-1)).isGreaterThanOrEqualTo(0);
	}

	@Test
	void serverPingsArriveAndClientPongsKeepTheConnectionOpen() throws Exception {
		WseClient client = this.clients.connect("alice");
		long idle = SharedServerTest.IDLE_TIMEOUT_MILLIS;
		List<InboundFrame> pings = client.messages()
			.awaitFrames((f) -> f.envelope() != null && f.envelope().type().equals("ping"), 3,
					Duration.ofMillis(idle * 3));
		for (InboundFrame ping : pings) {
			assertThat(ping.isText()).isTrue();
			assertThat(ping.text()).startsWith("{\"c\":\"WSE\",\"t\":\"ping\"");
			assertThat(ping.envelope().payload().path("server_time").isString()).isTrue();
		}
		// Answered pings are the only data the client sends: the connection outlives the
		// idle
		// timeout several times over.
		Thread.sleep(idle * 2);
		assertThat(client.closeFuture()).isNotDone();
		assertThat(client.ping().get(5, TimeUnit.SECONDS).type()).isEqualTo("PONG");
	}

	@Test
	void silentConnectionIsClosedWith4408AfterTheIdleTimeout() throws Exception {
		WseClient client = this.clients
			.connect((options) -> options.bearerToken(Tokens.valid("alice")).autoHello(false).autoPong(false));
		long connected = System.nanoTime();
		long idle = SharedServerTest.IDLE_TIMEOUT_MILLIS;
		long tick = SharedServerTest.PING_INTERVAL_MILLIS;
		CloseStatus status = client.closeFuture().get(idle + tick + 2000, TimeUnit.MILLISECONDS);
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected);
		assertThat(status.code()).isEqualTo(CloseCode.IDLE_TIMEOUT.code());
		assertThat(elapsed).as("closed after the idle timeout, within one tick")
			.isBetween(idle - 100, idle + tick + 500);
	}

}
