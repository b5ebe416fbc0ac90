package dev.wse.protocol.codec;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-based test runner: generates inputs from a seeded {@link Random},
 * checks a property on each, and on the first failure shrinks the input and fails with
 * the seed, the try and both inputs.
 * <p>
 * Runs are deterministic: try {@code i} draws from {@code new Random(mix(seed, i))}, so a
 * failure reproduces with the same seed whatever the number of tries. Two system
 * properties widen a run outside CI: {@code wse.fuzz.seed} replaces every property's seed
 * and {@code wse.fuzz.scale} multiplies every property's number of tries (for example
 * {@code -Dwse.fuzz.scale=20} for a long local run).
 *
 * @param <T> the input type
 */
final class PropertyCheck<T> {

	/** The longest a single try may take before the run counts it as a hang. */
	static final Duration MAX_TRY_DURATION = Duration.ofSeconds(5);

	private static final int MAX_SHRINK_STEPS = 2_000;

	private final Function<Random, T> generator;

	private Function<T, String> describer = String::valueOf;

	private Function<T, List<T>> shrinker = (value) -> List.of();

	private int tries = 1_000;

	private long seed = 42;

	private PropertyCheck(Function<Random, T> generator) {
		this.generator = generator;
	}

	/**
	 * Start a check over the inputs a generator draws.
	 */
	static <T> PropertyCheck<T> forAll(Function<Random, T> generator) {
		return new PropertyCheck<>(generator);
	}

	/**
	 * Describe inputs in failure reports (default {@link String#valueOf}).
	 */
	PropertyCheck<T> describedBy(Function<T, String> describer) {
		this.describer = describer;
		return this;
	}

	/**
	 * Shrink a failing input: the candidates, simplest first, tried in order.
	 */
	PropertyCheck<T> shrinkingWith(Function<T, List<T>> shrinker) {
		this.shrinker = shrinker;
		return this;
	}

	PropertyCheck<T> tries(int tries) {
		this.tries = tries;
		return this;
	}

	PropertyCheck<T> seed(long seed) {
		this.seed = seed;
		return this;
	}

	/**
	 * Check the property on every generated input.
	 * @param property throws (an {@link AssertionError} or anything else) when the
	 * property does not hold
	 * @throws AssertionError on the first input that fails or takes longer than
	 * {@link #MAX_TRY_DURATION}, after shrinking it
	 */
	void check(Consumer<T> property) {
		long seed = Long.getLong("wse.fuzz.seed", this.seed);
		int tries = (int) Math.min(Integer.MAX_VALUE, (long) this.tries * Integer.getInteger("wse.fuzz.scale", 1));
		for (int i = 0; i < tries; i++) {
			T input = this.generator.apply(new Random(mix(seed, i)));
			Throwable failure = failure(property, input);
			if (failure != null) {
				throw report(property, input, failure, seed, i);
			}
		}
	}

	private static long mix(long seed, int index) {
		long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	private static <T> Throwable failure(Consumer<T> property, T input) {
		long start = System.nanoTime();
		try {
			property.accept(input);
		}
		catch (Throwable ex) {
			return ex;
		}
		long elapsed = System.nanoTime() - start;
		if (elapsed > MAX_TRY_DURATION.toNanos()) {
			return new AssertionError("Took " + elapsed / 1_000_000 + " ms, longer than " + MAX_TRY_DURATION);
		}
		return null;
	}

	private AssertionError report(Consumer<T> property, T input, Throwable failure, long seed, int index) {
		T smallest = input;
		Throwable smallestFailure = failure;
		int steps = 0;
		boolean shrunk = true;
		while (shrunk && steps < MAX_SHRINK_STEPS) {
			shrunk = false;
			for (T candidate : this.shrinker.apply(smallest)) {
				if (++steps > MAX_SHRINK_STEPS) {
					break;
				}
				Throwable candidateFailure = failure(property, candidate);
				if (candidateFailure != null) {
					smallest = candidate;
					smallestFailure = candidateFailure;
					shrunk = true;
					break;
				}
			}
		}
		AssertionError error = new AssertionError("Property failed (seed " + seed + ", try " + index
				+ ", rerun with -Dwse.fuzz.seed=" + seed + ")\n  input:  " + this.describer.apply(input)
				+ "\n  shrunk: " + this.describer.apply(smallest) + "\n  failure: " + smallestFailure, smallestFailure);
		if (smallestFailure != failure) {
			error.addSuppressed(failure);
		}
		return error;
	}

}
