package dev.wse.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import dev.wse.client.TopicPosition;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;

/**
 * Collects the stamped publications a client delivers to its message listeners (after
 * sequencing), and waits for a client to reach a position.
 */
final class Deliveries implements Consumer<Envelope> {

	private final List<Envelope> messages = new CopyOnWriteArrayList<>();

	@Override
	public void accept(Envelope message) {
		if (message.topic() != null && message.offset() != null) {
			this.messages.add(message);
		}
	}

	/**
	 * Return the offsets delivered for a topic, in delivery order.
	 */
	List<Long> offsets(String topic) {
		return this.messages.stream().filter((m) -> topic.equals(m.topic())).map(Envelope::offset).toList();
	}

	/**
	 * Return the offsets the client received on the wire for a topic, duplicates
	 * included.
	 */
	static List<Long> onTheWire(WseClient client, String topic) {
		return client.messages()
			.received()
			.stream()
			.filter((m) -> topic.equals(m.topic()))
			.map(Envelope::offset)
			.toList();
	}

	/**
	 * Return the offsets from {@code first} to {@code last}, inclusive.
	 */
	static List<Long> range(long first, long last) {
		return LongStream.rangeClosed(first, last).boxed().toList();
	}

	/**
	 * Wait until the client's position in a topic has the given offset.
	 */
	static TopicPosition awaitOffset(WseClient client, String topic, long offset, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			TopicPosition position = client.positions().get(topic);
			if (position != null && position.offset() == offset) {
				return position;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Expected " + topic + " at offset " + offset + " within " + timeout
						+ " but the client is at " + position);
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted", ex);
			}
		}
	}

}
