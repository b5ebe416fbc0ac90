package dev.wse.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * Records every frame a client receives, in arrival order, and lets a caller wait for
 * messages. Thread-safe. Waiting never consumes: {@link #awaitMessage} returns the first
 * recorded match, whether it arrived before or during the call; use {@link #clear()} to
 * start afresh.
 */
public final class MessageRecorder {

	private final List<InboundFrame> frames = new ArrayList<>();

	private final boolean enabled;

	MessageRecorder(boolean enabled) {
		this.enabled = enabled;
	}

	void record(InboundFrame frame) {
		if (!this.enabled) {
			return;
		}
		synchronized (this.frames) {
			this.frames.add(frame);
			this.frames.notifyAll();
		}
	}

	/**
	 * Return the frames received so far, decodable or not.
	 * @return a snapshot, in arrival order
	 */
	public List<InboundFrame> frames() {
		synchronized (this.frames) {
			return List.copyOf(this.frames);
		}
	}

	/**
	 * Return the messages decoded so far.
	 * @return a snapshot, in arrival order
	 */
	public List<Envelope> received() {
		List<Envelope> messages = new ArrayList<>();
		for (InboundFrame frame : frames()) {
			if (frame.envelope() != null) {
				messages.add(frame.envelope());
			}
		}
		return messages;
	}

	/**
	 * Return the messages of one type decoded so far.
	 * @param type the message type
	 * @return a snapshot, in arrival order
	 */
	public List<Envelope> received(String type) {
		return received().stream().filter(ofType(type)).toList();
	}

	/**
	 * Forget everything recorded so far.
	 */
	public void clear() {
		synchronized (this.frames) {
			this.frames.clear();
		}
	}

	/**
	 * Wait for a message matching the predicate.
	 * @param predicate the condition
	 * @param timeout how long to wait
	 * @return the first recorded match
	 * @throws WseClientException if none arrives in time
	 */
	public Envelope awaitMessage(Predicate<Envelope> predicate, Duration timeout) {
		return awaitMessages(predicate, 1, timeout).get(0);
	}

	/**
	 * Wait for a message of the given type.
	 * @param type the message type
	 * @param timeout how long to wait
	 * @return the first recorded message of that type
	 * @throws WseClientException if none arrives in time
	 */
	public Envelope awaitType(String type, Duration timeout) {
		return awaitMessage(ofType(type), timeout);
	}

	/**
	 * Wait until at least {@code count} messages match the predicate.
	 * @param predicate the condition
	 * @param count how many matches to wait for
	 * @param timeout how long to wait
	 * @return the first {@code count} recorded matches
	 * @throws WseClientException if fewer arrive in time
	 */
	public List<Envelope> awaitMessages(Predicate<Envelope> predicate, int count, Duration timeout) {
		List<InboundFrame> frames = awaitFrames((frame) -> frame.envelope() != null && predicate.test(frame.envelope()),
				count, timeout);
		return frames.stream().map(InboundFrame::envelope).toList();
	}

	/**
	 * Wait for a frame matching the predicate (raw frames, including undecodable ones).
	 * @param predicate the condition
	 * @param timeout how long to wait
	 * @return the first recorded match
	 * @throws WseClientException if none arrives in time
	 */
	public InboundFrame awaitFrame(Predicate<InboundFrame> predicate, Duration timeout) {
		return awaitFrames(predicate, 1, timeout).get(0);
	}

	/**
	 * Wait until at least {@code count} frames match the predicate.
	 * @param predicate the condition
	 * @param count how many matches to wait for
	 * @param timeout how long to wait
	 * @return the first {@code count} recorded matches
	 * @throws WseClientException if fewer arrive in time
	 */
	public List<InboundFrame> awaitFrames(Predicate<InboundFrame> predicate, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.frames) {
			while (true) {
				List<InboundFrame> matches = matches(predicate, count);
				if (matches.size() >= count) {
					return matches;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new WseClientException("Expected " + count + " matching frame(s) within " + timeout
							+ " but got " + matches.size() + "; received " + describe());
				}
				waitNanos(remaining);
			}
		}
	}

	/**
	 * Count the recorded messages matching the predicate.
	 * @param predicate the condition
	 * @return the number of matches
	 */
	public int count(Predicate<Envelope> predicate) {
		return (int) received().stream().filter(predicate).count();
	}

	/**
	 * Return a predicate matching messages of one type.
	 * @param type the message type
	 * @return the predicate
	 */
	public static Predicate<Envelope> ofType(String type) {
		return (envelope) -> type.equals(envelope.type());
	}

	/**
	 * Return a predicate matching {@code error} messages with the given {@code p.code}.
	 * @param code the error code
	 * @return the predicate
	 */
	public static Predicate<Envelope> errorWithCode(String code) {
		return (envelope) -> "error".equals(envelope.type()) && code.equals(textAt(envelope, "code"));
	}

	private static @Nullable String textAt(Envelope envelope, String field) {
		return envelope.payload().path(field).isString() ? envelope.payload().path(field).stringValue() : null;
	}

	private List<InboundFrame> matches(Predicate<InboundFrame> predicate, int limit) {
		List<InboundFrame> matches = new ArrayList<>();
		for (InboundFrame frame : this.frames) {
			if (predicate.test(frame)) {
				matches.add(frame);
				if (matches.size() == limit) {
					break;
				}
			}
		}
		return matches;
	}

	private void waitNanos(long nanos) {
		try {
			long millis = Math.max(1, nanos / 1_000_000);
			this.frames.wait(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WseClientException("Interrupted while waiting for a message", null, null, ex);
		}
	}

	private String describe() {
		List<String> types = new ArrayList<>();
		for (InboundFrame frame : this.frames) {
			types.add((frame.envelope() != null) ? frame.envelope().type() : "<undecodable>");
		}
		int from = Math.max(0, types.size() - 20);
		return types.size() + " frame(s)" + ((from > 0) ? ", last 20: " : ": ") + types.subList(from, types.size());
	}

}
