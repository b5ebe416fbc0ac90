package dev.wse.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Records a real JVM (this test's) with {@code jcmd}, as {@code --jfr} records a peer.
 *
 * @author WSE team
 */
class FlightRecordingsTests {

	private static final Target SELF = new Target("self", Dialect.RAW, 0, "/", 0, ProcessHandle.current().pid());

	private static volatile long sink;

	@Test
	void onlyTheWindowIsWrittenWithJavaStacksSampledEveryMillisecond(@TempDir Path directory) throws Exception {
		FlightRecordings recordings = new FlightRecordings(directory);
		try (FlightRecordings.Session session = recordings.start(SELF)) {
			assertThat(running()).containsExactly(FlightRecordings.WARMUP);
			try (FlightRecordings.Window window = session.window("busy")) {
				assertThat(running()).containsExactly(FlightRecordings.WINDOW);
				sink = spin(1_500);
			}
			assertThat(running()).isEmpty();
		}
		assertThat(running()).isEmpty();
		List<Path> files;
		try (Stream<Path> listed = Files.list(directory)) {
			files = listed.toList();
		}
		assertThat(files).singleElement()
			.satisfies((file) -> assertThat(file.getFileName().toString()).startsWith("self-busy-").endsWith(".jfr"));
		Path file = files.get(0);
		List<RecordedEvent> events = RecordingFile.readAllEvents(file);
		List<RecordedEvent> samples = events.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.ExecutionSample"))
			.toList();
		assertThat(samples).anySatisfy((sample) -> assertThat(sample.getStackTrace().getFrames())
			.extracting((RecordedFrame frame) -> frame.getMethod().getName())
			.contains("spin"));
		long executionSample;
		try (RecordingFile recording = new RecordingFile(file)) {
			executionSample = recording.readEventTypes()
				.stream()
				.filter((type) -> type.getName().equals("jdk.ExecutionSample"))
				.mapToLong(EventType::getId)
				.findFirst()
				.orElseThrow();
		}
		assertThat(events)
			.filteredOn((event) -> event.getEventType().getName().equals("jdk.ActiveSetting")
					&& event.getLong("id") == executionSample && event.getString("name").equals("period"))
			.extracting((event) -> event.getString("value"))
			.contains("1 ms");
	}

	@Test
	void aScenarioThatEndsBeforeItsWindowStopsTheWarmupRecording(@TempDir Path directory) throws Exception {
		FlightRecordings recordings = new FlightRecordings(directory);
		try (FlightRecordings.Session session = recordings.start(SELF)) {
			assertThat(running()).containsExactly(FlightRecordings.WARMUP);
		}
		assertThat(running()).isEmpty();
		try (Stream<Path> listed = Files.list(directory)) {
			assertThat(listed).isEmpty();
		}
	}

	@Test
	void aCommandTheJvmRefusesIsAnErrorThoughJcmdExitsZero(@TempDir Path directory) {
		FlightRecordings recordings = new FlightRecordings(directory);
		assertThatIOException()
			.isThrownBy(() -> recordings.jcmd(SELF, "Stopped recording", "JFR.stop", "name=no-such-recording"))
			.withMessageContaining("JFR.stop");
		assertThatIOException()
			.isThrownBy(
					() -> recordings.jcmd(SELF, "Started recording", "JFR.start", "name=x", "method-profiling=fastest"))
			.withMessageContaining("fastest");
		// exits 0 and prints the version, not what a recording command prints
		assertThatIOException().isThrownBy(() -> recordings.jcmd(SELF, "Started recording", "VM.version"))
			.withMessageContaining(System.getProperty("java.vm.version"));
		assertThat(running()).isEmpty();
	}

	@Test
	void aProcessJcmdCannotReachIsAnError(@TempDir Path directory) {
		FlightRecordings recordings = new FlightRecordings(directory);
		Target gone = new Target("gone", Dialect.RAW, 0, "/", 0, Integer.MAX_VALUE);
		assertThatIOException().isThrownBy(() -> recordings.start(gone)).withMessageContaining("JFR.start");
	}

	@Test
	void withoutADirectoryNothingIsRecorded() throws IOException {
		FlightRecordings recordings = new FlightRecordings(null);
		// no jcmd is started, so even a process that does not exist is fine
		Target gone = new Target("gone", Dialect.RAW, 0, "/", 0, Integer.MAX_VALUE);
		try (FlightRecordings.Session session = recordings.start(gone)) {
			session.window("connect").close();
		}
	}

	@Test
	void aDirectoryJcmdWouldSplitIsRefused(@TempDir Path directory) {
		assertThatIllegalArgumentException().isThrownBy(() -> new FlightRecordings(directory.resolve("a b")));
		assertThatIllegalArgumentException().isThrownBy(() -> new FlightRecordings(directory.resolve("a,b")));
	}

	private static List<String> running() {
		return FlightRecorder.getFlightRecorder()
			.getRecordings()
			.stream()
			.filter((recording) -> recording.getState() == RecordingState.RUNNING)
			.map(Recording::getName)
			.toList();
	}

	private static long spin(long millis) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		long sum = 1;
		while (System.nanoTime() < deadline) {
			for (int i = 0; i < 10_000; i++) {
				sum = sum * 31 + i;
			}
		}
		return sum;
	}

}
