package dev.wse.engine.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
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
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.FastThreadLocal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP request of a new connection: 404 for other paths, 400 for requests
 * that are not WebSocket upgrades (no {@code Upgrade: websocket} or no {@code Connection:
 * Upgrade}) or lack a {@code Sec-WebSocket-Key}, 426 with
 * {@code Sec-WebSocket-Version: 13} for other WebSocket versions, 403 for a cross-origin
 * request from a forbidden origin, 431 for oversized headers; otherwise answers
 * {@code 101}, puts the RFC 6455 frame codec and a {@link NettyTransportSession} in place
 * of the HTTP handlers and hands the connection to the engine, whose first frame leaves
 * in the same write as the {@code 101}. A connection that has not upgraded within the
 * handshake timeout is closed.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	private static final Logger logger = LoggerFactory.getLogger(HandshakeHandler.class);

	static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

	/** The {@code Sec-WebSocket-Version} this server speaks (RFC 6455). */
	private static final String WEBSOCKET_VERSION = "13";

	private static final byte[] ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RESPONSE_HEAD = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
			+ "Connection: Upgrade\r\nSec-WebSocket-Accept: ")
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CRLF_CRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final FastThreadLocal<MessageDigest> SHA1 = new FastThreadLocal<>() {

		@Override
		protected MessageDigest initialValue() throws NoSuchAlgorithmException {
			return MessageDigest.getInstance("SHA-1");
		}

	};

	private final WseEngine engine;

	private final NettyWseServerOptions options;

	private final WebSocketDecoderConfig decoderConfig;

	private @Nullable ScheduledFuture<?> timeout;

	HandshakeHandler(WseEngine engine, NettyWseServerOptions options, WebSocketDecoderConfig decoderConfig) {
		this.engine = engine;
		this.options = options;
		this.decoderConfig = decoderConfig;
	}

	/**
	 * Return the frame decoder settings for an engine: its maximum message size per
	 * frame, masked client frames only, no extensions, and no UTF-8 check (the session
	 * checks whole messages, see {@link NettyTransportSession}). Immutable: one instance
	 * serves every connection.
	 * @param engine the engine
	 * @return the settings
	 */
	static WebSocketDecoderConfig decoderConfig(WseEngine engine) {
		return WebSocketDecoderConfig.newBuilder()
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
				|| !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
				|| !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
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
		String version = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
		if (!WEBSOCKET_VERSION.equals(version)) {
			// RFC 6455 §4.4: the versions this server speaks
			WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
				.addListener(ChannelFutureListener.CLOSE);
			return;
		}
		String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
		if (key == null || key.isBlank()) {
			respond(ctx, HttpResponseStatus.BAD_REQUEST);
			return;
		}
		String scheme = this.options.isSsl() ? "wss" : "ws";
		String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
		HandshakeRequest handshakeRequest = handshakeRequest(ctx, request, scheme, host);
		NettyTransportSession session = new NettyTransportSession(this.engine.config().maxMessageSize());
		// The session takes this handler's place: it checks that text messages are UTF-8
		// (1007, see Utf8Text) and holds messages until the engine has the connection.
		ChannelPipeline pipeline = ctx.pipeline();
		pipeline.replace(this, "wse-session", session);
		pipeline.remove(HttpObjectAggregator.class);
		// The 101 goes out in front of the HTTP codec, ahead of anything the frame codec
		// may answer, and is not flushed on its own: the engine's first frame
		// (server_ready, or why it refuses the connection) is written behind it, and one
		// flush sends both.
		ChannelHandlerContext http = pipeline.context(HttpServerCodec.class);
		Channel channel = ctx.channel();
		http.write(switchingProtocols(channel, key)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
		// Then the WebSocket codec takes the HTTP codec's place: bytes the HTTP decoder
		// still holds (a frame sent right behind the request) go on to the frame decoder,
		// and its frames to the session.
		pipeline.addAfter(http.name(), "ws-encoder", new WebSocket13FrameEncoder(false));
		pipeline.replace(http.name(), "ws-decoder", new WebSocket13FrameDecoder(this.decoderConfig));
		try {
			InboundHandler inbound = this.engine.open(session, handshakeRequest);
			session.bind(inbound);
		}
		catch (RuntimeException ex) {
			// the 101 is not out yet; the client sees the connection end
			logger.warn("The engine failed to open a connection", ex);
			channel.close();
		}
		// The engine writes its first frame at once on this thread (server_ready, the
		// authentication greeting or failure); a refusal it sends from elsewhere (a full
		// server, shutting down) follows the 101 later.
		channel.flush();
	}

	/**
	 * Return the {@code 101 Switching Protocols} answer to an opening handshake with the
	 * given {@code Sec-WebSocket-Key} (RFC 6455 §4.2.2). No subprotocol and no extension
	 * is selected.
	 */
	static ByteBuf switchingProtocols(Channel channel, String key) {
		MessageDigest sha1 = SHA1.get();
		sha1.update(key.getBytes(StandardCharsets.US_ASCII));
		byte[] accept = Base64.getEncoder().encode(sha1.digest(ACCEPT_GUID));
		ByteBuf response = channel.alloc().buffer(RESPONSE_HEAD.length + accept.length + 4);
		return response.writeBytes(RESPONSE_HEAD).writeBytes(accept).writeBytes(CRLF_CRLF);
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
		// one pass over the headers (HandshakeRequest merges names that differ in case)
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (Iterator<Map.Entry<String, String>> it = request.headers().iteratorAsString(); it.hasNext();) {
			Map.Entry<String, String> header = it.next();
			headers.computeIfAbsent(header.getKey(), (name) -> new ArrayList<>(1)).add(header.getValue());
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
