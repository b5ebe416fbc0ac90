package dev.wse.bench.load;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ScheduledFuture;

import dev.wse.bench.peer.WsePeer;

/**
 * The scenarios. Each one is bounded in connections, messages and time, runs against one
 * {@link Target} on the loopback interface, closes its connections and returns named
 * figures.
 *
 * @author WSE team
 */
public final class Scenarios {

	/** A latency above which a fan-out step fails. */
	static final long MAX_P99_NANOS = 100_000_000L;

	/** A loss above which a fan-out step fails. */
	static final double MAX_LOSS = 0.001;

	/** The shortest warm-up round of {@code connect} and {@code inbound}. */
	static final Duration WARMUP_ROUND = Duration.ofSeconds(2);

	/**
	 * The share of a warm-up round below which the peer's compiling counts as settled.
	 */
	static final double JIT_SETTLED = 0.05;

	/**
	 * How much better than the best earlier warm-up round an {@code inbound} round must
	 * be to count as still improving.
	 */
	static final double PLATEAU = 1.05;

	/**
	 * The share of an {@code inbound} warm-up round below which the peer's compiling
	 * counts as settled. Lower than {@link #JIT_SETTLED}: a flooded servlet peer has a
	 * request thread runnable per connection, and its compiler threads, with their fair
	 * share of the one CPU, stay under 5 % while compilations are still queued.
	 */
	static final double INBOUND_JIT_SETTLED = 0.02;

	/**
	 * How many {@code inbound} warm-up rounds in a row must be settled (not improving,
	 * compilers under {@link #INBOUND_JIT_SETTLED}) to end the warm-up.
	 */
	static final int INBOUND_SETTLED_ROUNDS = 2;

	private final LoadClient client;

	private final Consumer<String> log;

	private final FlightRecordings recordings;

	private final Jwt jwt = new Jwt(WsePeer.JWT_SECRET);

	/**
	 * Create the scenarios.
	 * @param client the generator's client
	 * @param log where progress lines go
	 */
	public Scenarios(LoadClient client, Consumer<String> log) {
		this(client, log, new FlightRecordings(null));
	}

	/**
	 * Create the scenarios, recording the measured windows of {@code connect} and
	 * {@code inbound}.
	 * @param client the generator's client
	 * @param log where progress lines go
	 * @param recordings the flight recordings
	 */
	public Scenarios(LoadClient client, Consumer<String> log, FlightRecordings recordings) {
		this.client = client;
		this.log = log;
		this.recordings = recordings;
	}

	// ---------------------------------------------------------------- connect

	/**
	 * {@code connect}: after a warm-up (below), open {@code count} connections with at
	 * most {@code concurrency} handshakes in flight (each with its own JWT where the peer
	 * authenticates), hold them idle, measure heap and RSS per connection after GC, close
	 * them.
	 * <p>
	 * The warm-up opens and closes the same handshakes, unmeasured, in rounds of at least
	 * {@link #WARMUP_ROUND} until the peer's JIT compiler and the generator's each spent
	 * less than {@link #JIT_SETTLED} of a round compiling, or {@code maxWarmup} has
	 * passed (at least one round). Connect runs first on a freshly started peer: pinned
	 * to one CPU, a Spring Boot peer's compiler threads are still working through its
	 * start-up and its handshake path for tens of seconds and take up to half of that
	 * CPU, so without this the accept rate measured how far the JIT had got, not what a
	 * handshake costs. The generator's compiler counts as well: the first peer of a run
	 * meets a fresh generator, whose own handshake path is still being compiled.
	 * @param target the peer
	 * @param count the connections
	 * @param concurrency the handshakes in flight
	 * @param maxWarmup the longest warm-up
	 * @return {@code ready}, {@code failed}, {@code accept_per_s},
	 * {@code handshake_p50_ms}, {@code handshake_p99_ms}, {@code server_cpu_us_per_conn}
	 * (the server process's CPU time, all threads, from the first handshake until shortly
	 * after the last, per connection), {@code client_cpu_us_per_conn} (the same for this
	 * process, the generator), {@code heap_per_conn_kb}, {@code rss_per_conn_kb},
	 * {@code cold_accept_per_s} (the warm-up's first batch), {@code warmup_connections},
	 * {@code warmup_s}
	 * @throws Exception on failure
	 */
	public Map<String, Double> connect(Target target, int count, int concurrency, Duration maxWarmup) throws Exception {
		try (FlightRecordings.Session recording = this.recordings.start(target)) {
			return connect(target, count, concurrency, maxWarmup, recording);
		}
	}

	private Map<String, Double> connect(Target target, int count, int concurrency, Duration maxWarmup,
			FlightRecordings.Session recording) throws Exception {
		long warmupStart = System.nanoTime();
		Warmup warmup = warmUp(target, Math.min(1000, Math.max(count / 10, 10)), concurrency, maxWarmup);
		double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;
		long settle = (count >= 1000) ? 1000 : 100;
		Thread.sleep(settle);
		long heap0 = target.stats(true).get("heap");
		long rss0 = target.rssBytes();
		Histogram handshakes = new Histogram();
		List<String> tokens = tokens(target, count);
		double cpu0;
		long clientCpu0;
		double seconds;
		double cpu1;
		long clientCpu1;
		long heapN;
		long rssN;
		List<BenchConnection> connections = List.of();
		try {
			try (FlightRecordings.Window window = recording.window("connect")) {
				cpu0 = target.cpuSeconds();
				clientCpu0 = processCpuNanos();
				long start = System.nanoTime();
				connections = openMany(target, tokens, concurrency, handshakes);
				seconds = (System.nanoTime() - start) / 1e9;
				Thread.sleep(settle);
				// the settle pause lets the server finish what the last handshakes
				// started (the WSE client_hello, say): it belongs to their cost
				cpu1 = target.cpuSeconds();
				clientCpu1 = processCpuNanos();
			}
			heapN = target.stats(true).get("heap");
			rssN = target.rssBytes();
		}
		finally {
			closeAll(connections);
		}
		int ready = connections.size();
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("ready", (double) ready);
		result.put("failed", (double) (count - ready));
		result.put("accept_per_s", ready / seconds);
		result.put("handshake_p50_ms", handshakes.percentile(50) / 1e6);
		result.put("handshake_p99_ms", handshakes.percentile(99) / 1e6);
		result.put("cold_accept_per_s", warmup.firstBatchPerSecond());
		result.put("warmup_connections", (double) warmup.connections());
		result.put("warmup_s", warmupSeconds);
		if (ready > 0) {
			if (cpu0 >= 0 && cpu1 >= 0) {
				result.put("server_cpu_us_per_conn", (cpu1 - cpu0) * 1e6 / ready);
			}
			if (clientCpu0 >= 0 && clientCpu1 >= 0) {
				result.put("client_cpu_us_per_conn", (clientCpu1 - clientCpu0) / 1e3 / ready);
			}
			result.put("heap_per_conn_kb", (heapN - heap0) / 1024.0 / ready);
			if (rss0 > 0) {
				result.put("rss_per_conn_kb", (rssN - rss0) / 1024.0 / ready);
			}
		}
		return result;
	}

	/**
	 * Time this process's (the generator's) JIT compiler spent so far.
	 * @return milliseconds, or -1 where the JVM does not tell
	 */
	private static long ownJitMillis() {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return (compiler != null && compiler.isCompilationTimeMonitoringSupported())
				? compiler.getTotalCompilationTime() : -1;
	}

	/**
	 * How much the peer's and the generator's JIT compilers have worked so far: the CPU
	 * time of their compiler threads from {@code /proc} where it can be read (see
	 * {@link Target#compilerCpuSeconds(long)}), otherwise the JIT's own compilation time.
	 * The latter is elapsed time, and stays flat while the compilers wait for a CPU that
	 * busy application threads hold, so a warm-up that went by it could end while the
	 * compilers were starved rather than done.
	 *
	 * @param peerCpuSeconds the peer's compiler CPU seconds, or -1
	 * @param peerJitMillis the peer's reported compilation milliseconds, or -1
	 * @param ownCpuSeconds the generator's compiler CPU seconds, or -1
	 * @param ownJitMillis the generator's compilation milliseconds, or -1
	 */
	record Compiling(double peerCpuSeconds, long peerJitMillis, double ownCpuSeconds, long ownJitMillis) {

		static Compiling now(Target target) throws IOException {
			return new Compiling(target.compilerCpuSeconds(), target.stats(false).getOrDefault("jit_ms", -1L),
					Target.compilerCpuSeconds(ProcessHandle.current().pid()), Scenarios.ownJitMillis());
		}

		/**
		 * Whether anything is known of the peer's compiler.
		 * @return true when the peer's compiler CPU or compilation time is known
		 */
		boolean peerKnown() {
			return this.peerCpuSeconds >= 0 || this.peerJitMillis >= 0;
		}

		/**
		 * The peer's compiler work since an earlier reading.
		 * @param before the earlier reading
		 * @return milliseconds (of CPU where known), or -1 when unknown
		 */
		double peerMillisSince(Compiling before) {
			return since(this.peerCpuSeconds, before.peerCpuSeconds, this.peerJitMillis, before.peerJitMillis);
		}

		/**
		 * Whether both compilers worked less than {@link #JIT_SETTLED} of a round since
		 * an earlier reading (a compiler nothing is known of counts as settled).
		 * @param before the reading at the round's start
		 * @param roundMillis the round's length
		 * @return true when settled
		 */
		boolean settledSince(Compiling before, double roundMillis) {
			return settledSince(before, roundMillis, JIT_SETTLED);
		}

		/**
		 * Whether both compilers worked less than a share of a round since an earlier
		 * reading (a compiler nothing is known of counts as settled).
		 * @param before the reading at the round's start
		 * @param roundMillis the round's length
		 * @param share the share of the round
		 * @return true when settled
		 */
		boolean settledSince(Compiling before, double roundMillis, double share) {
			double limit = share * roundMillis;
			return peerMillisSince(before) < limit
					&& since(this.ownCpuSeconds, before.ownCpuSeconds, this.ownJitMillis, before.ownJitMillis) < limit;
		}

		private static double since(double cpuNow, double cpuBefore, long jitNow, long jitBefore) {
			// a compiler thread that ended took its CPU time out of the sum: a drop means
			// the CPU figure cannot tell, so the JIT's own figure decides
			if (cpuNow >= 0 && cpuBefore >= 0 && cpuNow >= cpuBefore) {
				return (cpuNow - cpuBefore) * 1000;
			}
			return (jitNow >= 0 && jitBefore >= 0) ? jitNow - jitBefore : -1;
		}

	}

	/**
	 * CPU time this process (the generator) used so far, all threads.
	 * @return nanoseconds, or -1 where the JVM does not tell
	 */
	private static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	/**
	 * Open and close batches of connections in rounds until the peer's JIT compiler is
	 * (nearly) idle during a round, or {@code maxWarmup} has passed.
	 * @return the connections opened and the accept rate of the first batch
	 */
	private Warmup warmUp(Target target, int batch, int concurrency, Duration maxWarmup) throws Exception {
		long deadline = System.nanoTime() + maxWarmup.toNanos();
		int opened = 0;
		boolean first = true;
		double firstBatchPerSecond = 0;
		while (true) {
			Compiling before = Compiling.now(target);
			long roundStart = System.nanoTime();
			do {
				List<String> tokens = tokens(target, batch);
				long batchStart = System.nanoTime();
				List<BenchConnection> connections = openMany(target, tokens, concurrency, new Histogram());
				if (first) {
					firstBatchPerSecond = connections.size() / ((System.nanoTime() - batchStart) / 1e9);
					first = false;
				}
				closeAll(connections);
				opened += connections.size();
			}
			while (System.nanoTime() - roundStart < WARMUP_ROUND.toNanos() && System.nanoTime() - deadline < 0);
			double roundMillis = (System.nanoTime() - roundStart) / 1e6;
			Compiling after = Compiling.now(target);
			if (!before.peerKnown()) {
				this.log.accept(
						"  nothing is known of the peer's JIT compiler: the warm-up waits for the generator's only");
			}
			boolean settled = after.settledSince(before, roundMillis);
			if (settled || System.nanoTime() - deadline >= 0) {
				return new Warmup(opened, firstBatchPerSecond);
			}
		}
	}

	/**
	 * What the {@code connect} warm-up did.
	 *
	 * @param connections the connections it opened
	 * @param firstBatchPerSecond the accept rate of its first batch: a peer's rate right
	 * after start, before its JIT compiled anything of the handshake path
	 */
	private record Warmup(int connections, double firstBatchPerSecond) {
	}

	/**
	 * One fresh token per connection where the peer authenticates (empty strings
	 * otherwise), signed before any handshake is timed.
	 */
	private List<String> tokens(Target target, int count) {
		List<String> tokens = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			tokens.add(target.dialect().authenticates() ? this.jwt.token("user-" + i) : "");
		}
		return tokens;
	}

	private List<BenchConnection> openMany(Target target, int count, int concurrency, Histogram handshakes)
			throws Exception {
		return openMany(target, tokens(target, count), concurrency, handshakes);
	}

	private List<BenchConnection> openMany(Target target, List<String> tokens, int concurrency, Histogram handshakes)
			throws Exception {
		int count = tokens.size();
		Semaphore permits = new Semaphore(concurrency);
		List<BenchConnection> connections = Collections.synchronizedList(new ArrayList<>());
		AtomicReferenceArray<Throwable> firstError = new AtomicReferenceArray<>(1);
		for (int i = 0; i < count; i++) {
			if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
				closeAll(new ArrayList<>(connections));
				throw new IOException("Handshakes stalled after " + i + " connections");
			}
			long begin = System.nanoTime();
			String token = tokens.get(i);
			this.client.open(target, i, token.isEmpty() ? null : token, BenchConnection.Listener.IGNORE)
				.whenComplete((connection, failure) -> {
					if (failure == null) {
						handshakes.record(System.nanoTime() - begin);
						connections.add(connection);
					}
					else {
						firstError.compareAndSet(0, null, failure);
					}
					permits.release();
				});
		}
		if (!permits.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
			closeAll(new ArrayList<>(connections));
			throw new IOException("Handshakes did not finish");
		}
		if (connections.size() < count) {
			this.log.accept("  " + (count - connections.size()) + " of " + count + " handshakes failed, first: "
					+ firstError.get(0));
		}
		return new ArrayList<>(connections);
	}

	private static void closeAll(List<BenchConnection> connections) {
		for (BenchConnection connection : connections) {
			connection.close();
		}
		for (BenchConnection connection : connections) {
			connection.channel().closeFuture().awaitUninterruptibly(5000);
		}
	}

	// ---------------------------------------------------------------- fan-out

	/**
	 * The subscriber side of a fan-out: counts measured deliveries, records their
	 * latency, notes which probes each connection saw.
	 */
	static final class Deliveries implements BenchConnection.Listener {

		final LongAdder received = new LongAdder();

		final Histogram latency = new Histogram();

		final AtomicInteger[] probed;

		final int topicsPerConnection;

		Deliveries(int connections, int topicsPerConnection) {
			this.probed = new AtomicInteger[connections];
			for (int i = 0; i < connections; i++) {
				this.probed[i] = new AtomicInteger();
			}
			this.topicsPerConnection = topicsPerConnection;
		}

		@Override
		public void onFrame(BenchConnection connection, ByteBuf frame) {
			long seq = Dialect.sequence(frame);
			if (seq == Long.MIN_VALUE) {
				return;
			}
			if (seq < 0) {
				// probe: -(topic index + 1); count distinct topics by a bit per slot
				int slot = (int) ((-seq - 1) % 31);
				this.probed[connection.index()].getAndUpdate((bits) -> bits | (1 << slot));
				return;
			}
			long sent = Dialect.timestamp(frame);
			this.received.increment();
			this.latency.record(System.nanoTime() - sent);
		}

		boolean allProbed() {
			for (AtomicInteger bits : this.probed) {
				if (Integer.bitCount(bits.get()) < Math.min(this.topicsPerConnection, 31)) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * One fan-out step's figures.
	 *
	 * @param targetRate publications per second asked for
	 * @param sent publications sent
	 * @param expected deliveries expected
	 * @param received deliveries received
	 * @param deliveriesPerSecond deliveries received per second of the step
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param cpuSecondsPerMillion server CPU seconds per million deliveries (-1 unknown)
	 */
	public record Step(double targetRate, long sent, long expected, long received, double deliveriesPerSecond,
			double p50Millis, double p99Millis, double cpuSecondsPerMillion) {

		/**
		 * The loss.
		 * @return lost deliveries / expected deliveries
		 */
		public double loss() {
			return (this.expected == 0) ? 0 : Math.max(0, this.expected - this.received) / (double) this.expected;
		}

		/**
		 * Whether the step was sustained: p99 within 100 ms, loss within 0.1 %, and the
		 * publisher could send at least 95 % of the asked rate.
		 * @param seconds the step's duration
		 * @return whether it passed
		 */
		public boolean sustained(double seconds) {
			return this.p99Millis <= MAX_P99_NANOS / 1e6 && loss() <= MAX_LOSS
					&& this.sent >= 0.95 * this.targetRate * seconds;
		}

	}

	/**
	 * A fan-out set-up: subscribers connected and subscribed, a publisher connected.
	 */
	public final class Fanout implements AutoCloseable {

		private final Target target;

		private final int topics;

		private final int subscribersPerTopic;

		private final List<BenchConnection> subscribers;

		private final BenchConnection publisher;

		private final Deliveries deliveries;

		Fanout(Target target, int connections, int topics, int topicsPerConnection) throws Exception {
			this.target = target;
			this.topics = topics;
			this.subscribersPerTopic = connections * topicsPerConnection / topics;
			this.deliveries = new Deliveries(connections, topicsPerConnection);
			Dialect dialect = target.dialect();
			List<CompletableFuture<BenchConnection>> pending = new ArrayList<>();
			Semaphore permits = new Semaphore(100);
			for (int i = 0; i < connections; i++) {
				permits.acquire();
				int index = i;
				String token = dialect.authenticates() ? Scenarios.this.jwt.token("sub-" + i) : null;
				pending.add(Scenarios.this.client.open(target, i, token, this.deliveries).whenComplete((c, e) -> {
					permits.release();
					if (c != null) {
						List<String> mine = new ArrayList<>();
						for (int j = 0; j < topicsPerConnection; j++) {
							mine.add("t" + ((index * topicsPerConnection + j) % topics));
						}
						dialect.subscribe(mine, index).forEach(c::send);
					}
				}));
			}
			this.subscribers = new ArrayList<>();
			for (CompletableFuture<BenchConnection> future : pending) {
				this.subscribers.add(future.get(60, TimeUnit.SECONDS));
			}
			String token = dialect.authenticates() ? Scenarios.this.jwt.token("publisher") : null;
			this.publisher = Scenarios.this.client.open(target, connections, token, BenchConnection.Listener.IGNORE)
				.get(30, TimeUnit.SECONDS);
			probe();
		}

		private void probe() throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!this.deliveries.allProbed()) {
				if (System.nanoTime() > deadline) {
					throw new IOException("Subscriptions not effective after 60 s");
				}
				for (int topic = 0; topic < this.topics; topic++) {
					this.publisher.channel()
						.write(BenchConnection.frame(this.target.dialect()
							.publish("t" + topic, Dialect.body(-(topic + 1), System.nanoTime()))));
				}
				this.publisher.channel().flush();
				Thread.sleep(200);
			}
			Thread.sleep(300);
		}

		/**
		 * Run one step: publish round-robin over the topics at {@code rate} per second
		 * for {@code seconds}, then wait for the deliveries to drain.
		 * @param rate publications per second
		 * @param seconds the duration
		 * @return the figures
		 * @throws InterruptedException if interrupted
		 */
		public Step step(double rate, double seconds) throws InterruptedException {
			this.deliveries.received.reset();
			this.deliveries.latency.reset();
			Channel channel = this.publisher.channel();
			AtomicLong sent = new AtomicLong();
			long start = System.nanoTime();
			double cpu0 = this.target.cpuSeconds();
			long[] last = { start };
			double[] credit = { 0 };
			ScheduledFuture<?> pacer = channel.eventLoop().scheduleAtFixedRate(() -> {
				long now = System.nanoTime();
				credit[0] = Math.min(credit[0] + rate * (now - last[0]) / 1e9, Math.max(rate / 10, 1));
				last[0] = now;
				boolean wrote = false;
				while (credit[0] >= 1 && channel.isWritable()) {
					long seq = sent.getAndIncrement();
					channel.write(BenchConnection
						.frame(this.target.dialect().publish("t" + (seq % this.topics), Dialect.body(seq, now))));
					credit[0]--;
					wrote = true;
				}
				if (wrote) {
					channel.flush();
				}
			}, 0, 1, TimeUnit.MILLISECONDS);
			Thread.sleep((long) (seconds * 1000));
			pacer.cancel(false);
			channel.eventLoop().submit(() -> null).awaitUninterruptibly();
			long published = sent.get();
			long expected = published * this.subscribersPerTopic;
			// drain: until everything arrived or nothing arrived for a second (at most 10
			// s)
			long lastCount = -1;
			long lastChange = System.nanoTime();
			long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < drainDeadline) {
				long now = this.deliveries.received.sum();
				if (now >= expected) {
					break;
				}
				if (now != lastCount) {
					lastCount = now;
					lastChange = System.nanoTime();
				}
				else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(1)) {
					break;
				}
				Thread.sleep(20);
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			double cpu1 = this.target.cpuSeconds();
			long received = this.deliveries.received.sum();
			double cpuPerMillion = (cpu0 >= 0 && received > 0) ? (cpu1 - cpu0) / (received / 1e6) : -1;
			return new Step(rate, published, expected, received, received / Math.max(seconds, elapsed - 1.0),
					this.deliveries.latency.percentile(50) / 1e6, this.deliveries.latency.percentile(99) / 1e6,
					cpuPerMillion);
		}

		/**
		 * The number of subscriber connections that are no longer open (a peer closing
		 * slow consumers shows here).
		 * @return the number
		 */
		public int closedSubscribers() {
			return (int) this.subscribers.stream().filter((c) -> !c.channel().isActive()).count();
		}

		/**
		 * The number of subscribers of each topic.
		 * @return the number
		 */
		public int subscribersPerTopic() {
			return this.subscribersPerTopic;
		}

		@Override
		public void close() {
			List<BenchConnection> all = new ArrayList<>(this.subscribers);
			all.add(this.publisher);
			closeAll(all);
		}

	}

	/**
	 * Connect a fan-out: {@code connections} subscribers, each subscribed to
	 * {@code topicsPerConnection} of {@code topics} topics (so each topic has connections
	 * × topicsPerConnection / topics subscribers), and one publisher.
	 * @param target the peer
	 * @param connections the subscriber connections
	 * @param topics the topics
	 * @param topicsPerConnection the topics per subscriber
	 * @return the fan-out, to run steps on and close
	 * @throws Exception on failure
	 */
	public Fanout fanout(Target target, int connections, int topics, int topicsPerConnection) throws Exception {
		return new Fanout(target, connections, topics, topicsPerConnection);
	}

	/**
	 * {@code fanout} / {@code fanout-topics}: stepped rates, ×{@code factor} per step
	 * from {@code startDeliveries} deliveries/s, until a step is not sustained (p99 &gt;
	 * 100 ms, loss &gt; 0.1 %, or the publisher is held back) twice in a row at the same
	 * rate (one pause of a shared machine fails a 2 s step) or {@code maxSteps} ran.
	 * @param target the peer
	 * @param connections the subscriber connections
	 * @param topics the topics
	 * @param topicsPerConnection the topics per subscriber
	 * @param startDeliveries the first step's deliveries per second
	 * @param factor the growth per step
	 * @param maxSteps the maximum number of steps
	 * @param seconds each step's duration
	 * @return {@code max_deliveries_per_s} (of the best sustained step, 0 if none),
	 * {@code p99_ms_at_max}, {@code cpu_s_per_million} (at the best step), {@code steps}
	 * @throws Exception on failure
	 */
	public Map<String, Double> steppedFanout(Target target, int connections, int topics, int topicsPerConnection,
			double startDeliveries, double factor, int maxSteps, double seconds) throws Exception {
		try (Fanout fanout = fanout(target, connections, topics, topicsPerConnection)) {
			// warm-up at the first rate (JIT, buffers), not measured
			fanout.step(startDeliveries / fanout.subscribersPerTopic(), seconds);
			Step best = null;
			int steps = 0;
			int halvings = 0;
			boolean retried = false;
			double deliveries = startDeliveries;
			while (steps < maxSteps) {
				Step step = fanout.step(deliveries / fanout.subscribersPerTopic(), seconds);
				steps++;
				boolean ok = step.sustained(seconds);
				int closed = fanout.closedSubscribers();
				this.log
					.accept(String.format("  step %d: %.0f pub/s -> %.0f deliveries/s, p99 %.1f ms, loss %.4f%%%s%s",
							steps, step.targetRate(), step.deliveriesPerSecond(), step.p99Millis(), step.loss() * 100,
							(closed > 0) ? ", " + closed + " subscribers closed by the peer" : "",
							ok ? "" : " (not sustained)"));
				if (ok) {
					best = step;
					deliveries *= factor;
					retried = false;
				}
				else if (best != null && !retried) {
					// once more at the same rate before concluding
					retried = true;
				}
				else if (best == null && halvings < 4) {
					// not even the first rate holds (a loaded machine): halve it, at most
					// 4 times
					halvings++;
					deliveries /= 2;
				}
				else {
					break;
				}
			}
			Map<String, Double> result = new LinkedHashMap<>();
			result.put("max_deliveries_per_s", (best != null) ? best.deliveriesPerSecond() : 0.0);
			if (best != null) {
				result.put("p99_ms_at_max", best.p99Millis());
				if (best.cpuSecondsPerMillion() >= 0) {
					result.put("cpu_s_per_million", best.cpuSecondsPerMillion());
				}
			}
			result.put("steps", (double) steps);
			return result;
		}
	}

	// ---------------------------------------------------------------- inbound

	/**
	 * {@code inbound}: {@code connections} clients send to the peer's no-op handler as
	 * fast as their sockets take it (writes stop while a channel is not writable) for
	 * {@code seconds}, after a warm-up under the same load; the figure is the peer's own
	 * count of handled messages per second.
	 * <p>
	 * The warm-up lasts one second, then, unless {@code maxWarmup} is shorter, goes on in
	 * rounds of {@link #WARMUP_ROUND} until {@link #INBOUND_SETTLED_ROUNDS} rounds in a
	 * row each handled no more than {@link #PLATEAU} times the best round before it (so
	 * at least three rounds) and the peer's JIT compiler threads and the generator's each
	 * used less than {@link #INBOUND_JIT_SETTLED} of the round's time in CPU, or
	 * {@code maxWarmup} has passed (the round under way is finished). The rate matters as
	 * well as the compilers: a peer pinned to one CPU and saturated by its own message
	 * threads leaves its compilers a thin share of that CPU, so they can use little of it
	 * and still be far from done (a Spring Boot peer's rate went on rising for about 20 s
	 * of flooding, at 5 to 8 % compiler CPU). A peer with a longer message path (an
	 * envelope parser, a handler registry) takes longer to get there; the warm-up time
	 * and what the peer's compilers used in the measured window are reported beside the
	 * rate.
	 * @param target the peer
	 * @param connections the clients
	 * @param seconds the measured duration
	 * @param maxWarmup the longest warm-up (at least one second is always spent)
	 * @return {@code msgs_per_s}, {@code cold_msgs_per_s} (the rate in the warm-up's
	 * first second, as flooding starts), {@code warmup_s}, {@code compiler_cpu_ms} (the
	 * CPU time the peer's compiler threads used in the measured window, only where
	 * {@code /proc} tells)
	 * @throws Exception on failure
	 */
	public Map<String, Double> inbound(Target target, int connections, double seconds, Duration maxWarmup)
			throws Exception {
		List<BenchConnection> clients = openMany(target, connections, Math.min(connections, 100), new Histogram());
		boolean[] running = { true };
		try (FlightRecordings.Session recording = this.recordings.start(target)) {
			if (clients.size() < connections) {
				throw new IOException("Only " + clients.size() + " of " + connections + " connections opened");
			}
			ByteBuf message = Unpooled.unreleasableBuffer(Unpooled
				.copiedBuffer(target.dialect().inbound(Dialect.body(0, System.nanoTime())), CharsetUtil.UTF_8)
				.asReadOnly());
			long coldHandled0 = target.stats(false).get("inbound");
			long warmupStart = System.nanoTime();
			for (BenchConnection connection : clients) {
				flood(connection, message, running);
			}
			Thread.sleep((long) (Math.min(1.0, seconds) * 1000));
			double coldRate = (target.stats(false).get("inbound") - coldHandled0)
					/ ((System.nanoTime() - warmupStart) / 1e9);
			long deadline = warmupStart + maxWarmup.toNanos();
			Plateau plateau = new Plateau();
			while (System.nanoTime() - deadline < 0) {
				Compiling before = Compiling.now(target);
				long handled0 = target.stats(false).get("inbound");
				long roundStart = System.nanoTime();
				Thread.sleep(WARMUP_ROUND.toMillis());
				double roundMillis = (System.nanoTime() - roundStart) / 1e6;
				double rate = (target.stats(false).get("inbound") - handled0) / (roundMillis / 1000);
				boolean compiled = Compiling.now(target).settledSince(before, roundMillis, INBOUND_JIT_SETTLED);
				if (plateau.reached(rate, compiled)) {
					break;
				}
			}
			double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;
			Compiling compiling0;
			Map<String, Long> stats0;
			Map<String, Long> stats1;
			double elapsed;
			Compiling compiling1;
			try (FlightRecordings.Window window = recording.window("inbound")) {
				compiling0 = Compiling.now(target);
				stats0 = target.stats(false);
				long start = System.nanoTime();
				Thread.sleep((long) (seconds * 1000));
				stats1 = target.stats(false);
				elapsed = (System.nanoTime() - start) / 1e9;
				compiling1 = Compiling.now(target);
			}
			Map<String, Double> result = new LinkedHashMap<>();
			result.put("msgs_per_s", (stats1.get("inbound") - stats0.get("inbound")) / elapsed);
			result.put("cold_msgs_per_s", coldRate);
			result.put("warmup_s", warmupSeconds);
			if (compiling0.peerCpuSeconds() >= 0 && compiling1.peerCpuSeconds() >= compiling0.peerCpuSeconds()) {
				result.put("compiler_cpu_ms", (compiling1.peerCpuSeconds() - compiling0.peerCpuSeconds()) * 1000);
			}
			return result;
		}
		finally {
			running[0] = false;
			closeAll(clients);
		}
	}

	/**
	 * Whether the {@code inbound} warm-up has reached its steady state:
	 * {@link #INBOUND_SETTLED_ROUNDS} rounds in a row each handled no more than
	 * {@link #PLATEAU} times the best round before it, with the compilers settled. The
	 * first round has nothing before it, so it always counts as improving.
	 */
	static final class Plateau {

		private double bestRate;

		private int settledRounds;

		/**
		 * Take a round's figures.
		 * @param rate the messages per second the round handled
		 * @param compilersSettled whether the compilers used less than their share of the
		 * round
		 * @return whether the warm-up may end
		 */
		boolean reached(double rate, boolean compilersSettled) {
			boolean improving = rate > PLATEAU * this.bestRate;
			this.bestRate = Math.max(this.bestRate, rate);
			this.settledRounds = (!improving && compilersSettled) ? this.settledRounds + 1 : 0;
			return this.settledRounds >= INBOUND_SETTLED_ROUNDS;
		}

	}

	/**
	 * Send a message on a connection as fast as its socket takes it, until
	 * {@code running[0]} is cleared: up to 256 frames per turn of its event loop, and
	 * none while the channel is not writable (it goes on when the channel is writable
	 * again).
	 */
	private static void flood(BenchConnection connection, ByteBuf message, boolean[] running) {
		Channel channel = connection.channel();
		Runnable[] pump = new Runnable[1];
		pump[0] = () -> {
			if (!running[0] || !channel.isActive()) {
				return;
			}
			int written = 0;
			while (channel.isWritable() && written < 256) {
				channel.write(new TextWebSocketFrame(message.duplicate()));
				written++;
			}
			channel.flush();
			if (channel.isWritable()) {
				channel.eventLoop().execute(pump[0]);
			}
		};
		connection.onWritable(pump[0]);
		channel.eventLoop().execute(pump[0]);
	}

	// ---------------------------------------------------------------- rtt

	/**
	 * {@code rtt}: on each of {@code connections} connections at once, {@code roundTrips}
	 * sequential request/response round trips after a warm-up of at least 50 unmeasured
	 * ones lasting {@code warmup}, so that the peer's code is compiled (the JIT) before
	 * it is measured; a request that is not answered within 2 s is sent again.
	 * @param target the peer
	 * @param connections the connections
	 * @param roundTrips the measured round trips per connection
	 * @param warmup how long the unmeasured round trips go on at least
	 * @return {@code p50_us}, {@code p99_us}, {@code round_trips}
	 * @throws Exception on failure
	 */
	public Map<String, Double> rtt(Target target, int connections, int roundTrips, Duration warmup) throws Exception {
		int minimumWarmup = 50;
		Histogram latency = new Histogram();
		List<BenchConnection> clients = openMany(target, connections, connections, new Histogram());
		if (clients.size() < connections) {
			closeAll(clients);
			throw new IOException("Only " + clients.size() + " of " + connections + " connections opened");
		}
		Dialect dialect = target.dialect();
		List<CompletableFuture<Void>> done = new ArrayList<>();
		AtomicLong measured = new AtomicLong();
		for (BenchConnection connection : clients) {
			dialect.echoSetup(connection.index()).forEach(connection::send);
		}
		Thread.sleep(200);
		for (BenchConnection connection : clients) {
			CompletableFuture<Void> finished = new CompletableFuture<>();
			done.add(finished);
			// answered (measured or not), send time of the outstanding request, answers
			// in
			// the warm-up (-1 while it goes on), end of the warm-up
			long[] state = { 0, 0, -1, System.nanoTime() + warmup.toNanos() };
			Runnable sendNext = () -> {
				state[1] = System.nanoTime();
				connection.send(dialect.echo(Dialect.body(state[0], state[1]), connection.index()));
			};
			connection.listener((c, frame) -> {
				long sentAt = Dialect.timestamp(frame);
				if (sentAt != state[1]) {
					return; // not the answer to the outstanding request
				}
				long now = System.nanoTime();
				long elapsed = now - sentAt;
				state[0]++;
				if (state[2] < 0 && state[0] >= minimumWarmup && now - state[3] >= 0) {
					state[2] = state[0];
				}
				else if (state[2] >= 0) {
					latency.record(elapsed);
					measured.incrementAndGet();
				}
				if (state[2] < 0 || state[0] < state[2] + roundTrips) {
					sendNext.run();
				}
				else {
					finished.complete(null);
				}
			});
			Channel channel = connection.channel();
			channel.eventLoop().execute(sendNext);
			ScheduledFuture<?> retry = channel.eventLoop().scheduleAtFixedRate(() -> {
				if (!finished.isDone() && System.nanoTime() - state[1] > TimeUnit.SECONDS.toNanos(2)) {
					sendNext.run();
				}
			}, 2, 1, TimeUnit.SECONDS);
			finished.whenComplete((v, e) -> retry.cancel(false));
		}
		try {
			CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
		}
		finally {
			closeAll(clients);
		}
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("p50_us", latency.percentile(50) / 1e3);
		result.put("p99_us", latency.percentile(99) / 1e3);
		result.put("round_trips", (double) measured.get());
		return result;
	}

}
