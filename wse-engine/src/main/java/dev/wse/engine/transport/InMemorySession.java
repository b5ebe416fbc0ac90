package dev.wse.engine.transport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.wse.engine.WseEngine;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link TransportSession} for tests, like Netty's {@code EmbeddedChannel}:
 * it records written frames, can stall writes (a slow reader) and feeds inbound messages
 * to the engine.
 */
public final class InMemorySession implements TransportSession {

	private final List<OutboundFrame> written = new ArrayList<>();

	private final List<Runnable> stalledWrites = new ArrayList<>();

	private boolean stalled;

	private boolean open = true;

	private int closeCode = -1;

	private String closeReason = "";

	private @Nullable InboundHandler inbound;

	/**
	 * Open this session on an engine with a request to {@code /wse}.
	 * @param engine the engine
	 * @param headers the request headers
	 * @return this session
	 */
	public InMemorySession connect(WseEngine engine, Map<String, List<String>> headers) {
		return connect(engine, HandshakeRequest.of(URI.create("ws://localhost/wse"), headers));
	}

	/**
	 * Open this session on an engine.
	 * @param engine the engine
	 * @param request the upgrade request
	 * @return this session
	 */
	public InMemorySession connect(WseEngine engine, HandshakeRequest request) {
		this.inbound = engine.open(this, request);
		return this;
	}

	/**
	 * Deliver a text message to the engine.
	 * @param text the text
	 */
	public void receiveText(String text) {
		inbound().onText(text);
	}

	/**
	 * Deliver a binary message to the engine.
	 * @param data the bytes
	 */
	public void receiveBinary(byte[] data) {
		inbound().onBinary(data);
	}

	/**
	 * Simulate the peer closing the connection.
	 * @param code the close code
	 */
	public void peerClosed(int code) {
		synchronized (this) {
			this.open = false;
		}
		inbound().onClose(code, "");
	}

	private InboundHandler inbound() {
		InboundHandler handler = this.inbound;
		if (handler == null) {
			throw new IllegalStateException("Not connected");
		}
		return handler;
	}

	/**
	 * Stop completing writes, as a peer that does not read.
	 */
	public synchronized void stall() {
		this.stalled = true;
	}

	/**
	 * Complete the held writes and write normally again.
	 */
	public void resume() {
		List<Runnable> pending;
		synchronized (this) {
			this.stalled = false;
			pending = new ArrayList<>(this.stalledWrites);
			this.stalledWrites.clear();
		}
		pending.forEach(Runnable::run);
	}

	@Override
	public void write(List<OutboundFrame> frames, WriteCallback callback) {
		synchronized (this) {
			if (!this.open) {
				callback.completed(new IllegalStateException("closed"));
				return;
			}
			if (this.stalled) {
				this.stalledWrites.add(() -> {
					synchronized (this) {
						this.written.addAll(frames);
						notifyAll();
					}
					callback.completed(null);
				});
				return;
			}
			this.written.addAll(frames);
			notifyAll();
		}
		callback.completed(null);
	}

	@Override
	public void close(int code, String reason) {
		InboundHandler handler;
		synchronized (this) {
			if (!this.open) {
				return;
			}
			this.open = false;
			this.closeCode = code;
			this.closeReason = reason;
			handler = this.inbound;
			notifyAll();
		}
		if (handler != null) {
			handler.onClose(code, reason);
		}
	}

	@Override
	public synchronized boolean isOpen() {
		return this.open;
	}

	/**
	 * Return the frames written so far.
	 * @return a snapshot
	 */
	public synchronized List<OutboundFrame> frames() {
		return List.copyOf(this.written);
	}

	/**
	 * Forget the frames written so far (for long-running measurements).
	 */
	public synchronized void clearFrames() {
		this.written.clear();
	}

	/**
	 * Return the text of the text frames written so far.
	 * @return a snapshot
	 */
	public synchronized List<String> texts() {
		return this.written.stream().filter(OutboundFrame::isText).map(OutboundFrame::textContent).toList();
	}

	/**
	 * Wait for a written frame that matches.
	 * @param condition the condition
	 * @param timeout the longest wait
	 * @return the first matching frame
	 * @throws AssertionError on timeout
	 */
	public synchronized OutboundFrame awaitFrame(Predicate<OutboundFrame> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (;;) {
			for (OutboundFrame frame : this.written) {
				if (condition.test(frame)) {
					return frame;
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("No matching frame within " + timeout + "; written: " + this.written);
			}
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted");
			}
		}
	}

	/**
	 * Wait until the session is closed.
	 * @param timeout the longest wait
	 * @return the close code
	 * @throws AssertionError on timeout
	 */
	public synchronized int awaitClose(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.open) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("Not closed within " + timeout);
			}
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted");
			}
		}
		return this.closeCode;
	}

	/**
	 * Return the close code, or -1 while open or when the peer closed.
	 * @return the code
	 */
	public synchronized int closeCode() {
		return this.closeCode;
	}

	/**
	 * Return the close reason.
	 * @return the reason
	 */
	public synchronized String closeReason() {
		return this.closeReason;
	}

}
