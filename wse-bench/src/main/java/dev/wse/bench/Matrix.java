package dev.wse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.wse.bench.load.FlightRecordings;
import dev.wse.bench.load.LoadClient;
import dev.wse.bench.load.PeerKind;
import dev.wse.bench.load.PeerProcess;
import dev.wse.bench.load.Scenarios;
import dev.wse.bench.load.Target;
import org.jspecify.annotations.Nullable;

/**
 * Runs the benchmark matrix: peers × scenarios × repeats, each peer a separate process
 * (pinned with {@code taskset} to {@code --server-cpus} when given), the generator in
 * this process; writes the medians and the ratios against raw Netty and Spring STOMP to
 * {@code wse-bench/target/results.md} and prints them.
 * <p>
 * Options: {@code --quick} (small sizes, short steps, one repeat), {@code --peers=a,b},
 * {@code --scenarios=x,y}, {@code --repeats=n}, {@code --connections=n} (of
 * {@code connect}), {@code --server-cpus=0}, {@code --out=path}, {@code --jfr=directory}
 * (JDK Flight Recordings of the peers over the measured windows of {@code connect} and
 * {@code inbound}, see {@link FlightRecordings}). Normally started by
 * {@code wse-bench/run-matrix.sh}.
 *
 * @author WSE team
 */
public final class Matrix {

	/** The scenarios, in the order they run against each peer process. */
	public static final List<String> SCENARIOS = List.of("connect", "fanout", "fanout-topics", "rtt", "inbound");

	/**
	 * How long {@code rtt} warms up each peer before measuring (the JIT compiles the
	 * request path meanwhile).
	 */
	static final Duration RTT_WARMUP = Duration.ofSeconds(3);

	/** The longest warm-up of {@code connect}, until the peer's JIT has settled. */
	static final Duration CONNECT_WARMUP = Duration.ofSeconds(45);

	/** The longest warm-up of {@code inbound}, until the peer's JIT has settled. */
	static final Duration INBOUND_WARMUP = Duration.ofSeconds(90);

	private static final String RAW = PeerKind.RAW_NETTY.id();

	private static final String STOMP = PeerKind.SPRING_STOMP.id();

	private final Options options;

	private final Map<String, Map<String, List<Map<String, Double>>>> results = new LinkedHashMap<>();

	private final Map<String, List<String>> failures = new LinkedHashMap<>();

	private Matrix(Options options) {
		this.options = options;
	}

	/**
	 * Run the matrix.
	 * @param args the options
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		Matrix matrix = new Matrix(options);
		String report = matrix.run();
		Path out = Path.of(options.out);
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, report);
		System.out.println();
		System.out.println(report);
		System.out.println("Written to " + out.toAbsolutePath());
	}

	private String run() throws Exception {
		Instant started = Instant.now();
		try (LoadClient client = new LoadClient()) {
			Scenarios scenarios = new Scenarios(client, System.out::println,
					new FlightRecordings((this.options.jfr != null) ? Path.of(this.options.jfr) : null));
			for (int repeat = 1; repeat <= this.options.repeats; repeat++) {
				for (PeerKind peer : this.options.peers) {
					runPeer(scenarios, peer, repeat);
				}
			}
		}
		return report(started, Instant.now());
	}

	private void runPeer(Scenarios scenarios, PeerKind peer, int repeat) throws InterruptedException {
		System.out.printf("== %s, repeat %d of %d%n", peer.id(), repeat, this.options.repeats);
		PeerProcess process;
		try {
			process = PeerProcess.start(peer, this.options.serverCpus,
					Path.of(this.options.out).toAbsolutePath().getParent().resolve("peer-logs"));
		}
		catch (IOException ex) {
			System.out.println("  FAILED to start: " + ex.getMessage());
			for (String scenario : this.options.scenarios) {
				fail(peer, scenario, ex.getMessage());
			}
			return;
		}
		try (process) {
			for (String scenario : this.options.scenarios) {
				System.out.printf("-- %s / %s%n", peer.id(), scenario);
				try {
					Map<String, Double> figures = runScenario(scenarios, process.target(), scenario);
					System.out.println("  " + figures);
					this.results.computeIfAbsent(peer.id(), (k) -> new LinkedHashMap<>())
						.computeIfAbsent(scenario, (k) -> new ArrayList<>())
						.add(figures);
				}
				catch (Exception ex) {
					System.out.println("  FAILED: " + ex);
					fail(peer, scenario, String.valueOf(ex.getMessage()));
				}
				Thread.sleep(1000);
			}
		}
	}

	private void fail(PeerKind peer, String scenario, String reason) {
		String firstLine = reason.lines().findFirst().orElse(reason);
		this.failures.computeIfAbsent(peer.id() + " / " + scenario, (k) -> new ArrayList<>()).add(firstLine);
	}

	private Map<String, Double> runScenario(Scenarios scenarios, Target target, String scenario) throws Exception {
		boolean quick = this.options.quick;
		return switch (scenario) {
			case "connect" -> scenarios.connect(target, this.options.connections, quick ? 50 : 100,
					quick ? Duration.ZERO : CONNECT_WARMUP);
			case "fanout" -> quick ? scenarios.steppedFanout(target, 50, 1, 1, 5_000, 2, 2, 1)
					: scenarios.steppedFanout(target, 1000, 1, 1, 20_000, 1.6, 10, 2);
			case "fanout-topics" -> quick ? scenarios.steppedFanout(target, 100, 100, 10, 5_000, 2, 2, 1)
					: scenarios.steppedFanout(target, 1000, 1000, 10, 10_000, 1.6, 10, 2);
			case "inbound" -> quick ? scenarios.inbound(target, 10, 1, Duration.ZERO)
					: scenarios.inbound(target, 50, 5, INBOUND_WARMUP);
			case "rtt" ->
				quick ? scenarios.rtt(target, 2, 200, Duration.ZERO) : scenarios.rtt(target, 4, 1000, RTT_WARMUP);
			default -> throw new IllegalArgumentException("Unknown scenario '" + scenario + "'");
		};
	}

	// ---------------------------------------------------------------- report

	private static final Map<String, List<Metric>> METRICS = Map.of("connect",
			List.of(new Metric("accept_per_s", "connections/s", true),
					new Metric("handshake_p50_ms", "handshake p50 ms", false),
					new Metric("handshake_p99_ms", "handshake p99 ms", false),
					new Metric("server_cpu_us_per_conn", "server CPU µs/conn", true),
					new Metric("client_cpu_us_per_conn", "generator CPU µs/conn", false),
					new Metric("heap_per_conn_kb", "heap KB/conn", true),
					new Metric("rss_per_conn_kb", "RSS KB/conn", false),
					new Metric("cold_accept_per_s", "cold connections/s", true),
					new Metric("warmup_s", "warm-up s", false), new Metric("failed", "failed", false)),
			"fanout",
			List.of(new Metric("max_deliveries_per_s", "max deliveries/s", true),
					new Metric("p99_ms_at_max", "p99 ms at max", false),
					new Metric("cpu_s_per_million", "server CPU s / 1M deliveries", true)),
			"fanout-topics",
			List.of(new Metric("max_deliveries_per_s", "max deliveries/s", true),
					new Metric("p99_ms_at_max", "p99 ms at max", false),
					new Metric("cpu_s_per_million", "server CPU s / 1M deliveries", true)),
			"inbound",
			List.of(new Metric("msgs_per_s", "messages/s", true),
					new Metric("cold_msgs_per_s", "cold messages/s", true), new Metric("warmup_s", "warm-up s", false),
					new Metric("compiler_cpu_ms", "peer compiler CPU ms while measured", false)),
			"rtt", List.of(new Metric("p50_us", "p50 µs", true), new Metric("p99_us", "p99 µs", false)));

	private record Metric(String key, String label, boolean ratios) {
	}

	/**
	 * The median of a figure over a cell's successful repeats.
	 * @param peer the peer
	 * @param scenario the scenario
	 * @param key the figure
	 * @return the median, or null without data
	 */
	@Nullable Double median(String peer, String scenario, String key) {
		List<Map<String, Double>> runs = this.results.getOrDefault(peer, Map.of()).getOrDefault(scenario, List.of());
		double[] values = runs.stream()
			.map((run) -> run.get(key))
			.filter((v) -> v != null && !v.isNaN())
			.mapToDouble(Double::doubleValue)
			.sorted()
			.toArray();
		if (values.length == 0) {
			return null;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private String report(Instant started, Instant finished) {
		StringBuilder out = new StringBuilder();
		out.append("# WSE benchmark matrix\n\n");
		out.append("- started ")
			.append(started.truncatedTo(ChronoUnit.SECONDS))
			.append(", finished ")
			.append(finished.truncatedTo(ChronoUnit.SECONDS))
			.append('\n');
		out.append("- options: `").append(String.join(" ", this.options.args)).append("`\n");
		out.append("- machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" CPU(s) for the generator; servers pinned to CPUs: ")
			.append((this.options.serverCpus != null) ? this.options.serverCpus : "not pinned")
			.append("; Java ")
			.append(System.getProperty("java.version"))
			.append('\n');
		out.append("- repeats per cell: ")
			.append(this.options.repeats)
			.append("; figures are medians of the successful repeats; ratios are against the medians of the same run\n\n");
		for (String scenario : this.options.scenarios) {
			out.append("## ").append(scenario).append("\n\n");
			List<Metric> metrics = METRICS.get(scenario);
			out.append("| peer |");
			StringBuilder rule = new StringBuilder("|---|");
			for (Metric metric : metrics) {
				out.append(' ').append(metric.label()).append(" |");
				rule.append("---:|");
				if (metric.ratios()) {
					out.append(" × raw-netty | × spring-stomp |");
					rule.append("---:|---:|");
				}
			}
			out.append(" runs ok |\n").append(rule).append("---:|\n");
			for (PeerKind peer : this.options.peers) {
				out.append("| ").append(peer.id()).append(" |");
				for (Metric metric : metrics) {
					Double value = median(peer.id(), scenario, metric.key());
					out.append(' ').append(format(value)).append(" |");
					if (metric.ratios()) {
						out.append(' ').append(ratio(value, median(RAW, scenario, metric.key()))).append(" |");
						out.append(' ').append(ratio(value, median(STOMP, scenario, metric.key()))).append(" |");
					}
				}
				int ok = this.results.getOrDefault(peer.id(), Map.of()).getOrDefault(scenario, List.of()).size();
				out.append(' ').append(ok).append('/').append(this.options.repeats).append(" |\n");
			}
			out.append('\n');
			for (PeerKind peer : this.options.peers) {
				List<String> reasons = this.failures.get(peer.id() + " / " + scenario);
				if (reasons != null) {
					out.append("- **")
						.append(peer.id())
						.append(" failed** (")
						.append(reasons.size())
						.append("×): ")
						.append(reasons.get(0))
						.append('\n');
				}
			}
			out.append('\n');
		}
		out.append(targets());
		return out.toString();
	}

	private String targets() {
		StringBuilder out = new StringBuilder("## Targets\n\n| target | figure | result |\n|---|---:|---|\n");
		target(out, "fan-out max: wse-netty ≥ 0.9× raw-netty", rel("wse-netty", RAW, "fanout", "max_deliveries_per_s"),
				0.9, true);
		target(out, "fan-out max: wse-servlet ≥ 0.9× spring-plain",
				rel("wse-servlet", "spring-plain", "fanout", "max_deliveries_per_s"), 0.9, true);
		target(out, "fan-out max: wse-netty ≥ 2× spring-stomp",
				rel("wse-netty", STOMP, "fanout", "max_deliveries_per_s"), 2, true);
		target(out, "fan-out max: wse-servlet ≥ 2× spring-stomp",
				rel("wse-servlet", STOMP, "fanout", "max_deliveries_per_s"), 2, true);
		target(out, "server CPU per 1M deliveries: wse-netty ≤ 1.2× raw-netty",
				rel("wse-netty", RAW, "fanout", "cpu_s_per_million"), 1.2, false);
		Double heap = median("wse-netty", "connect", "heap_per_conn_kb");
		target(out, "heap per idle connection: wse-netty ≤ 4 KB (KB)", heap, 4, false);
		target(out, "heap per idle connection: wse-servlet ≤ 0.5× spring-plain",
				rel("wse-servlet", "spring-plain", "connect", "heap_per_conn_kb"), 0.5, false);
		target(out, "connections/s with JWT: wse-netty ≥ 0.8× raw-netty (no auth)",
				rel("wse-netty", RAW, "connect", "accept_per_s"), 0.8, true);
		target(out, "inbound: wse-netty ≥ 0.5× raw-netty", rel("wse-netty", RAW, "inbound", "msgs_per_s"), 0.5, true);
		target(out, "inbound: wse-servlet ≥ 1× spring-plain",
				rel("wse-servlet", "spring-plain", "inbound", "msgs_per_s"), 1, true);
		target(out, "RTT p50: wse-netty ≤ 2× raw-netty", rel("wse-netty", RAW, "rtt", "p50_us"), 2, false);
		return out.append('\n').toString();
	}

	private @Nullable Double rel(String peer, String base, String scenario, String key) {
		Double value = median(peer, scenario, key);
		Double reference = median(base, scenario, key);
		return (value == null || reference == null || reference == 0) ? null : value / reference;
	}

	private static void target(StringBuilder out, String name, @Nullable Double figure, double bound, boolean atLeast) {
		String result = (figure == null) ? "n/a (no data)"
				: ((atLeast ? figure >= bound : figure <= bound) ? "met" : "**missed**");
		out.append("| ").append(name).append(" | ").append(format(figure)).append(" | ").append(result).append(" |\n");
	}

	private static String ratio(@Nullable Double value, @Nullable Double reference) {
		if (value == null || reference == null || reference == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f", value / reference);
	}

	private static String format(@Nullable Double value) {
		if (value == null) {
			return "–";
		}
		double abs = Math.abs(value);
		if (abs >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (abs >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * The parsed options.
	 */
	static final class Options {

		final List<String> args;

		boolean quick;

		List<PeerKind> peers = Arrays.asList(PeerKind.values());

		List<String> scenarios = SCENARIOS;

		int repeats = 3;

		int connections = 10_000;

		@Nullable String serverCpus;

		String out = "wse-bench/target/results.md";

		@Nullable String jfr;

		Options(List<String> args) {
			this.args = args;
		}

		static Options parse(String[] args) {
			Options options = new Options(List.of(args));
			Integer repeats = null;
			Integer connections = null;
			for (String arg : args) {
				if (arg.equals("--quick")) {
					options.quick = true;
				}
				else if (arg.startsWith("--peers=")) {
					options.peers = Arrays.stream(value(arg).split(",")).map(PeerKind::of).toList();
				}
				else if (arg.startsWith("--scenarios=")) {
					options.scenarios = Arrays.stream(value(arg).split(",")).map((scenario) -> {
						if (!SCENARIOS.contains(scenario)) {
							throw new IllegalArgumentException("Unknown scenario '" + scenario + "'");
						}
						return scenario;
					}).toList();
				}
				else if (arg.startsWith("--repeats=")) {
					repeats = Integer.parseInt(value(arg));
				}
				else if (arg.startsWith("--connections=")) {
					connections = Integer.parseInt(value(arg));
				}
				else if (arg.startsWith("--server-cpus=")) {
					options.serverCpus = value(arg).isEmpty() ? null : value(arg);
				}
				else if (arg.startsWith("--out=")) {
					options.out = value(arg);
				}
				else if (arg.startsWith("--jfr=")) {
					options.jfr = value(arg).isEmpty() ? null : value(arg);
				}
				else {
					throw new IllegalArgumentException("Unknown option '" + arg + "'");
				}
			}
			options.repeats = (repeats != null) ? repeats : (options.quick ? 1 : 3);
			options.connections = (connections != null) ? connections : (options.quick ? 200 : 10_000);
			return options;
		}

		private static String value(String arg) {
			return arg.substring(arg.indexOf('=') + 1);
		}

	}

}
