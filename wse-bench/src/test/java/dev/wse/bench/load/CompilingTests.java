package dev.wse.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link Scenarios.Compiling}, the reading that decides when a warm-up round
 * counts as settled, and {@link Scenarios.Plateau}, which ends the {@code inbound}
 * warm-up.
 *
 * @author WSE team
 */
class CompilingTests {

	private static final double ROUND_MILLIS = 2000;

	@Test
	void peerCompilerCpuIsComparedWithTheShareOfTheRound() {
		Scenarios.Compiling before = new Scenarios.Compiling(1.000, 500, 2.0, 900);
		// 60 ms of the peer's compiler CPU in a 2 s round: 3 %
		Scenarios.Compiling after = new Scenarios.Compiling(1.060, 500, 2.0, 900);
		assertThat(after.peerMillisSince(before)).isCloseTo(60, within(1e-6));
		assertThat(after.settledSince(before, ROUND_MILLIS)).isTrue();
		assertThat(after.settledSince(before, ROUND_MILLIS, Scenarios.INBOUND_JIT_SETTLED)).isFalse();
		Scenarios.Compiling quiet = new Scenarios.Compiling(1.030, 500, 2.0, 900);
		assertThat(quiet.settledSince(before, ROUND_MILLIS, Scenarios.INBOUND_JIT_SETTLED)).isTrue();
	}

	@Test
	void theInboundWarmupEndsAfterTwoFlatRoundsInARowWithTheCompilersSettled() {
		Scenarios.Plateau plateau = new Scenarios.Plateau();
		// the first round always improves on nothing
		assertThat(plateau.reached(1_000_000, true)).isFalse();
		assertThat(plateau.reached(1_020_000, true)).isFalse();
		// a flat round while the compilers are still busy starts the count again
		assertThat(plateau.reached(1_030_000, false)).isFalse();
		assertThat(plateau.reached(1_000_000, true)).isFalse();
		assertThat(plateau.reached(1_040_000, true)).isTrue();
	}

	@Test
	void aRoundMoreThanFivePercentAboveTheBestStartsTheCountAgain() {
		Scenarios.Plateau plateau = new Scenarios.Plateau();
		plateau.reached(1_000_000, true);
		assertThat(plateau.reached(1_000_000, true)).isFalse();
		// the rate jumped (a compilation finished): not the steady state yet
		assertThat(plateau.reached(1_900_000, true)).isFalse();
		assertThat(plateau.reached(1_950_000, true)).isFalse();
		assertThat(plateau.reached(1_900_000, true)).isTrue();
	}

	@Test
	void theGeneratorsCompilerCountsToo() {
		Scenarios.Compiling before = new Scenarios.Compiling(1.0, 500, 2.0, 900);
		Scenarios.Compiling after = new Scenarios.Compiling(1.0, 500, 2.2, 900);
		assertThat(after.settledSince(before, ROUND_MILLIS)).isFalse();
	}

	@Test
	void aDroppedCpuFigureFallsBackToCompilationTimeAndUnknownCountsAsSettled() {
		// a compiler thread ended: its CPU left the sum, so the JIT's own time decides
		Scenarios.Compiling before = new Scenarios.Compiling(1.0, 500, -1, -1);
		Scenarios.Compiling after = new Scenarios.Compiling(0.5, 700, -1, -1);
		assertThat(after.peerMillisSince(before)).isEqualTo(200);
		assertThat(after.settledSince(before, ROUND_MILLIS)).isFalse();
		Scenarios.Compiling unknown = new Scenarios.Compiling(-1, -1, -1, -1);
		assertThat(unknown.peerKnown()).isFalse();
		assertThat(unknown.settledSince(unknown, ROUND_MILLIS, Scenarios.INBOUND_JIT_SETTLED)).isTrue();
	}

}
