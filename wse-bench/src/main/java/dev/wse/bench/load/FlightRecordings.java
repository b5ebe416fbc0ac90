package dev.wse.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Records a peer with JDK Flight Recorder over the measured window of a scenario, to find
 * where the time of a missed target goes ({@code --jfr=<directory>}). Driven from the
 * generator with {@code jcmd}, so every peer is recorded the same way and no peer needs
 * options of its own.
 * <p>
 * A {@link Session} starts a recording for the warm-up that is thrown away: it takes
 * JFR's own start-up (its classes, threads and first compilations) out of the window. The
 * window's recording uses the JDK's {@code profile} settings with Java stacks sampled
 * every millisecond ({@code method-profiling=max}) and is written to
 * {@code <directory>/<peer>-<scenario>-<time>.jfr}. Sampling costs the peer CPU, so the
 * figures of a recorded run are for reading beside the profile, not for the results
 * table. Where no directory is given, nothing is recorded and no {@code jcmd} is started.
 *
 * @author WSE team
 */
public final class FlightRecordings {

	static final String WARMUP = "wse-bench-warmup";

	static final String WINDOW = "wse-bench-window";

	private static final String STARTED = "Started recording";

	private static final String STOPPED = "Stopped recording";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private final @Nullable Path directory;

	private final String jcmd;

	/**
	 * Create recordings into a directory.
	 * @param directory where the recordings go, or {@code null} not to record
	 * @throws IllegalArgumentException if the directory's path has a space or a comma
	 * ({@code jcmd} would split its {@code filename=} there)
	 */
	public FlightRecordings(@Nullable Path directory) {
		if (directory != null && directory.toAbsolutePath().toString().matches(".*[\\s,].*")) {
			throw new IllegalArgumentException("A --jfr directory with a space or a comma in its path cannot be "
					+ "passed to jcmd: " + directory.toAbsolutePath());
		}
		this.directory = (directory != null) ? directory.toAbsolutePath() : null;
		this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
	}

	/**
	 * Start recording a peer's warm-up (thrown away).
	 * @param target the peer
	 * @return the session, to close when the scenario ends
	 * @throws IOException if {@code jcmd} fails
	 */
	Session start(Target target) throws IOException {
		if (this.directory == null) {
			return new Session(target, null);
		}
		jcmd(target, STARTED, "JFR.start", "name=" + WARMUP, "settings=profile");
		return new Session(target, this.directory);
	}

	/**
	 * Run {@code jcmd} on a peer and check what it printed: the JVM reports a failed
	 * diagnostic command in its output, and {@code jcmd} still exits 0.
	 * @param target the peer
	 * @param expected what the output holds when the command worked
	 * @param command the command and its arguments
	 * @throws IOException if {@code jcmd} fails or its output lacks {@code expected}
	 */
	void jcmd(Target target, String expected, String... command) throws IOException {
		List<String> line = new ArrayList<>(List.of(this.jcmd, Long.toString(target.pid())));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output;
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", line) + " did not finish within 60 s");
			}
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("Interrupted while waiting for " + String.join(" ", line), ex);
		}
		if (process.exitValue() != 0 || !output.contains(expected)) {
			throw new IOException(String.join(" ", line) + " failed: " + output.strip());
		}
	}

	/**
	 * The recordings of one scenario on one peer: the warm-up's until
	 * {@link #window(String)}, then the window's.
	 */
	final class Session implements AutoCloseable {

		private final Target target;

		private final @Nullable Path directory;

		private boolean warmingUp;

		Session(Target target, @Nullable Path directory) {
			this.target = target;
			this.directory = directory;
			this.warmingUp = directory != null;
		}

		/**
		 * Start the window's recording, then stop the warm-up's (so the recorder keeps
		 * running in between).
		 * @param scenario the scenario, for the file name
		 * @return the window, to close when it ends
		 * @throws IOException if {@code jcmd} fails
		 */
		Window window(String scenario) throws IOException {
			Path dir = this.directory;
			if (dir == null) {
				return () -> {
				};
			}
			Files.createDirectories(dir);
			Path file = dir
				.resolve(this.target.name() + "-" + scenario + "-" + LocalDateTime.now().format(TIME) + ".jfr");
			jcmd(this.target, STARTED, "JFR.start", "name=" + WINDOW, "settings=profile", "method-profiling=max");
			try {
				stopWarmup();
			}
			catch (IOException ex) {
				stopAfter(ex, WINDOW);
				throw ex;
			}
			return () -> {
				try {
					jcmd(this.target, STOPPED, "JFR.stop", "name=" + WINDOW, "filename=" + file);
				}
				catch (IOException ex) {
					// not written (say, the directory is not writable): still stop it, or
					// it samples every millisecond through the scenarios that follow
					stopAfter(ex, WINDOW);
					throw ex;
				}
				if (!Files.isRegularFile(file)) {
					throw new IOException("jcmd stopped the recording but wrote no " + file);
				}
			};
		}

		private void stopWarmup() throws IOException {
			if (this.warmingUp) {
				jcmd(this.target, STOPPED, "JFR.stop", "name=" + WARMUP);
				this.warmingUp = false;
			}
		}

		/**
		 * Stop a recording without writing it, after another failure, which keeps the
		 * lead: a failure to stop is added to it.
		 */
		private void stopAfter(IOException failure, String name) {
			try {
				jcmd(this.target, STOPPED, "JFR.stop", "name=" + name);
			}
			catch (IOException ex) {
				failure.addSuppressed(ex);
			}
		}

		/**
		 * Stop the warm-up's recording if the scenario ended before its window, so that
		 * it does not go on sampling through the scenarios that follow.
		 * @throws IOException if {@code jcmd} fails
		 */
		@Override
		public void close() throws IOException {
			stopWarmup();
		}

	}

	/**
	 * A measured window being recorded.
	 */
	@FunctionalInterface
	interface Window extends AutoCloseable {

		/**
		 * Stop the recording and write it.
		 * @throws IOException if {@code jcmd} fails
		 */
		@Override
		void close() throws IOException;

	}

}
