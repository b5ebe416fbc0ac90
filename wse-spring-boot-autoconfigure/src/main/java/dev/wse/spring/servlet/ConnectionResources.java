package dev.wse.spring.servlet;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * What the connections of one endpoint share: a few threads for close timeouts and for
 * reading on after a pause, and one read buffer per reading thread (so that an idle
 * connection holds none).
 *
 * @author WSE team
 */
final class ConnectionResources implements AutoCloseable {

	/** Size of a read buffer: the most one read takes from the container. */
	static final int READ_BUFFER_SIZE = 16 * 1024;

	/**
	 * Most batches a writer thread writes inline in one turn: a connection whose engine
	 * always has a next batch goes back to the end of the queue after these, so that the
	 * other connections get a writer too.
	 */
	static final int MAX_INLINE_BATCHES = 16;

	private final ScheduledThreadPoolExecutor executor;

	private final ThreadPoolExecutor writers;

	/** On a writer thread: the batches written inline in its current turn. */
	private final ThreadLocal<int @Nullable []> inlineBatches = new ThreadLocal<>();

	private final ThreadLocal<byte[]> readBuffers = ThreadLocal.withInitial(() -> new byte[READ_BUFFER_SIZE]);

	ConnectionResources() {
		AtomicInteger count = new AtomicInteger();
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		this.executor = new ScheduledThreadPoolExecutor(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "wse-servlet-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setKeepAliveTime(30, TimeUnit.SECONDS);
		this.executor.allowCoreThreadTimeOut(true);
		this.executor.setRemoveOnCancelPolicy(true);
		AtomicInteger writerCount = new AtomicInteger();
		this.writers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(() -> {
						this.inlineBatches.set(new int[1]);
						runnable.run();
					}, "wse-servlet-writer-" + writerCount.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.writers.allowCoreThreadTimeOut(true);
	}

	/**
	 * Run a write on a writer thread.
	 * @param task the write
	 */
	void write(Runnable task) {
		this.writers.execute(() -> {
			int[] batches = this.inlineBatches.get();
			if (batches != null) {
				// a new turn
				batches[0] = 0;
			}
			task.run();
		});
	}

	/**
	 * Return whether the calling thread may write a connection's next batch itself: a
	 * writer thread that has not written {@link #MAX_INLINE_BATCHES} inline in this turn
	 * (counting this one).
	 * @return {@code true} to write inline, {@code false} to hand the write to
	 * {@link #write(Runnable)}
	 */
	boolean mayWriteInline() {
		int[] batches = this.inlineBatches.get();
		return batches != null && ++batches[0] <= MAX_INLINE_BATCHES;
	}

	/**
	 * Run a task soon.
	 * @param task the task
	 */
	void execute(Runnable task) {
		this.executor.execute(task);
	}

	/**
	 * Run a task after a delay.
	 * @param task the task
	 * @param delayMillis the delay
	 * @return the scheduled task
	 */
	ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
		return this.executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the calling thread's read buffer. Valid until the thread's next read.
	 * @return the buffer
	 */
	byte[] readBuffer() {
		return this.readBuffers.get();
	}

	@Override
	public void close() {
		// Close timeouts of connections the container is ending anyway are dropped.
		this.executor.shutdownNow();
		this.writers.shutdown();
	}

}
