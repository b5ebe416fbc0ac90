package dev.wse.engine.netty;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.engine.transport.Utf8Text;
import dev.wse.engine.transport.WriteCallback;
import dev.wse.protocol.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TransportSession} on a Netty channel that already speaks WebSocket frames, and
 * the channel handler that feeds the channel's inbound frames to the engine.
 * <p>
 * Writes: a frame's bytes are wrapped into one {@link ByteBuf} cached on the
 * {@link OutboundFrame} and every connection writes a retained duplicate of it; a batch
 * is written with one flush; the engine's callback completes right after the flush while
 * the channel is writable, otherwise when it becomes writable again (or fails when the
 * channel closes) — so the engine's one outstanding write per session follows the
 * channel's write-buffer water marks. Calls from other threads cost one task on the event
 * loop per batch.
 * <p>
 * Reads: fragmented messages are aggregated up to the maximum message size (a larger one
 * closes the connection with 1009) and passed to the engine's {@link InboundHandler} on
 * the event loop; pings are answered; a peer's close frame is echoed.
 * <p>
 * Closing follows RFC 6455 §7: our close frame goes after the data already written, then
 * we wait for the peer's close frame and end the connection (close the channel) once ours
 * is out, or at the latest {@link #CLOSE_TIMEOUT_MILLIS} after the close began; a peer's
 * close frame is echoed, and the connection ends once the echo is out. After a protocol
 * error (1002, 1007, 1009) no answer is waited for: as soon as our close frame is out our
 * side of the connection ends (a FIN, not a reset, while what the peer still sends is
 * read and dropped), and the channel closes when the peer ends its side. Once closing, a
 * paused session reads again (messages are dropped then), so that the peer's close frame
 * is not left waiting for a resume.
 */
final class NettyTransportSession extends ChannelInboundHandlerAdapter implements TransportSession {

	private static final Logger logger = LoggerFactory.getLogger(NettyTransportSession.class);

	/** Longest close reason a close frame carries. */
	private static final int MAX_REASON_LENGTH = 123;

	/** Code reported to the engine when the connection ends without a close frame. */
	private static final int ABNORMAL_CLOSURE = 1006;

	/**
	 * How long a close may take: for the close frame to get past data in progress and the
	 * peer's close frame to come back.
	 */
	static final long CLOSE_TIMEOUT_MILLIS = 5000;

	private final int maxMessageSize;

	private @Nullable ChannelHandlerContext context;

	private volatile @Nullable EventLoop eventLoop;

	private @Nullable InboundHandler inbound;

	/**
	 * Messages read before the engine has the connection, or while reading is paused
	 * (event loop only).
	 */
	private @Nullable ArrayDeque<Object> held;

	/** Whether the engine asked to stop reading (back-pressure). */
	private volatile boolean readingPaused;

	/** The write whose callback waits for the channel to become writable. */
	private @Nullable WriteCallback pendingCallback;

	/** Parts of a fragmented message. */
	private @Nullable CompositeByteBuf fragments;

	private boolean fragmentsText;

	private boolean discarding;

	private volatile boolean closing;

	/**
	 * Whether nothing more is waited for from the peer: its close frame came, or it broke
	 * the protocol (event loop only).
	 */
	private boolean peerDone;

	/** Whether to shut our output down once our close frame is out (a protocol error). */
	private boolean shutdownWhenOut;

	/** Whether our close frame (or the echo of the peer's) is out (event loop only). */
	private boolean closeFrameOut;

	/** Ends the connection if the close takes too long (event loop only). */
	private @Nullable ScheduledFuture<?> closeTimeout;

	private boolean closeReported;

	private int closeCode = ABNORMAL_CLOSURE;

	private String closeReason = "";

	/**
	 * Create a session.
	 * @param maxMessageSize the maximum inbound message size in bytes
	 */
	NettyTransportSession(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Connect the engine's handler; messages that arrived before are delivered now. Call
	 * on the event loop.
	 * @param handler the engine's handler for this connection
	 */
	void bind(InboundHandler handler) {
		this.inbound = handler;
		ChannelHandlerContext ctx = this.context;
		if (ctx != null) {
			releaseHeld(ctx);
			if (!ctx.channel().isActive()) {
				reportClosed();
			}
		}
	}

	/**
	 * Deliver the held messages, in order, until reading is paused again. Call on the
	 * event loop.
	 */
	private void releaseHeld(ChannelHandlerContext ctx) {
		ArrayDeque<Object> queue = this.held;
		while (queue != null && !this.readingPaused) {
			Object message = queue.poll();
			if (message == null) {
				// an idle connection keeps no queue
				this.held = null;
				break;
			}
			process(ctx, message);
		}
	}

	// Outbound

	@Override
	public void write(List<OutboundFrame> frames, WriteCallback callback) {
		EventLoop loop = this.eventLoop;
		if (loop == null) {
			callback.completed(new IllegalStateException("Session not attached to a channel"));
			return;
		}
		if (loop.inEventLoop()) {
			writeNow(frames, callback);
			return;
		}
		try {
			loop.execute(() -> writeNow(frames, callback));
		}
		catch (RejectedExecutionException ex) {
			callback.completed(ex);
		}
	}

	private void writeNow(List<OutboundFrame> frames, WriteCallback callback) {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null || this.closing || !ctx.channel().isActive()) {
			callback.completed(new ClosedChannelException());
			return;
		}
		int last = frames.size() - 1;
		for (int i = 0; i < last; i++) {
			ctx.write(webSocketFrame(frames.get(i)), ctx.voidPromise());
		}
		ChannelFuture written = ctx.write(webSocketFrame(frames.get(last)));
		ctx.flush();
		if (written.isDone() && !written.isSuccess()) {
			callback.completed(written.cause());
			return;
		}
		if (ctx.channel().isWritable()) {
			callback.completed(null);
			return;
		}
		this.pendingCallback = callback;
		written.addListener((ChannelFutureListener) (future) -> {
			if (!future.isSuccess()) {
				completePending(future.cause());
			}
		});
	}

	/**
	 * Return the Netty frame for an outbound frame: a retained duplicate of the buffer
	 * cached on the frame, so that every connection shares the same bytes.
	 */
	static WebSocketFrame webSocketFrame(OutboundFrame frame) {
		ByteBuf shared = sharedBuffer(frame);
		ByteBuf content = shared.retainedDuplicate();
		return frame.isText() ? new TextWebSocketFrame(true, 0, content) : new BinaryWebSocketFrame(true, 0, content);
	}

	/**
	 * Return the buffer cached on a frame, creating it on first use. It wraps the frame's
	 * array (heap memory owned by the frame, nothing to release) and keeps its own
	 * reference for as long as the frame lives; writers use retained duplicates.
	 */
	static ByteBuf sharedBuffer(OutboundFrame frame) {
		Object cached = frame.transportCache();
		if (cached instanceof ByteBuf buffer) {
			return buffer;
		}
		ByteBuf buffer = Unpooled.wrappedBuffer(frame.bytes());
		frame.transportCache(buffer);
		return buffer;
	}

	private void completePending(@Nullable Throwable failure) {
		WriteCallback callback = this.pendingCallback;
		if (callback != null) {
			this.pendingCallback = null;
			callback.completed(failure);
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable()) {
			completePending(null);
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void close(int code, String reason) {
		EventLoop loop = this.eventLoop;
		if (loop == null) {
			return;
		}
		if (loop.inEventLoop()) {
			closeNow(code, reason);
			return;
		}
		try {
			loop.execute(() -> closeNow(code, reason));
		}
		catch (RejectedExecutionException ex) {
			ChannelHandlerContext ctx = this.context;
			if (ctx != null) {
				ctx.channel().close();
			}
		}
	}

	private void closeNow(int code, String reason) {
		ChannelHandlerContext ctx = this.context;
		if (this.closing || ctx == null) {
			return;
		}
		this.closing = true;
		releaseFragments();
		if (!ctx.channel().isActive()) {
			return;
		}
		if (!this.closeReported) {
			this.closeCode = code;
			this.closeReason = reason;
		}
		String truncated = (reason.length() > MAX_REASON_LENGTH) ? reason.substring(0, MAX_REASON_LENGTH) : reason;
		sendCloseFrame(ctx, new CloseWebSocketFrame(code, truncated));
		if (this.readingPaused) {
			// Messages are dropped from now on, and the peer's close frame (perhaps
			// among the held messages) must not wait for a resume that may never come.
			this.readingPaused = false;
			ctx.channel().config().setAutoRead(true);
			releaseHeld(ctx);
		}
	}

	/**
	 * Write our close frame (or the echo of the peer's) behind the data already written
	 * and start the close timeout. The connection ends once the frame is out if nothing
	 * more is waited for from the peer, otherwise when the peer's close frame comes (or
	 * the close times out). Call on the event loop.
	 */
	private void sendCloseFrame(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
		try {
			this.closeTimeout = ctx.executor()
				.schedule(() -> ctx.channel().close(), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the event loop is shutting down, and the connection with it
		}
		ctx.writeAndFlush(frame).addListener((ChannelFutureListener) (future) -> {
			if (!future.isSuccess()) {
				ctx.channel().close();
				return;
			}
			this.closeFrameOut = true;
			if (this.peerDone) {
				ctx.channel().close();
			}
			else if (this.shutdownWhenOut) {
				shutdownOutput(ctx);
			}
		});
	}

	/**
	 * End a connection whose peer broke the protocol without resetting it: closing the
	 * socket while the peer is still sending (the rest of an oversized frame, say) makes
	 * the kernel answer with a reset, and a peer may then lose our close frame and its
	 * code. So our side of the TCP connection ends with a FIN behind the close frame,
	 * what the peer still sends is read and dropped (the frame decoder skips it), and the
	 * channel closes when the peer ends its side, or at the close timeout. A channel that
	 * cannot half-close is closed.
	 */
	private static void shutdownOutput(ChannelHandlerContext ctx) {
		if (ctx.channel() instanceof DuplexChannel duplex) {
			duplex.shutdownOutput();
		}
		else {
			ctx.channel().close();
		}
	}

	/**
	 * Nothing more is waited for from the peer: end the connection if our close frame is
	 * out already, otherwise once it is. Call on the event loop while closing.
	 */
	private void peerDone(ChannelHandlerContext ctx) {
		this.peerDone = true;
		if (this.closeFrameOut) {
			ctx.channel().close();
		}
	}

	@Override
	public boolean isOpen() {
		ChannelHandlerContext ctx = this.context;
		return !this.closing && ctx != null && ctx.channel().isActive();
	}

	@Override
	public boolean pauseReading() {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null) {
			return false;
		}
		this.readingPaused = true;
		ctx.channel().config().setAutoRead(false);
		if (this.closing) {
			// A close began meanwhile: it reads on (see closeNow).
			resumeReading();
		}
		return true;
	}

	@Override
	public void resumeReading() {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null) {
			return;
		}
		this.readingPaused = false;
		try {
			ctx.executor().execute(() -> {
				try {
					releaseHeld(ctx);
					if (!this.readingPaused) {
						ctx.channel().config().setAutoRead(true);
						if (this.readingPaused) {
							// paused again from another thread meanwhile
							ctx.channel().config().setAutoRead(false);
						}
					}
				}
				catch (Throwable ex) {
					// as a failure in channelRead would: the connection closes instead
					// of staying paused for good
					exceptionCaught(ctx, ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// the event loop is shutting down, and the connection with it
		}
	}

	// Inbound

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		this.eventLoop = ctx.channel().eventLoop();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		ArrayDeque<Object> queue = this.held;
		if (this.inbound == null || this.readingPaused || (queue != null && !queue.isEmpty())) {
			// Not bound yet, or reading paused: messages the decoder has already read
			// wait here, in order.
			if (queue == null) {
				queue = new ArrayDeque<>(2);
				this.held = queue;
			}
			queue.add(message);
			return;
		}
		process(ctx, message);
	}

	private void process(ChannelHandlerContext ctx, Object message) {
		try {
			if (message instanceof TextWebSocketFrame || message instanceof BinaryWebSocketFrame
					|| message instanceof ContinuationWebSocketFrame) {
				data(ctx, (WebSocketFrame) message);
			}
			else if (message instanceof PingWebSocketFrame ping) {
				if (!this.closing) {
					ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
				}
			}
			else if (message instanceof CloseWebSocketFrame close) {
				peerClose(ctx, close);
			}
			// Pong frames carry nothing for the engine: its heartbeat is the JSON ping.
		}
		finally {
			ReferenceCountUtil.release(message);
		}
	}

	private void data(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (this.discarding || this.closing) {
			if (frame.isFinalFragment()) {
				this.discarding = false;
			}
			return;
		}
		ByteBuf content = frame.content();
		CompositeByteBuf parts = this.fragments;
		if (parts == null) {
			if (frame instanceof ContinuationWebSocketFrame) {
				// The decoder rejects a continuation without a start; nothing to add to.
				return;
			}
			if (content.readableBytes() > this.maxMessageSize) {
				tooBig(frame.isFinalFragment());
				return;
			}
			if (frame.isFinalFragment()) {
				deliver(frame instanceof TextWebSocketFrame, content);
				return;
			}
			parts = ctx.alloc().compositeBuffer(16);
			this.fragments = parts;
			this.fragmentsText = frame instanceof TextWebSocketFrame;
		}
		if ((long) parts.readableBytes() + content.readableBytes() > this.maxMessageSize) {
			releaseFragments();
			tooBig(frame.isFinalFragment());
			return;
		}
		parts.addComponent(true, content.retain());
		if (frame.isFinalFragment()) {
			this.fragments = null;
			try {
				deliver(this.fragmentsText, parts);
			}
			finally {
				parts.release();
			}
		}
	}

	private void deliver(boolean text, ByteBuf content) {
		InboundHandler handler = this.inbound;
		if (handler == null) {
			return;
		}
		if (text) {
			int length = content.readableBytes();
			byte[] bytes;
			int offset;
			if (content.hasArray()) {
				bytes = content.array();
				offset = content.arrayOffset() + content.readerIndex();
			}
			else {
				bytes = new byte[length];
				content.getBytes(content.readerIndex(), bytes);
				offset = 0;
			}
			if (!Utf8Text.isValid(bytes, offset, length)) {
				invalidText();
				return;
			}
			handler.onText(bytes, offset, length);
		}
		else {
			handler.onBinary(ByteBufUtil.getBytes(content));
		}
	}

	private void tooBig(boolean last) {
		// Drop the rest of the message; the close frame is on its way.
		this.discarding = !last;
		protocolError(CloseCode.MESSAGE_TOO_BIG.code(), CloseCode.MESSAGE_TOO_BIG.reason());
	}

	/**
	 * The peer broke the protocol: close with the code, and end our side of the
	 * connection as soon as our close frame is out, without waiting for the peer's answer
	 * (RFC 6455 §7.1.7; see {@link #shutdownOutput}). Call on the event loop.
	 */
	private void protocolError(int code, String reason) {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null) {
			return;
		}
		closeNow(code, reason);
		this.shutdownWhenOut = true;
		if (this.closeFrameOut) {
			shutdownOutput(ctx);
		}
	}

	private void peerClose(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
		if (!this.closing) {
			int code = frame.statusCode();
			this.closing = true;
			releaseFragments();
			this.closeCode = (code < 0) ? 1005 : code;
			String reason = frame.reasonText();
			this.closeReason = (reason != null) ? reason : "";
			// Echo the close frame, then end the connection once the echo is out.
			sendCloseFrame(ctx, new CloseWebSocketFrame(true, 0, frame.content().retainedDuplicate()));
		}
		// Our close frame may still wait behind data the peer has not read: the
		// connection ends once it is out, not before.
		peerDone(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.closing = true;
		ScheduledFuture<?> timeout = this.closeTimeout;
		if (timeout != null) {
			this.closeTimeout = null;
			timeout.cancel(false);
		}
		releaseFragments();
		ArrayDeque<Object> queued = this.held;
		if (queued != null) {
			queued.forEach(ReferenceCountUtil::release);
			queued.clear();
		}
		if (this.pendingCallback != null) {
			completePending(new ClosedChannelException());
		}
		if (this.inbound != null) {
			reportClosed();
		}
		ctx.fireChannelInactive();
	}

	private void reportClosed() {
		InboundHandler handler = this.inbound;
		if (this.closeReported || handler == null) {
			return;
		}
		this.closeReported = true;
		handler.onClose(this.closeCode, this.closeReason);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof CorruptedWebSocketFrameException corrupted) {
			// The decoder now discards the rest of the input, the peer's close frame
			// included: send our close frame and end the connection once it is out,
			// rather than resetting a connection whose peer is still sending (it would
			// see 1006, not the code).
			logger.debug("WebSocket connection {} sent a bad frame: {}", ctx.channel(), cause.getMessage());
			this.discarding = true;
			WebSocketCloseStatus status = corrupted.closeStatus();
			protocolError(status.code(), (status.code() == CloseCode.MESSAGE_TOO_BIG.code())
					? CloseCode.MESSAGE_TOO_BIG.reason() : status.reasonText());
			return;
		}
		logger.debug("WebSocket connection {} failed", ctx.channel(), cause);
		ctx.channel().close();
	}

	/**
	 * A text message that is not valid UTF-8: 1007, as the frame decoder's validator
	 * would close, a protocol error.
	 */
	private void invalidText() {
		logger.debug("WebSocket connection {} sent a text message that is not UTF-8", this.context);
		WebSocketCloseStatus status = WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
		protocolError(status.code(), status.reasonText());
	}

	private void releaseFragments() {
		CompositeByteBuf parts = this.fragments;
		if (parts != null) {
			this.fragments = null;
			parts.release();
		}
	}

}
