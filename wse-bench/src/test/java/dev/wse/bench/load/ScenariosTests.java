package dev.wse.bench.load;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.wse.bench.peer.PeerArgs;
import dev.wse.bench.peer.PlainSpringPeer;
import dev.wse.bench.peer.RawNettyPeer;
import dev.wse.bench.peer.StompPeer;
import dev.wse.bench.peer.WsePeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs tiny versions of every scenario against each peer started in-process and checks
 * behaviour, not timing: every connection becomes ready (JWT accepted for WSE,
 * {@code CONNECTED} parsed for STOMP), a small fan-out delivers every publication to
 * every subscriber, the no-op handler counts inbound messages, and every round trip is
 * answered.
 *
 * @author WSE team
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ScenariosTests {

	private LoadClient client;

	private Scenarios scenarios;

	@BeforeAll
	void startClient() {
		this.client = new LoadClient();
		this.scenarios = new Scenarios(this.client, (line) -> {
		});
	}

	@AfterAll
	void stopClient() {
		this.client.close();
	}

	@Test
	void rawNetty() throws Exception {
		PeerArgs args = args();
		try (RawNettyPeer peer = RawNettyPeer.start(args)) {
			exercise(target(PeerKind.RAW_NETTY, args));
		}
	}

	@Test
	void plainSpring() throws Exception {
		PeerArgs args = args();
		try (PlainSpringPeer.Running peer = PlainSpringPeer.start(args)) {
			exercise(target(PeerKind.SPRING_PLAIN, args));
		}
	}

	@Test
	void springStomp() throws Exception {
		PeerArgs args = args();
		try (PlainSpringPeer.Running peer = StompPeer.start(args)) {
			exercise(target(PeerKind.SPRING_STOMP, args));
		}
	}

	@Test
	void wseServlet() throws Exception {
		PeerArgs args = args();
		try (PlainSpringPeer.Running peer = WsePeer.start(args)) {
			exercise(target(PeerKind.WSE_SERVLET, args));
		}
	}

	private void exercise(Target target) throws Exception {
		long start = System.nanoTime();
		log(target, "started", start);
		Map<String, Double> connect = this.scenarios.connect(target, 20, 5, Duration.ZERO);
		assertThat(connect).containsEntry("ready", 20.0).containsEntry("failed", 0.0);
		// without a warm-up time: one batch of 10 % (at least 10)
		assertThat(connect).containsEntry("warmup_connections", 10.0).containsKey("warmup_s");
		assertThat(connect.get("cold_accept_per_s")).isPositive();
		assertThat(target.stats(false).get("jit_ms")).isPositive();
		assertThat(connect.get("accept_per_s")).isPositive();
		assertThat(connect).containsKey("heap_per_conn_kb");
		assertThat(connect.get("server_cpu_us_per_conn")).isPositive();
		assertThat(connect.get("client_cpu_us_per_conn")).isPositive();

		log(target, "connect", start);
		try (Scenarios.Fanout fanout = this.scenarios.fanout(target, 8, 1, 1)) {
			Scenarios.Step step = fanout.step(40, 0.5);
			assertThat(step.sent()).isPositive();
			assertThat(step.expected()).isEqualTo(step.sent() * 8);
			assertThat(step.received()).isEqualTo(step.expected());
			assertThat(step.loss()).isZero();
		}
		try (Scenarios.Fanout fanout = this.scenarios.fanout(target, 6, 4, 2)) {
			assertThat(fanout.subscribersPerTopic()).isEqualTo(3);
			Scenarios.Step step = fanout.step(40, 0.5);
			assertThat(step.sent()).isPositive();
			assertThat(step.received()).isEqualTo(step.sent() * 3);
		}

		log(target, "fanout", start);
		Map<String, Double> inbound = this.scenarios.inbound(target, 2, 0.5, Duration.ZERO);
		assertThat(inbound.get("msgs_per_s")).isPositive();
		assertThat(inbound.get("cold_msgs_per_s")).isPositive();
		// at least min(1 s, the measured time) of warm-up; the peer runs in this process,
		// whose compiler threads /proc shows
		assertThat(inbound.get("warmup_s")).isGreaterThanOrEqualTo(0.5);
		assertThat(inbound).containsKey("compiler_cpu_ms");

		log(target, "inbound", start);
		Map<String, Double> rtt = this.scenarios.rtt(target, 2, 20, Duration.ofMillis(100));
		assertThat(rtt).containsEntry("round_trips", 40.0);
		assertThat(rtt.get("p50_us")).isPositive();
		log(target, "rtt", start);
	}

	private static void log(Target target, String step, long start) {
		System.out.printf("%s: %s done at %d ms%n", target.name(), step, (System.nanoTime() - start) / 1_000_000);
	}

	private static PeerArgs args() throws Exception {
		return PeerArgs
			.parse(new String[] { "--port=" + PeerProcess.freePort(), "--stats-port=" + PeerProcess.freePort() });
	}

	private static Target target(PeerKind kind, PeerArgs args) {
		// the peer runs in this JVM: its CPU time and RSS are this process's
		return new Target(kind.id(), kind.dialect(), args.port(), kind.path(), args.statsPort(),
				ProcessHandle.current().pid());
	}

}
