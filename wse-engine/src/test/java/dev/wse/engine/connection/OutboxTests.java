package dev.wse.engine.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.engine.transport.InMemorySession;
import dev.wse.engine.transport.OutboundFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTests {

	private final InMemorySession session = new InMemorySession();

	private final AtomicInteger dropped = new AtomicInteger();

	private final List<Integer> batches = new ArrayList<>();

	private Outbox outbox(int maxMessages, long maxBytes, int batchSize) {
		return new Outbox(this.session, maxMessages, maxBytes, batchSize, new Outbox.Listener() {

			@Override
			public void dropped(int frames) {
				OutboxTests.this.dropped.addAndGet(frames);
			}

			@Override
			public void written(int frames, long bytes) {
				OutboxTests.this.batches.add(frames);
			}

			@Override
			public void writeFailed(Throwable failure, int discarded) {
			}

		});
	}

	private static OutboundFrame frame(String text) {
		return OutboundFrame.text(text);
	}

	@Test
	void writesInOrderAndInBatchesWhileTheTransportIsBusy() {
		Outbox outbox = outbox(100, 1_000_000, 4);
		this.session.stall();
		for (int i = 0; i < 10; i++) {
			outbox.offer(frame("m" + i), Priority.NORMAL);
		}
		this.session.resume();
		while (outbox.size() > 0 || this.session.frames().size() < 10) {
			this.session.resume();
		}
		assertThat(this.session.texts()).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
		assertThat(this.batches).startsWith(1, 4, 4, 1);
	}

	@Test
	void anEncoderSeesEveryFrameOnceInWriteOrderAndTheQueuedFrameStaysShared() {
		List<String> seen = new ArrayList<>();
		Outbox outbox = new Outbox(this.session, 100, 1_000_000, 3, new Outbox.Listener() {

			@Override
			public void dropped(int frames) {
			}

			@Override
			public void written(int frames, long bytes) {
			}

			@Override
			public void writeFailed(Throwable failure, int discarded) {
			}

		}, (frame) -> {
			seen.add(frame.textContent());
			return OutboundFrame.text("<" + frame.textContent() + ">");
		});
		OutboundFrame shared = frame("shared");
		this.session.stall();
		outbox.offer(shared, Priority.NORMAL);
		outbox.offer(frame("data"), Priority.NORMAL);
		outbox.offerControl(frame("control"));
		outbox.offer(shared, Priority.NORMAL);
		while (outbox.size() > 0 || this.session.frames().size() < 4) {
			this.session.resume();
		}
		assertThat(seen).containsExactly("shared", "control", "data", "shared");
		assertThat(this.session.texts()).containsExactly("<shared>", "<control>", "<data>", "<shared>");
		assertThat(shared.textContent()).isEqualTo("shared");
	}

	@Test
	void dataFramesKeepTheirOrderWhateverTheirPriorityAndControlFramesGoFirst() {
		Outbox outbox = outbox(100, 1_000_000, 10);
		this.session.stall();
		outbox.offer(frame("first"), Priority.NORMAL);
		outbox.offer(frame("low"), Priority.LOW);
		outbox.offer(frame("critical"), Priority.CRITICAL);
		outbox.offer(frame("normal"), Priority.NORMAL);
		outbox.offerControl(frame("pong"));
		this.session.resume();
		this.session.resume();
		assertThat(this.session.texts()).containsExactly("first", "pong", "low", "critical", "normal");
	}

	@Test
	void controlFramesAreDroppedLast() {
		Outbox outbox = outbox(2, 1_000_000, 10);
		this.session.stall();
		outbox.offer(frame("inflight"), Priority.NORMAL);
		outbox.offer(frame("old"), Priority.CRITICAL);
		outbox.offer(frame("new"), Priority.CRITICAL);
		assertThat(outbox.offerControl(frame("ack"))).isTrue();
		assertThat(outbox.offerControl(frame("pong"))).isTrue();
		assertThat(outbox.offer(frame("more"), Priority.CRITICAL)).isFalse();
		this.session.resume();
		this.session.resume();
		assertThat(this.session.texts()).containsExactly("inflight", "ack", "pong");
	}

	@Test
	void whenFullLowerPrioritiesAreDroppedFirstThenTheOfferedFrame() {
		Outbox outbox = outbox(3, 1_000_000, 10);
		this.session.stall();
		outbox.offer(frame("inflight"), Priority.NORMAL);
		outbox.offer(frame("bg"), Priority.BACKGROUND);
		outbox.offer(frame("low"), Priority.LOW);
		outbox.offer(frame("n1"), Priority.NORMAL);
		assertThat(this.dropped).hasValue(0);
		assertThat(outbox.offer(frame("high"), Priority.HIGH)).isTrue();
		assertThat(this.dropped).hasValue(1);
		assertThat(outbox.offer(frame("n2"), Priority.NORMAL)).isTrue();
		assertThat(this.dropped).hasValue(2);
		assertThat(outbox.offer(frame("n3"), Priority.NORMAL)).isFalse();
		assertThat(this.dropped).hasValue(3);
		assertThat(outbox.overflowingFor(System.nanoTime())).isPositive();
		this.session.resume();
		this.session.resume();
		assertThat(this.session.texts()).containsExactly("inflight", "n1", "high", "n2");
	}

	@Test
	void theByteBoundAppliesAsWellAsTheCount() {
		Outbox outbox = outbox(1000, 10, 10);
		this.session.stall();
		outbox.offer(frame("123456"), Priority.NORMAL);
		assertThat(outbox.offer(frame("1234"), Priority.NORMAL)).isTrue();
		assertThat(outbox.offer(frame("1234567"), Priority.NORMAL)).isFalse();
		assertThat(outbox.offer(frame("x".repeat(11)), Priority.CRITICAL)).isFalse();
		assertThat(outbox.byteSize()).isEqualTo(4);
	}

	@Test
	void closeWhenDrainedRunsAfterTheLastWrite() {
		Outbox outbox = outbox(100, 1_000_000, 10);
		this.session.stall();
		outbox.offer(frame("a"), Priority.NORMAL);
		outbox.offer(frame("b"), Priority.NORMAL);
		List<Integer> writtenAtClose = new ArrayList<>();
		outbox.closeWhenDrained(() -> writtenAtClose.add(this.session.frames().size()));
		assertThat(outbox.offer(frame("late"), Priority.CRITICAL)).isFalse();
		assertThat(writtenAtClose).isEmpty();
		this.session.resume();
		this.session.resume();
		assertThat(writtenAtClose).containsExactly(2);
	}

}
