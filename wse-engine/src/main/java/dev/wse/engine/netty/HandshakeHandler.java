package dev.wse.engine.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.WseEngine;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InboundHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.CharsetUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP request of a new connection: 404 for other paths, 400 for requests
 * that are not WebSocket upgrades, 403 for a cross-origin request from a forbidden
 * origin, 431 for oversized headers; otherwise completes the upgrade, replaces itself
 * with a {@link NettyTransportSession} and hands the connection to the engine. A
 * connection that has not upgraded within the handshake timeout is closed.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	private static final Logger logger = LoggerFactory.getLogger(HandshakeHandler.class);

	static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

	private final WseEngine engine;

	private final NettyWseServerOptions options;

	private final WebSocketDecoderConfig decoderConfig;

	private @Nullable ScheduledFuture<?> timeout;

	HandshakeHandler(WseEngine engine, NettyWseServerOptions options) {
		this.engine = engine;
		this.options = options;
		this.decoderConfig = WebSocketDecoderConfig.newBuilder()
			.maxFramePayloadLength(engine.config().maxMessageSize())
			.expectMaskedFrames(true)
			.allowMaskMismatch(false)
			.allowExtensions(false)
			.closeOnProtocolViolation(false)
			.withUTF8Validator(false)
			.build();
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.timeout = ctx.executor()
			.schedule(() -> ctx.channel().close(), HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		ScheduledFuture<?> scheduled = this.timeout;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
		if (request.decoderResult().isFailure()) {
			Throwable cause = request.decoderResult().cause();
			respond(ctx, (cause instanceof TooLongFrameException) ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
					: HttpResponseStatus.BAD_REQUEST);
			return;
		}
		QueryStringDecoder query = new QueryStringDecoder(request.uri());
		if (!query.path().equals(this.options.path())) {
			respond(ctx, HttpResponseStatus.NOT_FOUND);
			return;
		}
		if (!HttpMethod.GET.equals(request.method())
				|| !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
			respond(ctx, HttpResponseStatus.BAD_REQUEST);
			return;
		}
		String origin = request.headers().get(HttpHeaderNames.ORIGIN);
		if (origin != null && !isSameOrigin(origin, request.headers().get(HttpHeaderNames.HOST))
				&& !this.options.allowedOrigins().test(origin)) {
			logger.debug("Refusing upgrade from origin {}", origin);
			respond(ctx, HttpResponseStatus.FORBIDDEN);
			return;
		}
		String scheme = this.options.isSsl() ? "wss" : "ws";
		String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
		WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
				scheme + "://" + host + this.options.path(), null, this.decoderConfig)
			.newHandshaker(request);
		if (handshaker == null) {
			WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
			return;
		}
		HandshakeRequest handshakeRequest = handshakeRequest(ctx, request, scheme, host);
		NettyTransportSession session = new NettyTransportSession(this.engine.config().maxMessageSize());
		ChannelPipeline pipeline = ctx.pipeline();
		// Behind the frame decoder the handshake installs: the session, which checks that
		// text messages are UTF-8 (1007, see Utf8Text). Done first, since the
		// handshake
		// may complete at once; frames that arrive before the engine has the connection
		// wait in the session.
		pipeline.replace(this, "wse-session", session);
		handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) (future) -> {
			if (!future.isSuccess()) {
				logger.debug("WebSocket handshake failed on {}", ctx.channel(), future.cause());
				ctx.channel().close();
				return;
			}
			try {
				InboundHandler inbound = this.engine.open(session, handshakeRequest);
				session.bind(inbound);
			}
			catch (RuntimeException ex) {
				logger.warn("The engine failed to open a connection", ex);
				ctx.channel().close();
			}
		});
	}

	static boolean isSameOrigin(String origin, @Nullable String host) {
		if (host == null) {
			return false;
		}
		try {
			URI uri = new URI(origin);
			String originHost = uri.getHost();
			if (originHost == null) {
				return false;
			}
			String authority = (uri.getPort() < 0) ? originHost : originHost + ":" + uri.getPort();
			String requestHost = host.toLowerCase(Locale.ROOT);
			if (authority.toLowerCase(Locale.ROOT).equals(requestHost)) {
				return true;
			}
			// default ports: "https://example.com" is the origin of Host
			// "example.com:443"
			int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443
					: "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
			return uri.getPort() < 0 && defaultPort > 0
					&& (originHost + ":" + defaultPort).toLowerCase(Locale.ROOT).equals(requestHost);
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static HandshakeRequest handshakeRequest(ChannelHandlerContext ctx, FullHttpRequest request, String scheme,
			String host) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : request.headers().names()) {
			headers.put(name, request.headers().getAll(name));
		}
		URI uri;
		try {
			uri = URI.create(scheme + "://" + host + request.uri());
		}
		catch (IllegalArgumentException ex) {
			uri = URI.create(scheme + "://localhost" + new QueryStringDecoder(request.uri()).path());
		}
		SocketAddress remote = ctx.channel().remoteAddress();
		return new HandshakeRequest(uri, headers, (remote instanceof InetSocketAddress inet) ? inet : null, null);
	}

	private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status) {
		ByteBuf body = Unpooled.copiedBuffer(status.toString() + "\n", CharsetUtil.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
		HttpUtil.setContentLength(response, body.readableBytes());
		response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		logger.debug("Failed HTTP request on {}", ctx.channel(), cause);
		ctx.channel().close();
	}

}
