package dev.wse.bench.load;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the compiler threads' CPU time of a real process (this test's JVM) from
 * {@code /proc}.
 *
 * @author WSE team
 */
class TargetTests {

	@Test
	void compilerCpuOfThisJvmIsReadAndGrowsWhileNewCodeIsCompiled() throws Exception {
		long pid = ProcessHandle.current().pid();
		double before = Target.compilerCpuSeconds(pid);
		assertThat(before).isGreaterThanOrEqualTo(0);
		// run a hot method the JIT has not compiled yet until the compilers' CPU time
		// (in 10 ms ticks) moves
		long sink = 0;
		long deadline = System.nanoTime() + 2_000_000_000L;
		while (Target.compilerCpuSeconds(pid) <= before && System.nanoTime() < deadline) {
			sink += work(ThreadLocalRandom.current().nextInt(1000));
		}
		assertThat(Target.compilerCpuSeconds(pid)).as("sink %d", sink).isGreaterThan(before);
		assertThat(Target.compilerCpuSeconds(-1)).isEqualTo(-1);
		assertThat(Target.compilerCpuSeconds(Long.MAX_VALUE)).isEqualTo(-1);
	}

	private static long work(int n) {
		long h = n;
		for (int i = 0; i < 10_000; i++) {
			h = h * 31 + (i ^ (h >>> 7));
		}
		return h;
	}

}
