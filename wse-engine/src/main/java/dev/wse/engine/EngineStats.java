package dev.wse.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of an engine. Cheap to update from any thread; read by health and
 * metrics.
 */
public final class EngineStats {

	private final LongAdder connectionsAccepted = new LongAdder();

	private final LongAdder connectionsRejected = new LongAdder();

	private final LongAdder authFailures = new LongAdder();

	private final LongAdder messagesReceived = new LongAdder();

	private final LongAdder messagesSent = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder filterEvaluations = new LongAdder();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	public EngineStats() {
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
	}

	/**
	 * Count an accepted connection.
	 */
	public void connectionAccepted() {
		this.connectionsAccepted.increment();
	}

	/**
	 * Count a rejected connection (capacity, draining or authentication).
	 */
	public void connectionRejected() {
		this.connectionsRejected.increment();
	}

	/**
	 * Count an authentication failure.
	 */
	public void authFailure() {
		this.authFailures.increment();
	}

	/**
	 * Count an inbound message.
	 */
	public void messageReceived() {
		this.messagesReceived.increment();
	}

	/**
	 * Count frames written to connections.
	 * @param frames the number of frames
	 * @param bytes their size in bytes
	 */
	public void framesSent(int frames, long bytes) {
		this.messagesSent.add(frames);
		this.bytesSent.add(bytes);
	}

	/**
	 * Count a dropped message.
	 * @param reason why it was dropped
	 */
	public void countDrop(DropReason reason) {
		this.dropped.get(reason).increment();
	}

	/**
	 * Count the evaluation of a subscription filter against a publication.
	 */
	public void filterEvaluated() {
		this.filterEvaluations.increment();
	}

	/**
	 * Return the number of subscription filter evaluations (one per distinct filter per
	 * publication).
	 * @return the count
	 */
	public long filterEvaluations() {
		return this.filterEvaluations.sum();
	}

	/**
	 * Return the number of accepted connections.
	 * @return the count
	 */
	public long connectionsAccepted() {
		return this.connectionsAccepted.sum();
	}

	/**
	 * Return the number of rejected connections.
	 * @return the count
	 */
	public long connectionsRejected() {
		return this.connectionsRejected.sum();
	}

	/**
	 * Return the number of authentication failures.
	 * @return the count
	 */
	public long authFailures() {
		return this.authFailures.sum();
	}

	/**
	 * Return the number of inbound messages.
	 * @return the count
	 */
	public long messagesReceived() {
		return this.messagesReceived.sum();
	}

	/**
	 * Return the number of frames written.
	 * @return the count
	 */
	public long messagesSent() {
		return this.messagesSent.sum();
	}

	/**
	 * Return the number of bytes written.
	 * @return the count
	 */
	public long bytesSent() {
		return this.bytesSent.sum();
	}

	/**
	 * Return the number of messages dropped for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long dropped(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

}
