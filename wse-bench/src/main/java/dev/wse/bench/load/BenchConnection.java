package dev.wse.bench.load;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.CharsetUtil;
import org.jspecify.annotations.Nullable;

/**
 * One generator connection: completes {@link #ready()} when the peer's dialect says the
 * connection is usable, then hands every text or binary frame to its {@link Listener}.
 *
 * @author WSE team
 */
public final class BenchConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

	private final Dialect dialect;

	private final int index;

	private final CompletableFuture<BenchConnection> ready = new CompletableFuture<>();

	private volatile Listener listener;

	private volatile @Nullable Runnable onWritable;

	private @Nullable Channel channel;

	BenchConnection(Dialect dialect, int index, Listener listener) {
		this.dialect = dialect;
		this.index = index;
		this.listener = listener;
	}

	/**
	 * Completes with this connection once it is ready, or fails.
	 * @return the future
	 */
	public CompletableFuture<BenchConnection> ready() {
		return this.ready;
	}

	/**
	 * The connection's index among those of its scenario.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * The Netty channel.
	 * @return the channel
	 */
	public Channel channel() {
		Channel channel = this.channel;
		if (channel == null) {
			throw new IllegalStateException("Not connected");
		}
		return channel;
	}

	/**
	 * Replace the frame listener.
	 * @param listener the listener
	 */
	public void listener(Listener listener) {
		this.listener = listener;
	}

	/**
	 * Run a task (on the event loop) whenever the channel becomes writable again.
	 * @param task the task, or null
	 */
	public void onWritable(@Nullable Runnable task) {
		this.onWritable = task;
	}

	/**
	 * Send a text frame and flush.
	 * @param text the text
	 */
	public void send(String text) {
		channel().writeAndFlush(frame(text));
	}

	/**
	 * Close the connection.
	 */
	public void close() {
		Channel channel = this.channel;
		if (channel != null) {
			channel.close();
		}
	}

	static TextWebSocketFrame frame(String text) {
		return new TextWebSocketFrame(Unpooled.copiedBuffer(text, CharsetUtil.UTF_8));
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.channel = ctx.channel();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			String first = this.dialect.onHandshake();
			if (first != null) {
				ctx.writeAndFlush(frame(first));
			}
			if (this.dialect.readyOnHandshake()) {
				this.ready.complete(this);
			}
		}
		else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			this.ready.completeExceptionally(new IOException("WebSocket handshake timed out"));
			ctx.close();
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		ByteBuf content = frame.content();
		if (!this.ready.isDone()) {
			if (this.dialect.isReady(content)) {
				String next = this.dialect.afterReady();
				if (next != null) {
					ctx.writeAndFlush(frame(next));
				}
				this.ready.complete(this);
			}
			return;
		}
		this.listener.onFrame(this, content);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		Runnable task = this.onWritable;
		if (task != null && ctx.channel().isWritable()) {
			ctx.executor().execute(task);
		}
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.ready.completeExceptionally(new IOException("Connection closed before it was ready"));
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.ready.completeExceptionally(cause);
		ctx.close();
	}

	/**
	 * Receives the frames of ready connections, on the connection's event loop.
	 */
	@FunctionalInterface
	public interface Listener {

		/** A listener that ignores everything. */
		Listener IGNORE = (connection, frame) -> {
		};

		/**
		 * A frame arrived.
		 * @param connection the connection
		 * @param frame the frame content (valid during the call only)
		 */
		void onFrame(BenchConnection connection, ByteBuf frame);

	}

}
