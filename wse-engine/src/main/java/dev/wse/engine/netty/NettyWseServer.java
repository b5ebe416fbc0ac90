package dev.wse.engine.netty;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.wse.engine.WseEngine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty WebSocket server for a {@link WseEngine}: it accepts connections on its own
 * port and hands each upgraded one to {@link WseEngine#open}. HTTP requests for other
 * paths get 404, plain requests on the path 400, cross-origin upgrades from forbidden
 * origins 403 (see {@link NettyWseServerOptions.Builder#allowedOrigins}).
 * <p>
 * Uses the native epoll transport when asked and available, NIO otherwise; TLS from PEM
 * files when configured. Lifecycle: {@link #start()} binds; {@link #stopAccepting()}
 * closes the listening socket, leaving open connections to the engine's own stop (which
 * closes them with 1001); {@link #stop()} then shuts the event loops down.
 */
public final class NettyWseServer {

	private static final Logger logger = LoggerFactory.getLogger(NettyWseServer.class);

	/** Write-buffer water marks: a connection is unwritable above 64 KiB pending. */
	static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

	private static final int MAX_INITIAL_LINE_LENGTH = 4096;

	/**
	 * How long a stop waits for open connections to finish closing: a little more than a
	 * session waits for its peer's close frame.
	 */
	private static final long CLOSE_WAIT_MILLIS = 2500;

	private final WseEngine engine;

	private final NettyWseServerOptions options;

	private final WebSocketDecoderConfig decoderConfig;

	private @Nullable EventLoopGroup bossGroup;

	private @Nullable EventLoopGroup workerGroup;

	private @Nullable Channel serverChannel;

	private volatile int boundPort = -1;

	/** The open connections, so that a stop can let their close handshakes finish. */
	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private boolean nativeTransport;

	/**
	 * Create a server.
	 * @param engine the engine that serves the connections
	 * @param options the server's settings
	 */
	public NettyWseServer(WseEngine engine, NettyWseServerOptions options) {
		this.engine = Objects.requireNonNull(engine, "engine");
		this.options = Objects.requireNonNull(options, "options");
		this.decoderConfig = HandshakeHandler.decoderConfig(engine);
	}

	/**
	 * Bind the listening socket and start accepting connections. Does nothing when
	 * already started.
	 * @throws IllegalStateException if the TLS files cannot be read or the address cannot
	 * be bound
	 */
	public synchronized void start() {
		if (this.serverChannel != null) {
			return;
		}
		SslContext sslContext = sslContext();
		boolean epoll = this.options.epoll() && Epoll.isAvailable();
		IoHandlerFactory ioHandlerFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("wse-netty-boss", true),
				ioHandlerFactory);
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(this.options.workerThreads(),
				new DefaultThreadFactory("wse-netty", true), ioHandlerFactory);
		ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
			.channel(channelClass)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
			.childHandler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					NettyWseServer.this.channels.add(channel);
					initPipeline(channel.pipeline(), sslContext, channel);
				}

			});
		try {
			Channel channel = bootstrap.bind(this.options.host(), this.options.port()).syncUninterruptibly().channel();
			this.serverChannel = channel;
			this.bossGroup = boss;
			this.workerGroup = workers;
			this.nativeTransport = epoll;
			this.boundPort = ((InetSocketAddress) channel.localAddress()).getPort();
		}
		catch (RuntimeException ex) {
			boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
			workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
			throw new IllegalStateException(
					"Could not bind the WSE Netty server to " + this.options.host() + ":" + this.options.port(), ex);
		}
		logger.info("WSE Netty server listening on {}:{}{} ({}{})", this.options.host(), this.boundPort,
				this.options.path(), epoll ? "epoll" : "nio", (sslContext != null) ? ", TLS" : "");
	}

	private void initPipeline(ChannelPipeline pipeline, @Nullable SslContext sslContext, SocketChannel channel) {
		if (sslContext != null) {
			pipeline.addLast("ssl", sslContext.newHandler(channel.alloc()));
		}
		pipeline.addLast("http",
				new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
					.setMaxHeaderSize(this.options.maxHeaderSize())));
		// An upgrade request has no body.
		pipeline.addLast("http-aggregator", new HttpObjectAggregator(1024));
		pipeline.addLast("wse-handshake", new HandshakeHandler(this.engine, this.options, this.decoderConfig));
	}

	private @Nullable SslContext sslContext() {
		Path certificate = this.options.sslCertificate();
		Path privateKey = this.options.sslPrivateKey();
		if (certificate == null || privateKey == null) {
			return null;
		}
		try {
			return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()).build();
		}
		catch (SSLException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"Could not read the TLS certificate " + certificate + " or private key " + privateKey, ex);
		}
	}

	/**
	 * Return the port the server listens on.
	 * @return the bound port, or {@code -1} when not started
	 */
	public int boundPort() {
		return this.boundPort;
	}

	/**
	 * Return whether the server listens.
	 * @return {@code true} between {@link #start()} and {@link #stopAccepting()}
	 */
	public synchronized boolean isRunning() {
		Channel channel = this.serverChannel;
		return channel != null && channel.isOpen();
	}

	/**
	 * Return whether the native epoll transport is in use.
	 * @return {@code true} for epoll, {@code false} for NIO
	 */
	public synchronized boolean isNativeTransport() {
		return this.nativeTransport;
	}

	/**
	 * Return the settings.
	 * @return the options
	 */
	public NettyWseServerOptions options() {
		return this.options;
	}

	/**
	 * Close the listening socket; open connections stay up.
	 */
	public synchronized void stopAccepting() {
		Channel channel = this.serverChannel;
		if (channel != null && channel.isOpen()) {
			channel.close().syncUninterruptibly();
		}
	}

	/**
	 * Stop accepting and shut the event loops down, closing whatever connections are left
	 * (stop the engine first to close them gracefully).
	 */
	public synchronized void stop() {
		stopAccepting();
		EventLoopGroup workers = this.workerGroup;
		EventLoopGroup boss = this.bossGroup;
		this.workerGroup = null;
		this.bossGroup = null;
		this.serverChannel = null;
		if (workers != null && boss != null) {
			awaitConnectionsClosed();
			boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
			boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
			workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
		this.boundPort = -1;
	}

	/**
	 * Give connections the engine is closing (1001) the time a close handshake takes:
	 * shutting the event loops down first would reset them, and their peers would see
	 * 1006 instead of the close code.
	 */
	private void awaitConnectionsClosed() {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
		while (!this.channels.isEmpty() && System.nanoTime() - deadline < 0) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
