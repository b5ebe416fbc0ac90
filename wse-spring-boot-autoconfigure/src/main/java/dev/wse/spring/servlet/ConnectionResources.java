package dev.wse.spring.servlet;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
	}

}
