package dev.wse.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.connection.Outbox;
import dev.wse.engine.connection.Priority;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.engine.transport.WriteCallback;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-connection {@link Outbox}, with the engine's default limits (10,000 frames, 16
 * MiB, batches of 64), over a transport that only counts what it is given:
 * <ul>
 * <li>{@code offerDrainInline}: one offer to an idle outbox whose transport completes the
 * write at once (a reader that keeps up) - queue, take a batch of one, write, complete;
 * <li>{@code offerBurstThenDrain}: 64 offers while a write is outstanding, then the
 * completions that drain them in batches (reported per frame);
 * <li>{@code offerWhenFull}: an offer to a full outbox of a stalled reader, which is
 * dropped (a slow consumer).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OutboxBenchmark {

	private static final int MAX_MESSAGES = 10_000;

	private static final long MAX_BYTES = 16L * 1024 * 1024;

	private static final int BATCH_SIZE = 64;

	private static final int BURST = 64;

	private final CountingSession inlineSession = new CountingSession(false);

	private final CountingSession deferredSession = new CountingSession(true);

	private final CountingSession stalledSession = new CountingSession(true);

	private final CountingListener listener = new CountingListener();

	private Outbox inline = newOutbox(this.inlineSession);

	private Outbox deferred = newOutbox(this.deferredSession);

	private Outbox full = newOutbox(this.stalledSession);

	private OutboundFrame frame = OutboundFrame.text("");

	/**
	 * Create the outboxes and a 200-byte text frame; fill the stalled outbox.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.frame = OutboundFrame
			.text("{\"t\":\"price_update\",\"p\":{\"symbol\":\"AAPL\",\"price\":187.42}}" + " ".repeat(140));
		this.inline = newOutbox(this.inlineSession);
		this.deferred = newOutbox(this.deferredSession);
		this.full = newOutbox(this.stalledSession);
		// the first frame goes out at once and stays outstanding; the rest fill the queue
		for (int i = 0; i <= MAX_MESSAGES; i++) {
			this.full.offer(this.frame, Priority.NORMAL);
		}
		if (this.full.size() != MAX_MESSAGES || this.full.offer(this.frame, Priority.NORMAL)) {
			throw new IllegalStateException("Benchmark setup is wrong: outbox not full");
		}
	}

	private Outbox newOutbox(TransportSession session) {
		return new Outbox(session, MAX_MESSAGES, MAX_BYTES, BATCH_SIZE, this.listener);
	}

	/**
	 * Offer one frame to an idle outbox whose writes complete inline.
	 * @return whether it was queued
	 */
	@Benchmark
	public boolean offerDrainInline() {
		return this.inline.offer(this.frame, Priority.NORMAL);
	}

	/**
	 * Offer 64 frames while a write is outstanding, then complete writes until the outbox
	 * is empty.
	 * @return the frames written so far
	 */
	@Benchmark
	@OperationsPerInvocation(BURST)
	public long offerBurstThenDrain() {
		for (int i = 0; i < BURST; i++) {
			this.deferred.offer(this.frame, Priority.NORMAL);
		}
		this.deferredSession.completeAll();
		return this.deferredSession.frames;
	}

	/**
	 * Offer one frame to a full outbox: nothing of lower priority to evict, so it is
	 * dropped.
	 * @return whether it was queued ({@code false})
	 */
	@Benchmark
	public boolean offerWhenFull() {
		return this.full.offer(this.frame, Priority.NORMAL);
	}

	/**
	 * A transport session that counts frames and either completes each write at once or
	 * holds its callback until {@link #completeAll()}.
	 */
	static final class CountingSession implements TransportSession {

		private final boolean deferred;

		long frames;

		private @Nullable WriteCallback pending;

		CountingSession(boolean deferred) {
			this.deferred = deferred;
		}

		@Override
		public void write(List<OutboundFrame> batch, WriteCallback callback) {
			this.frames += batch.size();
			if (this.deferred) {
				this.pending = callback;
			}
			else {
				callback.completed(null);
			}
		}

		void completeAll() {
			WriteCallback callback = this.pending;
			while (callback != null) {
				this.pending = null;
				callback.completed(null);
				callback = this.pending;
			}
		}

		@Override
		public void close(int code, String reason) {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

	}

	/**
	 * Counts outbox events.
	 */
	static final class CountingListener implements Outbox.Listener {

		long dropped;

		long written;

		@Override
		public void dropped(int frames) {
			this.dropped += frames;
		}

		@Override
		public void written(int frames, long bytes) {
			this.written += frames;
		}

		@Override
		public void writeFailed(Throwable failure, int discarded) {
			throw new IllegalStateException("write failed", failure);
		}

	}

}
