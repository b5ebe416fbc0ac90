package dev.wse.bench.jmh;

import java.util.concurrent.TimeUnit;

import dev.wse.engine.connection.TokenBucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-connection rate limiter, {@link TokenBucket#tryAcquire(long)}, with the clock
 * read each time as the engine does: a bucket refilled faster than it is drained (every
 * call granted) and an empty one (every call refused, as for a flooding client).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TokenBucketBenchmark {

	private TokenBucket granting = new TokenBucket(1, 1);

	private TokenBucket refusing = new TokenBucket(1, 1);

	/**
	 * Create a bucket refilled at a billion tokens a second and a one-token bucket
	 * refilled at one token a second, emptied here.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.granting = new TokenBucket(1_000, 1_000_000_000);
		this.refusing = new TokenBucket(1, 1);
		this.refusing.tryAcquire(System.nanoTime());
	}

	/**
	 * Take a token from a bucket that always has one.
	 * @return whether it was granted ({@code true})
	 */
	@Benchmark
	public boolean tryAcquireGranted() {
		return this.granting.tryAcquire(System.nanoTime());
	}

	/**
	 * Try a bucket that is empty.
	 * @return whether it was granted (almost always {@code false})
	 */
	@Benchmark
	public boolean tryAcquireRefused() {
		return this.refusing.tryAcquire(System.nanoTime());
	}

}
