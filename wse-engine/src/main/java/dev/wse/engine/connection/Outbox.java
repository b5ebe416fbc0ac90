package dev.wse.engine.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import org.jspecify.annotations.Nullable;

/**
 * The bounded outbound queue of one connection: five priority lanes, bounded by messages
 * and bytes, with a single writer that drains up to a batch of frames per transport write
 * and starts the next write when the previous one completes.
 * <p>
 * When full, an offer first evicts queued frames of lower priority (oldest first), and
 * otherwise drops the offered frame; every drop is reported to the {@link Listener}. The
 * time since the outbox started overflowing is tracked so the owner can close a slow
 * consumer.
 * <p>
 * An optional {@link Encoder} turns each queued frame into the frame written, as the
 * writer takes it, in write order: shared frames stay shared in the queue, and a
 * connection that needs its own bytes (an encrypted one) gets them at write time.
 */
public final class Outbox {

	private static final int LANES = Priority.values().length;

	private final TransportSession session;

	private final int maxMessages;

	private final long maxBytes;

	private final int batchSize;

	private final Listener listener;

	private final @Nullable Encoder encoder;

	private final ArrayDeque<OutboundFrame> control = new ArrayDeque<>(2);

	@SuppressWarnings("unchecked")
	private final ArrayDeque<Node>[] lanes = new ArrayDeque[LANES];

	private @Nullable Node head;

	private @Nullable Node tail;

	private int count;

	private long bytes;

	private boolean writing;

	private boolean closed;

	private long overflowingSince;

	private @Nullable Runnable whenDrained;

	/**
	 * Create an outbox.
	 * @param session the transport session written to
	 * @param maxMessages maximum queued frames
	 * @param maxBytes maximum queued bytes
	 * @param batchSize maximum frames per transport write
	 * @param listener receives drop and write events
	 */
	public Outbox(TransportSession session, int maxMessages, long maxBytes, int batchSize, Listener listener) {
		this(session, maxMessages, maxBytes, batchSize, listener, null);
	}

	/**
	 * Create an outbox whose frames pass through an encoder as they are written.
	 * @param session the transport session written to
	 * @param maxMessages maximum queued frames
	 * @param maxBytes maximum queued bytes
	 * @param batchSize maximum frames per transport write
	 * @param listener receives drop and write events
	 * @param encoder turns each queued frame into the frame written, or {@code null} to
	 * write frames as queued
	 */
	public Outbox(TransportSession session, int maxMessages, long maxBytes, int batchSize, Listener listener,
			@Nullable Encoder encoder) {
		this.session = session;
		this.encoder = encoder;
		this.maxMessages = maxMessages;
		this.maxBytes = maxBytes;
		this.batchSize = batchSize;
		this.listener = listener;
		for (int i = 0; i < LANES; i++) {
			// small at first: an idle connection's lanes are empty; they grow on demand
			this.lanes[i] = new ArrayDeque<>(2);
		}
	}

	/**
	 * Queue a data frame (in offer order) and start writing if no write is in progress.
	 * @param frame the frame
	 * @param priority its lane, which decides what is dropped first when the outbox is
	 * full
	 * @return {@code true} if queued, {@code false} if dropped (full or closed)
	 */
	public boolean offer(OutboundFrame frame, Priority priority) {
		return enqueue(frame, priority.ordinal());
	}

	/**
	 * Queue a control frame, written before any queued data frame and dropped last.
	 * @param frame the frame
	 * @return {@code true} if queued, {@code false} if dropped (full or closed)
	 */
	public boolean offerControl(OutboundFrame frame) {
		return enqueue(frame, LANES);
	}

	private boolean enqueue(OutboundFrame frame, int lane) {
		boolean startWriter;
		int evicted = 0;
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			int size = frame.size();
			if (size > this.maxBytes) {
				// the frame's fault, not the reader's: dropped without counting as
				// overflow
				this.listener.dropped(1);
				return false;
			}
			while (!fits(size)) {
				if (!evictBelow(lane)) {
					markOverflow();
					this.listener.dropped(1);
					return false;
				}
				evicted++;
			}
			if (evicted > 0) {
				markOverflow();
			}
			if (lane == LANES) {
				this.control.addLast(frame);
			}
			else {
				Node node = new Node(frame, lane);
				link(node);
				this.lanes[lane].addLast(node);
			}
			this.count++;
			this.bytes += size;
			startWriter = !this.writing;
			if (startWriter) {
				this.writing = true;
			}
		}
		if (evicted > 0) {
			this.listener.dropped(evicted);
		}
		if (startWriter) {
			drain();
		}
		return true;
	}

	/**
	 * Run an action once every queued frame has been written (immediately if the outbox
	 * is idle and empty), then refuse further frames. Used for graceful closes.
	 * @param action the action
	 */
	public void closeWhenDrained(Runnable action) {
		boolean runNow;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			runNow = !this.writing && this.count == 0;
			if (!runNow) {
				this.whenDrained = action;
			}
		}
		if (runNow) {
			action.run();
		}
	}

	/**
	 * Discard every queued frame and refuse further frames.
	 * @return the number of discarded frames
	 */
	public int discard() {
		synchronized (this) {
			this.closed = true;
			this.whenDrained = null;
			int discarded = this.count;
			this.control.clear();
			for (ArrayDeque<Node> lane : this.lanes) {
				lane.clear();
			}
			this.head = null;
			this.tail = null;
			this.count = 0;
			this.bytes = 0;
			return discarded;
		}
	}

	/**
	 * Return for how long offers have been overflowing.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return nanoseconds since the outbox started overflowing, or 0 if it is not
	 */
	public synchronized long overflowingFor(long nowNanos) {
		return (this.overflowingSince == 0) ? 0 : Math.max(1, nowNanos - this.overflowingSince);
	}

	/**
	 * Return the number of queued frames.
	 * @return the count
	 */
	public synchronized int size() {
		return this.count;
	}

	/**
	 * Return the number of queued bytes.
	 * @return the byte count
	 */
	public synchronized long byteSize() {
		return this.bytes;
	}

	private boolean fits(int size) {
		return this.count + 1 <= this.maxMessages && this.bytes + size <= this.maxBytes;
	}

	private boolean evictBelow(int lane) {
		for (int i = 0; i < Math.min(lane, LANES); i++) {
			Node victim = this.lanes[i].pollFirst();
			if (victim != null) {
				unlink(victim);
				this.count--;
				this.bytes -= victim.frame.size();
				return true;
			}
		}
		return false;
	}

	private void link(Node node) {
		if (this.tail == null) {
			this.head = node;
		}
		else {
			this.tail.next = node;
			node.prev = this.tail;
		}
		this.tail = node;
	}

	private void unlink(Node node) {
		if (node.prev != null) {
			node.prev.next = node.next;
		}
		else {
			this.head = node.next;
		}
		if (node.next != null) {
			node.next.prev = node.prev;
		}
		else {
			this.tail = node.prev;
		}
		node.prev = null;
		node.next = null;
	}

	private void markOverflow() {
		if (this.overflowingSince == 0) {
			this.overflowingSince = System.nanoTime();
		}
	}

	private synchronized @Nullable List<OutboundFrame> takeBatch() {
		if (this.count == 0) {
			this.writing = false;
			return null;
		}
		List<OutboundFrame> batch = new ArrayList<>(Math.min(this.batchSize, this.count));
		while (!this.control.isEmpty() && batch.size() < this.batchSize) {
			OutboundFrame frame = this.control.pollFirst();
			this.count--;
			this.bytes -= frame.size();
			batch.add(frame);
		}
		while (this.head != null && batch.size() < this.batchSize) {
			Node node = this.head;
			unlink(node);
			this.lanes[node.lane].pollFirst();
			this.count--;
			this.bytes -= node.frame.size();
			batch.add(node.frame);
		}
		if (this.overflowingSince != 0 && (this.count <= this.maxMessages / 2 && this.bytes <= this.maxBytes / 2)) {
			this.overflowingSince = 0;
		}
		return batch;
	}

	/**
	 * Write batches until the queue is empty. A transport that completes writes inline
	 * makes this loop; one that completes later continues from its callback, so the stack
	 * never grows.
	 */
	private void drain() {
		for (;;) {
			List<OutboundFrame> queued = takeBatch();
			if (queued == null) {
				runWhenDrained();
				return;
			}
			List<OutboundFrame> batch;
			try {
				batch = encode(queued);
			}
			catch (RuntimeException ex) {
				written(queued, ex);
				return;
			}
			AtomicInteger state = new AtomicInteger();
			this.session.write(batch, (failure) -> {
				written(batch, failure);
				if (failure == null && !state.compareAndSet(0, 1)) {
					drain();
				}
			});
			if (!state.compareAndSet(0, 2)) {
				continue;
			}
			return;
		}
	}

	/**
	 * Pass a batch through the encoder. Only the single writer calls this, so the encoder
	 * sees every frame once, in write order.
	 */
	private List<OutboundFrame> encode(List<OutboundFrame> batch) {
		Encoder encoder = this.encoder;
		if (encoder == null) {
			return batch;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.set(i, encoder.encode(batch.get(i)));
		}
		return batch;
	}

	private void written(List<OutboundFrame> batch, @Nullable Throwable failure) {
		if (failure != null) {
			int discarded = discard();
			this.listener.writeFailed(failure, discarded);
			return;
		}
		long size = 0;
		for (OutboundFrame frame : batch) {
			size += frame.size();
		}
		this.listener.written(batch.size(), size);
	}

	private void runWhenDrained() {
		Runnable action;
		synchronized (this) {
			if (this.writing || this.count > 0 || this.whenDrained == null) {
				return;
			}
			action = this.whenDrained;
			this.whenDrained = null;
		}
		action.run();
	}

	private static final class Node {

		private final OutboundFrame frame;

		private final int lane;

		private @Nullable Node prev;

		private @Nullable Node next;

		Node(OutboundFrame frame, int lane) {
			this.frame = frame;
			this.lane = lane;
		}

	}

	/**
	 * Turns a queued frame into the frame written. Called by the outbox's single writer,
	 * once per frame, in write order, never concurrently, outside the outbox's lock.
	 */
	@FunctionalInterface
	public interface Encoder {

		/**
		 * Return the frame to write for a queued frame.
		 * @param frame the queued frame (possibly shared with other connections; not
		 * modified)
		 * @return the frame to write, possibly the same
		 */
		OutboundFrame encode(OutboundFrame frame);

	}

	/**
	 * Receives the events of an outbox.
	 */
	public interface Listener {

		/**
		 * Frames were dropped because the outbox was full.
		 * @param frames the number of frames
		 */
		void dropped(int frames);

		/**
		 * Frames were written.
		 * @param frames the number of frames
		 * @param bytes their size
		 */
		void written(int frames, long bytes);

		/**
		 * A write failed; the outbox discarded its queue and refuses further frames.
		 * @param failure the failure
		 * @param discarded the number of discarded frames
		 */
		void writeFailed(Throwable failure, int discarded);

	}

}
