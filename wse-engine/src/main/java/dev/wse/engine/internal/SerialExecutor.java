package dev.wse.engine.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one connection in order on a shared pool, with a bounded queue. At
 * most a few tasks run per turn so that one busy connection does not starve the others.
 */
final class SerialExecutor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private static final int TASKS_PER_TURN = 16;

	private final Executor pool;

	private final int capacity;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	SerialExecutor(Executor pool, int capacity) {
		this.pool = pool;
		this.capacity = capacity;
	}

	/**
	 * Queue a task.
	 * @param task the task
	 * @param force queue even when full (lifecycle events must not be lost)
	 * @return {@code false} if the queue is full
	 */
	boolean execute(Runnable task, boolean force) {
		if (this.size.incrementAndGet() > this.capacity && !force) {
			this.size.decrementAndGet();
			return false;
		}
		this.tasks.add(task);
		schedule();
		return true;
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
				this.size.decrementAndGet();
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Unexpected failure in a connection task", ex);
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
