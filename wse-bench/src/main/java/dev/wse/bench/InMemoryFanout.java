package dev.wse.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wse.engine.WseEngine;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InMemorySession;

/**
 * Measures the engine's fan-out without sockets: N in-memory subscribers on one topic, M
 * publications, deliveries per second. Bounded in count; prints one line per round.
 * <p>
 * Usage:
 * {@code java -cp ... dev.wse.bench.InMemoryFanout [subscribers] [publications] [rounds]}
 */
public final class InMemoryFanout {

	private InMemoryFanout() {
	}

	/**
	 * Run the measurement.
	 * @param args subscribers, publications per round, rounds
	 * @throws InterruptedException if interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		int subscribers = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int publications = (args.length > 1) ? Integer.parseInt(args[1]) : 2000;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		WseEngine engine = WseEngine.builder()
			.config(WseEngineConfig.builder()
				.maxConnections(subscribers + 1)
				.outboxMaxMessages(publications + 16)
				.outboundRateCapacity(0)
				.build())
			.build();
		engine.start();
		List<InMemorySession> sessions = new ArrayList<>();
		for (int i = 0; i < subscribers; i++) {
			InMemorySession session = new InMemorySession();
			session.connect(engine, HandshakeRequest.of(URI.create("ws://localhost/wse"), Map.of()));
			session
				.receiveText("{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"ticks\"]}}");
			sessions.add(session);
		}
		Map<String, Object> payload = Map.of("symbol", "AAPL", "price", 187.42, "volume", 1200);
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			long deliveries = 0;
			for (int i = 0; i < publications; i++) {
				deliveries += engine.publish("ticks", "price_update", payload);
			}
			long elapsed = System.nanoTime() - start;
			System.out.printf(
					"round %d: %d subscribers x %d publications = %d deliveries in %d ms -> %.0f deliveries/s%n", round,
					subscribers, publications, deliveries, elapsed / 1_000_000, deliveries * 1e9 / elapsed);
			sessions.forEach(InMemorySession::clearFrames);
		}
		engine.stop(Duration.ofSeconds(2));
	}

}
