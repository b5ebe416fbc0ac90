package dev.wse.engine.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.engine.transport.WriteCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SerialExecutor}: order, back-pressure on the transport (pause when full, resume
 * at a quarter) and the turn a non-blocking task takes on the calling thread.
 */
class SerialExecutorTests {

	private static final int CAPACITY = 8;

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final ReadingTransport transport = new ReadingTransport(true);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void fullQueuePausesReadingAndAQuarterResumesIt() throws Exception {
		SerialExecutor executor = new SerialExecutor(this.pool, CAPACITY, this.transport);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
		assertThat(executor.execute(() -> await(release), false)).isTrue();
		for (int i = 1; i < CAPACITY - 1; i++) {
			int n = i;
			assertThat(executor.execute(() -> ran.add(n), false)).isTrue();
		}
		assertThat(this.transport.pauses).hasValue(0);
		assertThat(executor.execute(() -> ran.add(CAPACITY - 1), false)).isTrue();
		assertThat(this.transport.pauses).hasValue(1);
		assertThat(executor.isReadingPaused()).isTrue();
		// what the transport delivers after the pause is still queued, up to the limit
		int extra = CAPACITY * (SerialExecutor.READ_AHEAD_LIMIT - 1);
		for (int i = 0; i < extra; i++) {
			int n = CAPACITY + i;
			assertThat(executor.execute(() -> ran.add(n), false)).isTrue();
		}
		assertThat(executor.execute(() -> ran.add(-1), false)).isFalse();
		release.countDown();
		awaitCondition(() -> ran.size() == CAPACITY - 1 + extra);
		assertThat(ran).isSorted().doesNotContain(-1);
		awaitCondition(() -> this.transport.resumes.get() == 1);
		assertThat(this.transport.pauses).hasValue(1);
		assertThat(executor.isReadingPaused()).isFalse();
	}

	@Test
	void transportThatCannotPauseGetsRefusalsBeyondTheCapacity() throws Exception {
		ReadingTransport fixed = new ReadingTransport(false);
		SerialExecutor executor = new SerialExecutor(this.pool, CAPACITY, fixed);
		CountDownLatch release = new CountDownLatch(1);
		assertThat(executor.execute(() -> await(release), false)).isTrue();
		for (int i = 1; i < CAPACITY; i++) {
			assertThat(executor.execute(() -> {
			}, false)).isTrue();
		}
		assertThat(executor.execute(() -> {
		}, false)).isFalse();
		assertThat(executor.execute(() -> {
		}, true)).as("forced tasks are never refused").isTrue();
		assertThat(executor.isReadingPaused()).isFalse();
		release.countDown();
		assertThat(fixed.resumes).hasValue(0);
	}

	@Test
	void pauseAndResumeBalanceUnderConcurrentLoad() throws Exception {
		SerialExecutor executor = new SerialExecutor(this.pool, CAPACITY, this.transport);
		AtomicInteger done = new AtomicInteger();
		int accepted = 0;
		for (int i = 0; i < 20_000; i++) {
			if (executor.execute(done::incrementAndGet, false)) {
				accepted++;
			}
			if (executor.isReadingPaused()) {
				// a paused transport delivers nothing more until it is resumed
				awaitCondition(() -> !executor.isReadingPaused());
			}
		}
		int expected = accepted;
		awaitCondition(() -> done.get() == expected);
		assertThat(accepted).isEqualTo(20_000);
		awaitCondition(() -> this.transport.pauses.get() == this.transport.resumes.get());
		assertThat(this.transport.pauses.get()).isPositive();
		assertThat(executor.isReadingPaused()).isFalse();
	}

	@Test
	void taskRunsOnTheCallingThreadWhenNothingIsQueued() {
		SerialExecutor executor = new SerialExecutor(this.pool, CAPACITY, this.transport);
		Thread[] ranOn = new Thread[1];
		assertThat(executor.runOrExecute(() -> ranOn[0] = Thread.currentThread())).isTrue();
		assertThat(ranOn[0]).isSameAs(Thread.currentThread());
	}

	@Test
	void taskIsQueuedBehindARunningTaskAndOrderHolds() throws Exception {
		SerialExecutor executor = new SerialExecutor(this.pool, CAPACITY, this.transport);
		CountDownLatch release = new CountDownLatch(1);
		List<String> ran = Collections.synchronizedList(new ArrayList<>());
		executor.execute(() -> {
			await(release);
			ran.add("queued");
		}, false);
		Thread caller = Thread.currentThread();
		Thread[] ranOn = new Thread[1];
		assertThat(executor.runOrExecute(() -> {
			ranOn[0] = Thread.currentThread();
			ran.add("inline");
		})).isTrue();
		assertThat(ran).isEmpty();
		release.countDown();
		awaitCondition(() -> ran.size() == 2);
		assertThat(ran).containsExactly("queued", "inline");
		assertThat(ranOn[0]).isNotSameAs(caller);
	}

	@Test
	void taskQueuedWhileAnInlineTaskRunsWaitsForIt() throws Exception {
		SerialExecutor executor = new SerialExecutor(this.pool, CAPACITY, this.transport);
		List<String> ran = Collections.synchronizedList(new ArrayList<>());
		executor.runOrExecute(() -> {
			// queued by another thread meanwhile (a disconnect listener, say)
			executor.execute(() -> ran.add("listener"), true);
			sleep(100);
			ran.add("inline");
		});
		awaitCondition(() -> ran.size() == 2);
		assertThat(ran).containsExactly("inline", "listener");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
			Thread.sleep(1);
		}
	}

	/** Counts pauses and resumes; can or cannot pause. */
	static final class ReadingTransport implements TransportSession {

		final AtomicInteger pauses = new AtomicInteger();

		final AtomicInteger resumes = new AtomicInteger();

		private final boolean canPause;

		ReadingTransport(boolean canPause) {
			this.canPause = canPause;
		}

		@Override
		public boolean pauseReading() {
			if (!this.canPause) {
				return false;
			}
			this.pauses.incrementAndGet();
			return true;
		}

		@Override
		public void resumeReading() {
			this.resumes.incrementAndGet();
		}

		@Override
		public void write(List<OutboundFrame> frames, WriteCallback callback) {
			callback.completed(null);
		}

		@Override
		public void close(int code, String reason) {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

	}

}
