package dev.wse.client;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.FrameCipher;
import org.jspecify.annotations.Nullable;

/**
 * Decodes whole inbound frames and hands them on: first to the recorder, then to the
 * client's own protocol reactions, then to the application's frame listeners, and, unless
 * the protocol step held the message back (a duplicate or out-of-order publication), to
 * its message listeners. A failing listener does not stop the others. {@code E:} frames
 * are decrypted with the connection's keys.
 */
final class InboundDispatcher {

	private final FrameCodec codec;

	private final WireFormat format;

	private final MessageRecorder recorder;

	private final Predicate<Envelope> protocol;

	private final Supplier<@Nullable FrameCipher> keys;

	private final List<Consumer<InboundFrame>> frameListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<Envelope>> messageListeners = new CopyOnWriteArrayList<>();

	InboundDispatcher(FrameCodec codec, WireFormat format, MessageRecorder recorder, Predicate<Envelope> protocol,
			Supplier<@Nullable FrameCipher> keys) {
		this.codec = codec;
		this.format = format;
		this.recorder = recorder;
		this.protocol = protocol;
		this.keys = keys;
	}

	FrameCodec codec() {
		return this.codec;
	}

	MessageRecorder recorder() {
		return this.recorder;
	}

	void addFrameListener(Consumer<InboundFrame> listener) {
		this.frameListeners.add(listener);
	}

	void addMessageListener(Consumer<Envelope> listener) {
		this.messageListeners.add(listener);
	}

	void text(String text) {
		@Nullable Envelope envelope = null;
		@Nullable RuntimeException failure = null;
		try {
			envelope = this.codec.decodeText(text);
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		dispatch(InboundFrame.text(text, envelope, failure, Instant.now()));
	}

	void binary(byte[] bytes) {
		@Nullable Envelope envelope = null;
		@Nullable RuntimeException failure = null;
		try {
			envelope = this.codec.decodeBinary(bytes, this.format, this.keys.get()).envelope();
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		dispatch(InboundFrame.binary(bytes, envelope, failure, Instant.now()));
	}

	private void dispatch(InboundFrame frame) {
		this.recorder.record(frame);
		Envelope envelope = frame.envelope();
		boolean deliver = envelope != null && this.protocol.test(envelope);
		for (Consumer<InboundFrame> listener : this.frameListeners) {
			notify(listener, frame);
		}
		if (deliver) {
			for (Consumer<Envelope> listener : this.messageListeners) {
				notify(listener, envelope);
			}
		}
	}

	private static <T> void notify(Consumer<T> listener, T value) {
		try {
			listener.accept(value);
		}
		catch (RuntimeException ex) {
			// A listener's failure is its own; the connection and the other listeners go
			// on.
		}
	}

}
