package dev.wse.engine.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.engine.transport.TransportSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one connection in order on a shared pool, with a bounded queue. At
 * most a few tasks run per turn so that one busy connection does not starve the others.
 * <p>
 * Back-pressure: when the queue holds {@code capacity} tasks, the transport stops reading
 * from the peer ({@link TransportSession#pauseReading()}), and it reads again once the
 * queue is down to a quarter. The Netty and Tomcat transports stop delivering at once
 * (what they have read waits in them); a few tasks more, up to {@link #READ_AHEAD_LIMIT}
 * times the capacity, are still queued for a transport that stops a little later. Beyond
 * that, and beyond the capacity on a transport that cannot stop reading, {@link #execute}
 * refuses.
 */
final class SerialExecutor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private static final int TASKS_PER_TURN = 16;

	/**
	 * How many times the capacity may be queued while reading is paused: what a transport
	 * delivers after it was asked to stop.
	 */
	static final int READ_AHEAD_LIMIT = 2;

	private final Executor pool;

	private final int capacity;

	private final TransportSession transport;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	/** Whether reading is paused, or a pause is being decided (under the lock). */
	private volatile boolean paused;

	SerialExecutor(Executor pool, int capacity, TransportSession transport) {
		this.pool = pool;
		this.capacity = capacity;
		this.transport = transport;
	}

	/**
	 * Queue a task.
	 * @param task the task
	 * @param force queue even when full (lifecycle events must not be lost)
	 * @return {@code false} if the queue is full
	 */
	boolean execute(Runnable task, boolean force) {
		int queued = this.size.incrementAndGet();
		if (queued > this.capacity && !force && (!this.paused || queued > this.capacity * READ_AHEAD_LIMIT)) {
			this.size.decrementAndGet();
			return false;
		}
		this.tasks.add(task);
		schedule();
		if (queued >= this.capacity && !this.paused) {
			adjustReading();
		}
		return true;
	}

	/**
	 * Run a task on the calling thread if no task of this connection is queued or
	 * running, in which case it takes the turn (tasks queued meanwhile run after it, in
	 * order); otherwise queue it.
	 * @param task the task
	 * @return {@code false} if it had to be queued and the queue is full
	 */
	boolean runOrExecute(Runnable task) {
		if (this.size.get() == 0 && this.scheduled.compareAndSet(false, true)) {
			if (this.tasks.isEmpty()) {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Unexpected failure in a connection task", ex);
				}
				finally {
					this.scheduled.set(false);
					if (!this.tasks.isEmpty()) {
						schedule();
					}
				}
				return true;
			}
			this.scheduled.set(false);
			if (!this.tasks.isEmpty()) {
				schedule();
			}
		}
		return execute(task, false);
	}

	/**
	 * Return whether reading from the peer is paused.
	 * @return {@code true} if paused
	 */
	boolean isReadingPaused() {
		return this.paused;
	}

	/**
	 * Pause reading when the queue is full, resume it when the queue is down to a
	 * quarter. {@code paused} is set before the size is read, so a task finishing
	 * concurrently either is counted here or sees {@code paused} and comes here after.
	 */
	private synchronized void adjustReading() {
		if (!this.paused) {
			this.paused = true;
			if (this.size.get() < this.capacity || !this.transport.pauseReading()) {
				this.paused = false;
			}
		}
		else if (this.size.get() <= this.capacity / 4) {
			this.paused = false;
			this.transport.resumeReading();
		}
	}

	private void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.pool.execute(this::runTurn);
			}
			catch (RejectedExecutionException ex) {
				this.scheduled.set(false);
				logger.debug("Handler pool is shut down; dropping {} queued tasks", this.size.get());
			}
		}
	}

	private void runTurn() {
		try {
			for (int i = 0; i < TASKS_PER_TURN; i++) {
				Runnable task = this.tasks.poll();
				if (task == null) {
					break;
				}
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Unexpected failure in a connection task", ex);
				}
				finally {
					this.size.decrementAndGet();
					if (this.paused) {
						adjustReading();
					}
				}
			}
		}
		finally {
			this.scheduled.set(false);
			if (!this.tasks.isEmpty()) {
				schedule();
			}
		}
	}

}
