package dev.wse.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A running peer as the generator sees it: where to connect, which dialect it speaks, its
 * stats endpoint and, when it runs as a separate process, its PID (for CPU and RSS from
 * {@code /proc}).
 *
 * @param name the peer name
 * @param dialect the dialect
 * @param port the WebSocket port on 127.0.0.1
 * @param path the WebSocket path
 * @param statsPort the stats endpoint port
 * @param pid the server process id, or -1 when it runs in the generator's process
 * @author WSE team
 */
public record Target(String name, Dialect dialect, int port, String path, int statsPort, long pid) {

	private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
	static final double CLOCK_TICKS = 100.0;

	/**
	 * The WebSocket URI.
	 * @return the URI
	 */
	public URI uri() {
		return URI.create("ws://127.0.0.1:" + this.port + this.path);
	}

	/**
	 * Read the peer's stats endpoint.
	 * @param gc whether the peer collects garbage first
	 * @return the stats by key
	 * @throws IOException if the endpoint does not answer
	 */
	public Map<String, Long> stats(boolean gc) throws IOException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.statsPort + (gc ? "/gc" : "/stats")))
			.timeout(STATS_TIMEOUT)
			.build();
		try {
			String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
			Map<String, Long> stats = new HashMap<>();
			for (String line : body.split("\n")) {
				int equals = line.indexOf('=');
				if (equals > 0) {
					stats.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1).trim()));
				}
			}
			return stats;
		}
		catch (HttpTimeoutException ex) {
			throw new IOException("The peer's stats endpoint did not answer within " + STATS_TIMEOUT.toSeconds()
					+ " s: the peer is not keeping up (one that queues what it cannot handle, without bound, ends up"
					+ " collecting garbage most of the time)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/**
	 * CPU time the server process used so far (user + system), or -1 without a PID.
	 * @return seconds
	 */
	public double cpuSeconds() {
		if (this.pid <= 0) {
			return -1;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + this.pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state); utime is field 14, stime field 15
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * CPU time the server process's JIT compiler threads used so far, or -1 without a PID
	 * or {@code /proc}. See {@link #compilerCpuSeconds(long)}.
	 * @return seconds
	 */
	public double compilerCpuSeconds() {
		return compilerCpuSeconds(this.pid);
	}

	/**
	 * CPU time (user + system) the HotSpot compiler threads ({@code C1 CompilerThread*},
	 * {@code C2 CompilerThread*}) of a process used so far, from
	 * {@code /proc/<pid>/task/<tid>/stat}. Unlike the JIT's own compilation time (the
	 * elapsed time of finished compilations), it does not stay flat while the compilers
	 * wait for a CPU that busy application threads hold, and does not count a compilation
	 * that waited as long as it waited. A compiler thread that ended since (HotSpot
	 * starts and stops them as its queue grows and shrinks) drops out of the sum, so a
	 * difference can come out lower than the true figure, never higher than what the
	 * remaining threads used.
	 * @param pid the process
	 * @return seconds, or -1 without a PID, {@code /proc} or such threads (a JVM with
	 * another compiler, or none)
	 */
	public static double compilerCpuSeconds(long pid) {
		if (pid <= 0) {
			return -1;
		}
		long ticks = 0;
		int compilers = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
			for (Path task : tasks) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // the thread ended meanwhile
				}
				int open = stat.indexOf('(');
				int close = stat.lastIndexOf(')');
				String name = stat.substring(open + 1, close);
				if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
					String[] fields = stat.substring(close + 2).split(" ");
					ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					compilers++;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		return (compilers > 0) ? ticks / CLOCK_TICKS : -1;
	}

	/**
	 * Resident set size of the server process, or -1 without a PID.
	 * @return bytes
	 */
	public long rssBytes() {
		if (this.pid <= 0) {
			return -1;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		return -1;
	}

}
