package dev.wse.spring.servlet;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.WseEngine;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.engine.transport.WriteCallback;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection on an upgraded servlet connection, served with the servlet
 * API's non-blocking I/O: the engine's {@link TransportSession} and the container's read
 * and write listener.
 * <p>
 * Writes: a batch's frames (each encoded once per publication, see
 * {@link WebSocketFrames#encoded}) go into the container's output buffer with one flush,
 * on a writer thread (a publisher's thread hands the connection over, and the frames that
 * come meanwhile make the next batch, so a busy connection costs one flush per batch, not
 * per frame) or on the container thread that is reading the connection; the engine's
 * callback completes once the container has written everything, right away while the
 * socket keeps up, otherwise from {@link #onWritePossible()} — so the engine's one
 * outstanding write follows the socket, and no thread ever waits for a slow peer.
 * <p>
 * Reads: on the container's thread, into a buffer borrowed for the read, through a
 * {@link WebSocketFrameReader}; complete messages go to the engine's
 * {@link InboundHandler} on that thread. Pausing stops delivering between messages. The
 * servlet API cannot stop a container from calling again while unread bytes are left, so
 * reading goes on into a held copy, up to the maximum message size, after which messages
 * go to the engine anyway (which refuses what its queue cannot take); resuming delivers
 * the held bytes on an executor's thread.
 * <p>
 * Closing follows RFC 6455 §7: our close frame goes after the data already written, then
 * we wait for the peer's close frame (at most {@link #CLOSE_TIMEOUT_MILLIS}) and end the
 * connection; a peer's close frame is answered with the same code. The connection ends
 * only once our close frame has left the container's buffers (or the close timed out):
 * right then when the peer closed first, {@link #PROTOCOL_ERROR_GRACE_MILLIS} later when
 * it broke the protocol (what it still sends meanwhile is read and dropped, see
 * {@link #protocolError}).
 *
 * @author WSE team
 */
final class ServletWebSocketSession
		implements TransportSession, ReadListener, WriteListener, WebSocketFrameReader.Listener {

	private static final Log logger = LogFactory.getLog(ServletWebSocketSession.class);

	/** Code reported to the engine when the connection ends without a close frame. */
	private static final int ABNORMAL_CLOSURE = 1006;

	/**
	 * How long a close may take: for the close frame to get past data in progress and the
	 * peer's close frame to come back.
	 */
	static final long CLOSE_TIMEOUT_MILLIS = 5000;

	/**
	 * After a protocol error: how long what the peer still sends is read and dropped once
	 * our close frame is out, before the connection ends (sooner if the peer ends it).
	 */
	static final long PROTOCOL_ERROR_GRACE_MILLIS = 250;

	private final WseEngine engine;

	private final HandshakeRequest handshake;

	private final ConnectionResources shared;

	private final WebSocketFrameReader reader;

	private @Nullable WebConnection connection;

	private @Nullable ServletInputStream input;

	private @Nullable ServletOutputStream output;

	/** Set by the container thread that opens the connection, read by any. */
	private volatile @Nullable InboundHandler inbound;

	// Reading (guarded by readLock)

	private final Object readLock = new Object();

	/**
	 * Fewest bytes held while reading is paused before messages go to the engine anyway
	 * (at least the maximum message size is held).
	 */
	static final int MIN_HELD_LIMIT = 64 * 1024;

	/** Most bytes held while reading is paused. */
	private final int heldLimit;

	/** Bytes read but not yet consumed because reading paused. */
	private byte @Nullable [] held;

	private int heldStart;

	private int heldEnd;

	/** Whether held bytes are delivered in spite of the pause. */
	private boolean forced;

	private volatile boolean readingPaused;

	/** Whether a message is being handed to the engine. */
	private boolean inDelivery;

	/** Whether the engine is to be told of the close once that message is handed over. */
	private boolean closePending;

	// Writing (guarded by writeLock)

	private final Object writeLock = new Object();

	/** Whether the container has not said the output is not ready since its last call. */
	private boolean outputReady;

	private @Nullable List<OutboundFrame> pendingFrames;

	private int pendingIndex;

	private @Nullable WriteCallback pendingCallback;

	/** Pongs and the close frame, written before any more data. */
	private @Nullable ArrayDeque<byte[]> controlFrames;

	private byte @Nullable [] closeFrame;

	private boolean closeFrameWritten;

	/** Whether our close frame has left the container's buffers. */
	private boolean closeFrameFlushed;

	/** Whether the container reported a failed write from inside a drain. */
	private volatile boolean outputFailed;

	// Closing

	private volatile boolean closing;

	private volatile boolean peerClosed;

	/** Whether the peer broke the protocol: the connection ends after a grace. */
	private volatile boolean brokeProtocol;

	private volatile boolean finished;

	/** Whether the container has destroyed the upgrade handler. */
	private volatile boolean destroyed;

	/** The container thread calling a listener method, if any. */
	private volatile @Nullable Thread dispatching;

	private boolean closeReported;

	private int closeCode = ABNORMAL_CLOSURE;

	private String closeReason = "";

	private @Nullable ScheduledFuture<?> closeTimeout;

	ServletWebSocketSession(WseEngine engine, HandshakeRequest handshake, int maxMessageSize,
			ConnectionResources shared) {
		this.engine = engine;
		this.handshake = handshake;
		this.shared = shared;
		this.reader = new WebSocketFrameReader(maxMessageSize, this);
		this.heldLimit = Math.max(MIN_HELD_LIMIT, maxMessageSize);
	}

	/**
	 * The upgrade is done: open the connection in the engine and start listening. Called
	 * on a container thread.
	 * @param connection the upgraded connection
	 * @throws IOException if the container cannot provide the streams
	 */
	void start(WebConnection connection) throws IOException {
		this.connection = connection;
		this.input = connection.getInputStream();
		this.output = connection.getOutputStream();
		this.inbound = this.engine.open(this, this.handshake);
		if (this.finished) {
			// Ended while the engine opened it (a close it asked for timed out): finish()
			// found no handler to tell, so the engine is told here.
			reportClosed();
			return;
		}
		// The container calls onWritePossible and onDataAvailable first.
		this.output.setWriteListener(this);
		this.input.setReadListener(this);
	}

	// Outbound

	@Override
	public void write(List<OutboundFrame> frames, WriteCallback callback) {
		// Inline on the container thread reading this connection (replies to what it
		// read) and on a writer thread (the engine's next batch, up to a few per turn so
		// that one busy connection does not keep a writer from the others), handed to a
		// writer otherwise.
		boolean inline = this.dispatching == Thread.currentThread() || this.shared.mayWriteInline();
		Drained drained = Drained.NOTHING;
		synchronized (this.writeLock) {
			if (this.closing || this.finished) {
				drained = Drained.rejected(callback);
			}
			else {
				this.pendingFrames = frames;
				this.pendingIndex = 0;
				this.pendingCallback = callback;
				if (inline) {
					drained = drain();
				}
			}
		}
		if (!inline && drained == Drained.NOTHING) {
			// Written by a writer thread: meanwhile the engine queues what else comes
			// for this connection, and the next batch carries it in one flush.
			try {
				this.shared.write(this::writePending);
				return;
			}
			catch (RejectedExecutionException ex) {
				writePending();
				return;
			}
		}
		drained.complete(this);
	}

	private void writePending() {
		Drained drained;
		synchronized (this.writeLock) {
			drained = drain();
		}
		drained.complete(this);
	}

	@Override
	public void onWritePossible() {
		Thread previous = this.dispatching;
		this.dispatching = Thread.currentThread();
		try {
			Drained drained;
			synchronized (this.writeLock) {
				this.outputReady = true;
				drained = drain();
			}
			drained.complete(this);
		}
		finally {
			this.dispatching = previous;
		}
	}

	/**
	 * Write what waits while the output is ready. Holding the write lock.
	 */
	private Drained drain() {
		ServletOutputStream out = this.output;
		if (!this.outputReady || out == null || this.finished) {
			return Drained.NOTHING;
		}
		try {
			ArrayDeque<byte[]> control = this.controlFrames;
			while (control != null && !control.isEmpty()) {
				if (!ready(out)) {
					return Drained.NOTHING;
				}
				byte[] frame = control.poll();
				out.write(frame);
				if (frame == this.closeFrame) {
					this.closeFrameWritten = true;
				}
			}
			List<OutboundFrame> frames = this.pendingFrames;
			while (frames != null && this.pendingIndex < frames.size() && !this.closeFrameWritten) {
				if (!ready(out)) {
					return Drained.NOTHING;
				}
				out.write(WebSocketFrames.encoded(frames.get(this.pendingIndex++)));
			}
			if (!ready(out)) {
				return Drained.NOTHING;
			}
			out.flush();
			if (!ready(out)) {
				// the container writes the rest and calls onWritePossible
				return Drained.NOTHING;
			}
			WriteCallback callback = this.pendingCallback;
			this.pendingFrames = null;
			this.pendingCallback = null;
			this.closeFrameFlushed = this.closeFrameWritten;
			return new Drained(callback, this.closeFrameWritten);
		}
		catch (IOException | RuntimeException ex) {
			WriteCallback callback = this.pendingCallback;
			this.pendingFrames = null;
			this.pendingCallback = null;
			return Drained.failed(callback, ex);
		}
	}

	private boolean ready(ServletOutputStream out) {
		if (out.isReady()) {
			return true;
		}
		// the container calls onWritePossible when it is
		this.outputReady = false;
		return false;
	}

	/** Queue a control frame and write it when the output allows. */
	private void sendControl(byte[] frame) {
		Drained drained;
		synchronized (this.writeLock) {
			ArrayDeque<byte[]> control = this.controlFrames;
			if (control == null) {
				control = new ArrayDeque<>(2);
				this.controlFrames = control;
			}
			control.add(frame);
			drained = drain();
		}
		drained.complete(this);
	}

	@Override
	public void onError(Throwable failure) {
		logger.debug("WebSocket connection failed", failure);
		if (Thread.holdsLock(this.writeLock)) {
			// Tomcat calls this from inside a flush that failed, that is from our own
			// drain(): ending the connection here would tell the engine under the write
			// lock. The flush throws next; the drain's caller sees the failure and ends
			// the connection once it has let go of the lock.
			this.outputFailed = true;
			return;
		}
		Thread previous = this.dispatching;
		this.dispatching = Thread.currentThread();
		try {
			finish();
		}
		finally {
			this.dispatching = previous;
		}
	}

	// Closing

	@Override
	public void close(int code, String reason) {
		startClose(code, reason, false);
	}

	private void startClose(int code, String reason, boolean answer) {
		WriteCallback dropped;
		synchronized (this.writeLock) {
			if (this.closing || this.finished) {
				return;
			}
			this.closing = true;
			if (!this.closeReported) {
				this.closeCode = code;
				this.closeReason = reason;
			}
			// Frames not yet written give way to the close frame.
			dropped = this.pendingCallback;
			this.pendingFrames = null;
			this.pendingCallback = null;
			this.closeFrame = (answer && code == WebSocketFrameReader.NO_STATUS)
					? WebSocketFrames.encode(WebSocketFrameReader.OPCODE_CLOSE, new byte[0], 0)
					: WebSocketFrames.close(code, reason);
			// Under the lock, so that a finish() on another thread finds the timeout to
			// cancel.
			this.closeTimeout = scheduleCloseTimeout();
		}
		if (dropped != null) {
			dropped.completed(new ClosedChannelException());
		}
		byte[] frame = this.closeFrame;
		if (frame != null) {
			sendControl(frame);
		}
		if (this.readingPaused) {
			// The peer's close frame may already wait among the held bytes.
			deliverHeldLater();
		}
	}

	private @Nullable ScheduledFuture<?> scheduleCloseTimeout() {
		try {
			return this.shared.schedule(this::finish, CLOSE_TIMEOUT_MILLIS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the container closes the connection
			return null;
		}
	}

	/** Our close frame has left the container's buffers. */
	private void closeFrameSent() {
		if (this.peerClosed) {
			finish();
		}
		else if (this.brokeProtocol) {
			endAfterGrace();
		}
	}

	private void endAfterGrace() {
		try {
			this.shared.schedule(this::finish, PROTOCOL_ERROR_GRACE_MILLIS);
		}
		catch (RejectedExecutionException ex) {
			finish();
		}
	}

	/**
	 * End the connection and tell the engine. Idempotent.
	 */
	private void finish() {
		ScheduledFuture<?> timeout;
		WriteCallback dropped;
		synchronized (this.writeLock) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			this.closing = true;
			timeout = this.closeTimeout;
			dropped = this.pendingCallback;
			this.pendingFrames = null;
			this.pendingCallback = null;
		}
		if (timeout != null) {
			timeout.cancel(false);
		}
		if (dropped != null) {
			dropped.completed(new ClosedChannelException());
		}
		WebConnection upgraded = this.connection;
		if (upgraded != null) {
			// A container ends the connection when a call to it returns with both streams
			// closed; from any other thread, or that never comes, it must be told.
			boolean containerEnds = this.destroyed || this.dispatching == Thread.currentThread();
			ContainerConnections.close(upgraded, !containerEnds);
		}
		reportClosed();
	}

	/**
	 * The container destroys the upgrade handler: the connection is gone.
	 */
	void destroyed() {
		this.destroyed = true;
		finish();
	}

	/**
	 * Tell the engine the connection closed, once. The engine's calls for a connection
	 * must not overlap, so this waits for a message being delivered on another thread
	 * (under the read lock), and one ending the connection from inside a delivery (a
	 * reply whose write failed) leaves it to the end of that delivery.
	 */
	private void reportClosed() {
		synchronized (this.readLock) {
			if (this.inDelivery) {
				this.closePending = true;
				return;
			}
			InboundHandler handler = this.inbound;
			int code;
			String reason;
			synchronized (this.writeLock) {
				if (this.closeReported || handler == null) {
					return;
				}
				this.closeReported = true;
				code = this.closeCode;
				reason = this.closeReason;
			}
			handler.onClose(code, reason);
		}
	}

	@Override
	public boolean isOpen() {
		return !this.closing && !this.finished;
	}

	// Inbound

	@Override
	public boolean pauseReading() {
		this.readingPaused = true;
		return true;
	}

	@Override
	public void resumeReading() {
		this.readingPaused = false;
		deliverHeldLater();
	}

	/**
	 * Deliver the held bytes on an executor's thread, as far as reading is not paused.
	 */
	private void deliverHeldLater() {
		try {
			this.shared.execute(() -> {
				synchronized (this.readLock) {
					try {
						deliverHeld(false);
					}
					catch (RuntimeException ex) {
						logger.debug("WebSocket connection failed while delivering held messages", ex);
						finish();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the container closes the connection
		}
	}

	@Override
	public void onDataAvailable() {
		Thread previous = this.dispatching;
		this.dispatching = Thread.currentThread();
		try {
			synchronized (this.readLock) {
				readAvailable();
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("WebSocket connection failed while reading", ex);
			finish();
		}
		finally {
			this.dispatching = previous;
		}
	}

	/**
	 * Read until the container has nothing more: a container calls again as long as
	 * unread bytes are left, so bytes read while paused are held instead (up to the
	 * maximum message size, at least {@link #MIN_HELD_LIMIT}; beyond that messages go to
	 * the engine anyway, which refuses what its queue cannot take). Once closing, nothing
	 * is held: messages are dropped anyway, and the peer's close frame ends the
	 * connection.
	 */
	private void readAvailable() throws IOException {
		ServletInputStream in = this.input;
		if (in == null) {
			return;
		}
		byte[] buffer = this.shared.readBuffer();
		while (in.isReady()) {
			int count = in.read(buffer);
			if (count < 0) {
				return;
			}
			if (this.reader.isDone()) {
				// the close handshake began: read on only to see the connection end
				continue;
			}
			if (this.heldEnd == this.heldStart && delivering()) {
				int consumed = this.reader.read(buffer, 0, count);
				if (consumed < count) {
					hold(buffer, consumed, count - consumed);
				}
			}
			else {
				hold(buffer, 0, count);
				if (this.heldEnd - this.heldStart > this.heldLimit) {
					deliverHeld(true);
				}
				else if (delivering()) {
					deliverHeld(false);
				}
			}
		}
	}

	private void hold(byte[] bytes, int offset, int count) {
		byte[] waiting = this.held;
		int length = this.heldEnd - this.heldStart;
		if (waiting == null || this.heldEnd + count > waiting.length) {
			byte[] larger = (waiting != null && length + count <= waiting.length) ? waiting
					: new byte[Math.max(length + count, (waiting != null) ? 2 * waiting.length : 1024)];
			if (waiting != null) {
				System.arraycopy(waiting, this.heldStart, larger, 0, length);
			}
			waiting = larger;
			this.held = waiting;
			this.heldStart = 0;
			this.heldEnd = length;
		}
		System.arraycopy(bytes, offset, waiting, this.heldEnd, count);
		this.heldEnd += count;
	}

	/**
	 * Pass held bytes to the reader, until reading pauses again unless forced. Holding
	 * the read lock.
	 */
	private void deliverHeld(boolean force) {
		byte[] waiting = this.held;
		if (waiting == null) {
			return;
		}
		this.forced = force;
		try {
			this.heldStart += this.reader.read(waiting, this.heldStart, this.heldEnd - this.heldStart);
		}
		finally {
			this.forced = false;
		}
		if (this.heldStart == this.heldEnd || this.reader.isDone()) {
			// an idle connection keeps no buffer
			this.held = null;
			this.heldStart = 0;
			this.heldEnd = 0;
		}
	}

	@Override
	public void onAllDataRead() {
		// The peer ended the connection.
		Thread previous = this.dispatching;
		this.dispatching = Thread.currentThread();
		try {
			finish();
		}
		finally {
			this.dispatching = previous;
		}
	}

	@Override
	public boolean text(byte[] utf8, int offset, int length) {
		InboundHandler handler = this.inbound;
		if (handler != null && !this.closing) {
			this.inDelivery = true;
			try {
				handler.onText(utf8, offset, length);
			}
			finally {
				delivered();
			}
		}
		return this.forced || delivering();
	}

	@Override
	public boolean binary(byte[] data, int offset, int length) {
		InboundHandler handler = this.inbound;
		if (handler != null && !this.closing) {
			this.inDelivery = true;
			try {
				handler.onBinary(Arrays.copyOfRange(data, offset, offset + length));
			}
			finally {
				delivered();
			}
		}
		return this.forced || delivering();
	}

	private void delivered() {
		this.inDelivery = false;
		if (this.closePending) {
			this.closePending = false;
			reportClosed();
		}
	}

	/**
	 * Return whether what is read goes to the reader now: unless reading is paused, and
	 * always once closing (messages are dropped then, and control frames, the peer's
	 * close frame above all, must not wait for a resume that may never come).
	 */
	private boolean delivering() {
		return !this.readingPaused || this.closing;
	}

	@Override
	public void ping(byte[] payload) {
		byte[] pong = WebSocketFrames.encode(WebSocketFrameReader.OPCODE_PONG, payload, payload.length);
		Drained drained;
		synchronized (this.writeLock) {
			if (this.closing || this.closeFrame != null) {
				return;
			}
			ArrayDeque<byte[]> control = this.controlFrames;
			if (control == null) {
				control = new ArrayDeque<>(2);
				this.controlFrames = control;
			}
			// Only the latest ping is answered (RFC 6455 §5.5.3): a ping flood against a
			// stalled output keeps one pong, not one per ping.
			control.clear();
			control.add(pong);
			drained = drain();
		}
		drained.complete(this);
	}

	@Override
	public void closeReceived(int code, String reason) {
		peerDone(code, reason, true, false);
	}

	@Override
	public void protocolError(int code, String reason) {
		logger.debug("WebSocket peer broke the protocol (" + code + "): " + reason);
		// RFC 6455 §7.1.7: no answer is waited for from a peer that broke the protocol.
		// But closing the socket while the peer is still sending (the rest of an
		// oversized frame, say) makes the kernel answer with a reset, which can cost the
		// peer our close frame and its code; the servlet API cannot shut only our output
		// down, so once our close frame is out what the peer still sends is read and
		// dropped for a short grace (the reader is done), and the connection ends then,
		// or when the peer ends it.
		peerDone(code, (code == WebSocketFrameReader.MESSAGE_TOO_BIG) ? "Message too big" : reason, false, true);
	}

	/**
	 * Nothing more is waited for from the peer: the connection ends once our close frame
	 * is out (sent now, in answer or with the code, unless we are closing already) - at
	 * once if the peer closed, after {@link #PROTOCOL_ERROR_GRACE_MILLIS} if it broke the
	 * protocol - or when the close times out.
	 */
	private void peerDone(int code, String reason, boolean answer, boolean brokeProtocol) {
		boolean closeFrameOut;
		synchronized (this.writeLock) {
			// Under the lock that the drain marks our close frame flushed under: either
			// it is out now, or closeFrameSent() sees the flag once it is.
			if (brokeProtocol) {
				this.brokeProtocol = true;
			}
			else {
				this.peerClosed = true;
			}
			closeFrameOut = this.closeFrameFlushed;
		}
		if (!closeFrameOut) {
			startClose(code, reason, answer);
		}
		else if (brokeProtocol) {
			endAfterGrace();
		}
		else {
			finish();
		}
	}

	/**
	 * What a drain leaves to do outside the write lock.
	 *
	 * @param callback the engine's callback to complete, if any
	 * @param failure the write's failure, if any
	 * @param broken whether the connection failed
	 * @param closeFrameSent whether the close frame is out
	 */
	private record Drained(@Nullable WriteCallback callback, @Nullable Throwable failure, boolean broken,
			boolean closeFrameSent) {

		static final Drained NOTHING = new Drained(null, null, false, false);

		Drained(@Nullable WriteCallback callback, boolean closeFrameSent) {
			this(callback, null, false, closeFrameSent);
		}

		static Drained failed(@Nullable WriteCallback callback, Throwable failure) {
			return new Drained(callback, failure, true, false);
		}

		static Drained rejected(WriteCallback callback) {
			return new Drained(callback, new ClosedChannelException(), false, false);
		}

		void complete(ServletWebSocketSession session) {
			if (this.callback != null) {
				this.callback.completed(this.failure);
			}
			if (this.broken || session.outputFailed) {
				session.finish();
			}
			else if (this.closeFrameSent) {
				session.closeFrameSent();
			}
		}

	}

}
