package dev.wse.spring.servlet;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

	private final ScheduledThreadPoolExecutor executor;

	private final ThreadPoolExecutor writers;

	private final ThreadLocal<Boolean> writerThread = new ThreadLocal<>();

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
						this.writerThread.set(Boolean.TRUE);
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
		this.writers.execute(task);
	}

	/**
	 * Return whether the calling thread is a writer thread.
	 * @return {@code true} on a writer thread
	 */
	boolean isWriterThread() {
		return this.writerThread.get() != null;
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
