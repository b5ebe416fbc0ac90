package dev.wse.bench.jmh;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.WseEngine;
import dev.wse.engine.WseEngineConfig;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InMemorySession;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out through a real {@link WseEngine} over the in-memory transport:
 * {@code subscribers} {@link InMemorySession} connections subscribed to one topic, and
 * one {@link WseEngine#publish(String, String, Object)} per operation, which stamps and
 * encodes the message once and queues and writes it to every subscriber before it returns
 * ({@link InMemorySession} completes writes inline). The score is publications per
 * second; the {@code deliveries} counter is frames delivered per second. The outbound
 * rate limit is off (its default would throttle each connection to 10,000 frames a
 * second) and recovery is off (the default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FanoutBenchmark {

	private static final String TOPIC = "ticks";

	/** Number of subscribed connections. */
	@Param({ "100", "1000" })
	public int subscribers = 100;

	private final List<InMemorySession> sessions = new ArrayList<>();

	private final Map<String, Object> payload = Map.of("symbol", "AAPL", "price", 187.42, "volume", 1200);

	private WseEngine engine = WseEngine.builder().build();

	/**
	 * Start an engine and subscribe the sessions; check that a publication reaches all of
	 * them.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.engine = WseEngine.builder()
			.config(WseEngineConfig.builder().maxConnections(this.subscribers + 1).outboundRateCapacity(0).build())
			.build();
		this.engine.start();
		for (int i = 0; i < this.subscribers; i++) {
			InMemorySession session = new InMemorySession();
			session.connect(this.engine, HandshakeRequest.of(URI.create("ws://localhost/wse"), Map.of()));
			session.receiveText(
					"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"" + TOPIC + "\"]}}");
			this.sessions.add(session);
		}
		int delivered = this.engine.publish(TOPIC, "price_update", this.payload);
		if (delivered != this.subscribers) {
			throw new IllegalStateException(
					"Benchmark setup is wrong: " + delivered + " of " + this.subscribers + " subscribers reached");
		}
		clearFrames();
	}

	/**
	 * Forget the frames the sessions recorded during the iteration, so memory stays
	 * bounded.
	 */
	@TearDown(Level.Iteration)
	public void clearFrames() {
		this.sessions.forEach(InMemorySession::clearFrames);
	}

	/**
	 * Stop the engine.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.engine.stop(Duration.ofSeconds(2));
		this.sessions.clear();
	}

	/**
	 * Publish one message to every subscriber.
	 * @param counters the delivery counter
	 * @return the number of subscribers it was queued for
	 */
	@Benchmark
	public int publish(Deliveries counters) {
		int delivered = this.engine.publish(TOPIC, "price_update", this.payload);
		counters.deliveries += delivered;
		return delivered;
	}

	/**
	 * Frames delivered, reported as a rate next to the publication rate.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.OPERATIONS)
	public static class Deliveries {

		/** Frames delivered by this thread in the iteration. */
		public long deliveries;

		/**
		 * Reset the counter for each iteration.
		 */
		@Setup(Level.Iteration)
		public void reset() {
			this.deliveries = 0;
		}

	}

}
