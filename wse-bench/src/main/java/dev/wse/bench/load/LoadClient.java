package dev.wse.bench.load;

import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import org.jspecify.annotations.Nullable;

/**
 * The generator's Netty WebSocket client: one event loop group (as many threads as the
 * generator's CPUs) shared by every connection, on the native epoll transport where it is
 * available (it costs the generator less CPU per connection than NIO), NIO otherwise.
 *
 * @author WSE team
 */
public final class LoadClient implements AutoCloseable {

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	/**
	 * Create a client with one event loop per available processor.
	 */
	public LoadClient() {
		boolean epoll = Epoll.isAvailable();
		this.group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
	}

	/**
	 * Open a connection.
	 * @param target the peer
	 * @param index the connection's index in its scenario
	 * @param token the JWT for the handshake, or null
	 * @param listener the frame listener
	 * @return the connection; its {@link BenchConnection#ready()} completes when usable
	 */
	public BenchConnection connect(Target target, int index, @Nullable String token,
			BenchConnection.Listener listener) {
		HttpHeaders headers = new DefaultHttpHeaders();
		if (token != null) {
			headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
		}
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(target.uri())
			.customHeaders(headers)
			.maxFramePayloadLength(1 << 20)
			.handshakeTimeoutMillis(30_000)
			.generateOriginHeader(false)
			.build();
		BenchConnection connection = new BenchConnection(target.dialect(), index, listener);
		ChannelFuture future = this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {

			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline()
					.addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
							new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
							connection);
			}

		}).connect(target.uri().getHost(), target.port());
		future.addListener((result) -> {
			if (!result.isSuccess()) {
				connection.ready().completeExceptionally(result.cause());
			}
		});
		return connection;
	}

	/**
	 * Open a connection and wait until it is ready.
	 * @param target the peer
	 * @param index the index
	 * @param token the JWT, or null
	 * @param listener the listener
	 * @return the ready connection
	 */
	public CompletableFuture<BenchConnection> open(Target target, int index, @Nullable String token,
			BenchConnection.Listener listener) {
		return connect(target, index, token, listener).ready();
	}

	@Override
	public void close() {
		this.group.shutdownGracefully().syncUninterruptibly();
	}

}
