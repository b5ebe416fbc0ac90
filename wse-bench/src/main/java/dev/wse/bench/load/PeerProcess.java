package dev.wse.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A peer started as a separate JVM, optionally pinned with {@code taskset}; the same JVM
 * options for every peer.
 *
 * @author WSE team
 */
public final class PeerProcess implements AutoCloseable {

	/** JVM options of every peer. */
	static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx2g", "-XX:+UseG1GC",
			"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

	private final Process process;

	private final Target target;

	private final Path log;

	private PeerProcess(Process process, Target target, Path log) {
		this.process = process;
		this.target = target;
		this.log = log;
	}

	/**
	 * Start a peer and wait until its WebSocket port answers.
	 * @param kind the peer
	 * @param serverCpus the CPU list for {@code taskset -c}, or null not to pin
	 * @param logDir where the peer's output goes
	 * @return the running peer
	 * @throws IOException if it does not start; for {@code wse-netty}, if the Netty port
	 * never answers although the application started
	 * @throws InterruptedException if interrupted
	 */
	public static PeerProcess start(PeerKind kind, @Nullable String serverCpus, Path logDir)
			throws IOException, InterruptedException {
		int port = freePort();
		int statsPort = freePort();
		List<String> command = new ArrayList<>();
		if (serverCpus != null) {
			command.addAll(List.of("taskset", "-c", serverCpus));
		}
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.addAll(extraJvmOptions(kind));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), kind.mainClass()));
		int wsPort = port;
		int servletPort = port;
		if (kind == PeerKind.WSE_NETTY) {
			wsPort = freePort();
			command.addAll(List.of("--port=" + servletPort, "--wse.transport=netty", "--wse.netty.port=" + wsPort));
		}
		else {
			command.add("--port=" + port);
		}
		command.add("--stats-port=" + statsPort);
		Files.createDirectories(logDir);
		Path log = logDir.resolve(kind.id() + "-" + System.currentTimeMillis() + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Target target = new Target(kind.id(), kind.dialect(), wsPort, kind.path(), statsPort, process.pid());
		PeerProcess peer = new PeerProcess(process, target, log);
		try {
			peer.awaitPort(servletPort, 120, "did not start");
			if (wsPort != servletPort) {
				peer.awaitPort(wsPort, 10, "started, but its Netty port " + wsPort
						+ " does not answer: this build has no Netty transport (--wse.transport=netty was ignored)");
			}
		}
		catch (IOException ex) {
			peer.close();
			throw ex;
		}
		return peer;
	}

	/**
	 * Extra JVM options from the environment variable {@code WSE_BENCH_PEER_JVM_OPTS}
	 * (space separated), for profiling; {@code {peer}} is replaced by the peer's id, so
	 * {@code -XX:StartFlightRecording=filename=/tmp/{peer}.jfr} records each peer apart.
	 */
	static List<String> extraJvmOptions(PeerKind kind) {
		String options = System.getenv("WSE_BENCH_PEER_JVM_OPTS");
		if (options == null || options.isBlank()) {
			return List.of();
		}
		return List.of(options.trim().replace("{peer}", kind.id()).split("\\s+"));
	}

	private void awaitPort(int port, int seconds, String failure) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(this.target.name() + " exited (" + this.process.exitValue() + "), see " + this.log
						+ ":\n" + tail());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IOException(this.target.name() + " " + failure + " (log: " + this.log + ")");
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * The peer as a target.
	 * @return the target
	 */
	public Target target() {
		return this.target;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
