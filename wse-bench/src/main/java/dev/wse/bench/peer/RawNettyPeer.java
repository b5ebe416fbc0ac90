package dev.wse.bench.peer;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The JVM limit: a raw Netty WebSocket server on {@code /ws}, no authentication, no
 * envelope. Text messages: {@code sub:<topic>} joins the topic's {@link ChannelGroup},
 * {@code pub:<topic>:<body>} writes {@code <body>} to the group as one pre-encoded frame
 * (each channel gets a retained duplicate of the same buffer), {@code in:<body>} is
 * counted and dropped, {@code echo:<body>} is answered with {@code <body>}.
 * <p>
 * Tuned as a Netty user would tune a broadcast server: the native epoll transport when it
 * is available (as the WSE Netty transport uses by default), and a
 * {@link FlushConsolidationHandler} that lets the deliveries queued for a channel share
 * one flush (one {@code write} system call) instead of one each. The system properties
 * {@code bench.raw.nio=true} and {@code bench.raw.flush-every-write=true} turn either
 * off, to compare with the untuned server.
 * <p>
 * Usage:
 * {@code java -cp ... dev.wse.bench.peer.RawNettyPeer --port=8080 --stats-port=8099}
 *
 * @author WSE team
 */
public final class RawNettyPeer implements AutoCloseable {

	/**
	 * Flushes a channel may consolidate before one is forced: Netty's default.
	 */
	private static final int FLUSHES_BEFORE_FORCED = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

	private final EventLoopGroup boss;

	private final EventLoopGroup workers;

	private final boolean epoll;

	private final Map<String, ChannelGroup> topics = new ConcurrentHashMap<>();

	private final Channel serverChannel;

	private final HttpServer stats;

	private RawNettyPeer(PeerArgs args) throws Exception {
		this.epoll = !Boolean.getBoolean("bench.raw.nio") && Epoll.isAvailable();
		boolean consolidateFlushes = !Boolean.getBoolean("bench.raw.flush-every-write");
		IoHandlerFactory ioHandlerFactory = this.epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channelClass = this.epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		this.boss = new MultiThreadIoEventLoopGroup(1, ioHandlerFactory);
		this.workers = new MultiThreadIoEventLoopGroup(ioHandlerFactory);
		this.stats = PeerStats.start(args.statsPort());
		ChannelHandler handler = new FrameHandler();
		this.serverChannel = new ServerBootstrap().group(this.boss, this.workers)
			.channel(channelClass)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childHandler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					if (consolidateFlushes) {
						channel.pipeline().addLast(new FlushConsolidationHandler(FLUSHES_BEFORE_FORCED, true));
					}
					channel.pipeline()
						.addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
								new WebSocketServerProtocolHandler("/ws"), handler);
				}

			})
			.bind(new InetSocketAddress("127.0.0.1", args.port()))
			.sync()
			.channel();
	}

	/**
	 * Start the server.
	 * @param args the peer arguments
	 * @return the running server
	 * @throws Exception if it cannot start
	 */
	public static RawNettyPeer start(PeerArgs args) throws Exception {
		return new RawNettyPeer(args);
	}

	/**
	 * Run the server until the process is killed.
	 * @param args {@code --port=}, {@code --stats-port=}
	 * @throws Exception if it cannot start
	 */
	public static void main(String[] args) throws Exception {
		RawNettyPeer peer = start(PeerArgs.parse(args));
		System.out.println("raw-netty peer ready (" + (peer.epoll ? "epoll" : "NIO") + ")");
		peer.serverChannel.closeFuture().sync();
	}

	@Override
	public void close() {
		this.serverChannel.close().syncUninterruptibly();
		this.stats.stop(0);
		this.boss.shutdownGracefully();
		this.workers.shutdownGracefully().syncUninterruptibly();
	}

	@ChannelHandler.Sharable
	private final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
			ByteBuf content = frame.content();
			int start = content.readerIndex();
			int colon = content.indexOf(start, content.writerIndex(), (byte) ':');
			if (colon < 0) {
				return;
			}
			String command = content.toString(start, colon - start, CharsetUtil.US_ASCII);
			switch (command) {
				case "pub" -> {
					int second = content.indexOf(colon + 1, content.writerIndex(), (byte) ':');
					String topic = content.toString(colon + 1, second - colon - 1, CharsetUtil.UTF_8);
					ChannelGroup group = RawNettyPeer.this.topics.get(topic);
					if (group != null) {
						ByteBuf body = content.retainedSlice(second + 1, content.writerIndex() - second - 1);
						group.writeAndFlush(new TextWebSocketFrame(body));
					}
				}
				case "sub" -> {
					String topic = content.toString(colon + 1, content.writerIndex() - colon - 1, CharsetUtil.UTF_8);
					RawNettyPeer.this.topics
						.computeIfAbsent(topic, (name) -> new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
						.add(ctx.channel());
				}
				case "in" -> PeerStats.INBOUND.increment();
				case "echo" -> ctx.writeAndFlush(
						new TextWebSocketFrame(content.retainedSlice(colon + 1, content.writerIndex() - colon - 1)));
				default -> {
				}
			}
		}

	}

}
