package dev.wse.bench.jmh;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the annotation processor generated every benchmark and that the JMH runner
 * runs them: in process (no fork), without warmup and with one very short iteration, for
 * the smallest parameters, so each benchmark's setup (which checks its own preconditions:
 * round trips, an accepted token, a publication that reaches every subscriber) and body
 * run once.
 */
class JmhBenchmarksTests {

	@Test
	void generatedBenchmarkListHoldsEveryBenchmark() {
		Set<String> names = BenchmarkList.defaultList()
			.getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())
			.stream()
			.map(BenchmarkListEntry::getUsername)
			.map((name) -> name.substring("dev.wse.bench.jmh.".length()))
			.collect(Collectors.toSet());
		assertThat(names).containsExactlyInAnyOrder("FrameCodecBenchmark.encodeJsonText",
				"FrameCodecBenchmark.encodeZlib", "FrameCodecBenchmark.encodeMsgpack",
				"FrameCodecBenchmark.encodeAesGcm", "FrameCodecBenchmark.decodeJsonText",
				"FrameCodecBenchmark.decodeJsonBytes", "FrameCodecBenchmark.decodeClientMessage",
				"FrameCodecBenchmark.decodeZlib", "FrameCodecBenchmark.decodeMsgpack",
				"FrameCodecBenchmark.decodeAesGcm", "TopicMatchingBenchmark.exactLookup",
				"TopicMatchingBenchmark.patternScan", "TopicMatchingBenchmark.globMatch",
				"TopicMatchingBenchmark.globMismatch", "TopicMatchingBenchmark.globPathological",
				"OutboxBenchmark.offerDrainInline", "OutboxBenchmark.offerBurstThenDrain",
				"OutboxBenchmark.offerWhenFull", "TokenBucketBenchmark.tryAcquireGranted",
				"TokenBucketBenchmark.tryAcquireRefused", "JwtVerificationBenchmark.nimbusDecode",
				"JwtVerificationBenchmark.authenticate", "FanoutBenchmark.publish");
	}

	@Test
	void runnerRunsEveryBenchmarkOnceInProcess() throws RunnerException {
		Options options = new OptionsBuilder().include("dev\\.wse\\.bench\\.jmh\\..*")
			.param("subscribers", "100")
			.param("size", "small")
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(20))
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		// 10 codec, 5 topic, 3 outbox, 2 bucket, 2 JWT and 1 fan-out benchmark
		assertThat(results).hasSize(10 + 5 + 3 + 2 + 2 + 1);
		assertThat(results).allSatisfy((result) -> assertThat(result.getPrimaryResult().getScore()).isPositive());
		RunResult fanout = results.stream()
			.filter((result) -> result.getParams().getBenchmark().endsWith("FanoutBenchmark.publish"))
			.findFirst()
			.orElseThrow();
		double publications = fanout.getPrimaryResult().getScore();
		double deliveries = fanout.getSecondaryResults().get("deliveries").getScore();
		assertThat(deliveries).isCloseTo(publications * 100, org.assertj.core.data.Percentage.withPercentage(1));
	}

}
