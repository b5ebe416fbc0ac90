package dev.wse.engine.netty;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.wse.engine.WseEngine;
import dev.wse.engine.WseEngineConfig;
import dev.wse.protocol.CloseCode;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NettyWseServer} over real loopback sockets: HTTP answers before the upgrade
 * (404, 400, 403, 426, 431), the {@code 101} with the RFC 6455 accept key and the
 * engine's {@code server_ready} behind it, a frame sent together with the upgrade
 * request, 1009 for an oversized message, and TLS from PEM files.
 */
class NettyWseServerTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private WseEngine engine;

	private NettyWseServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stopAccepting();
		}
		if (this.engine != null) {
			this.engine.stop();
		}
		if (this.server != null) {
			this.server.stop();
		}
	}

	private int start(NettyWseServerOptions.Builder options) {
		this.engine = WseEngine.builder()
			.config(WseEngineConfig.builder().shutdownTimeout(Duration.ofSeconds(1)).build())
			.build();
		this.engine.start();
		this.server = new NettyWseServer(this.engine,
				options.host("127.0.0.1").port(0).allowedOrigins("https://app.example"::equals).build());
		this.server.start();
		assertThat(this.server.boundPort()).isPositive();
		return this.server.boundPort();
	}

	@Test
	void otherPathIsNotFound() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		assertThat(statusLine(port, upgrade("/other", port, null))).contains(" 404 ");
	}

	@Test
	void requestWithoutUpgradeIsBadRequest() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		assertThat(statusLine(port, "GET /wse HTTP/1.1\r\nHost: localhost\r\n\r\n")).contains(" 400 ");
	}

	@Test
	void forbiddenOriginIsRefusedBeforeTheUpgrade() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		assertThat(statusLine(port, upgrade("/wse", port, "https://evil.example"))).contains(" 403 ");
		assertThat(statusLine(port, upgrade("/wse", port, "https://app.example"))).contains(" 101 ");
		assertThat(statusLine(port, upgrade("/wse", port, "http://localhost:" + port))).as("same origin")
			.contains(" 101 ");
		assertThat(statusLine(port, upgrade("/wse", port, null))).as("no origin").contains(" 101 ");
	}

	@Test
	void oversizedHeadersAreRefused() throws Exception {
		int port = start(NettyWseServerOptions.builder().maxHeaderSize(2048));
		String request = "GET /wse HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(4096) + "\r\n\r\n";
		assertThat(statusLine(port, request)).contains(" 431 ");
	}

	@Test
	void otherWebSocketVersionsAreAskedToUpgradeTo13() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		for (String request : new String[] { upgrade("/wse", port, null).replace("Version: 13", "Version: 8"),
				upgrade("/wse", port, null).replace("Sec-WebSocket-Version: 13\r\n", "") }) {
			try (Socket socket = connect(port)) {
				send(socket, request.getBytes(StandardCharsets.US_ASCII));
				String head = readHead(socket.getInputStream());
				assertThat(head).startsWith("HTTP/1.1 426 ");
				assertThat(head.toLowerCase(Locale.ROOT)).contains("sec-websocket-version: 13\r\n");
			}
		}
		assertThat(this.engine.connectionCount()).isZero();
	}

	@Test
	void upgradeWithoutConnectionUpgradeIsBadRequest() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		assertThat(statusLine(port, upgrade("/wse", port, null).replace("Connection: Upgrade", "Connection: close")))
			.contains(" 400 ");
		assertThat(statusLine(port,
				upgrade("/wse", port, null).replace("Connection: Upgrade", "Connection: " + "keep-alive, Upgrade")))
			.as("a list with the token")
			.contains(" 101 ");
	}

	@Test
	void upgradeWithoutAKeyIsBadRequest() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		String request = upgrade("/wse", port, null).replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "");
		assertThat(statusLine(port, request)).contains(" 400 ");
		assertThat(this.engine.connectionCount()).isZero();
	}

	@Test
	void upgradeAnswersWithTheAcceptKeyAndServerReadyFollows() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		try (Socket socket = connect(port)) {
			send(socket, upgrade("/wse", port, null).getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
			// RFC 6455 §1.3: the accept value of the sample key
			Matcher accept = Pattern.compile("(?i)\r\nsec-websocket-accept: ([^\r]+)\r\n").matcher(head);
			assertThat(accept.find()).as("Sec-WebSocket-Accept in %s", head).isTrue();
			assertThat(accept.group(1)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
			assertThat(head).containsIgnoringCase("\r\nUpgrade: websocket\r\n")
				.containsIgnoringCase("\r\nConnection: Upgrade\r\n")
				.doesNotContainIgnoringCase("Sec-WebSocket-Protocol")
				.doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
			assertThat(readTextFrame(in)).contains("\"t\":\"server_ready\"");
		}
	}

	@Test
	void frameSentRightBehindTheUpgradeRequestIsRead() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		try (Socket socket = connect(port)) {
			byte[] request = upgrade("/wse", port, null).getBytes(StandardCharsets.US_ASCII);
			byte[] hello = maskedTextFrame(
					"{\"t\":\"client_hello\",\"p\":{\"client_version\":\"test\",\"protocol_version\":1}}");
			byte[] both = Arrays.copyOf(request, request.length + hello.length);
			System.arraycopy(hello, 0, both, request.length, hello.length);
			// one write: the frame reaches the server with the HTTP request, before the
			// 101
			send(socket, both);
			InputStream in = socket.getInputStream();
			assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
			assertThat(readTextFrame(in)).contains("\"t\":\"server_ready\"");
			assertThat(readTextFrame(in)).contains("\"t\":\"server_hello\"");
		}
	}

	@Test
	void engineGreetsAnUpgradedConnection() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		Listener listener = new Listener();
		HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/wse"), listener)
			.get(5, TimeUnit.SECONDS);
		assertThat(listener.firstText.get(5, TimeUnit.SECONDS)).contains("\"server_ready\"");
		assertThat(this.engine.connectionCount()).isEqualTo(1);
	}

	@Test
	void messageOverTheMaximumSizeIsClosedWith1009() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		Listener listener = new Listener();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/wse"), listener)
			.get(5, TimeUnit.SECONDS);
		listener.firstText.get(5, TimeUnit.SECONDS);
		int max = this.engine.config().maxMessageSize();
		socket.sendText("x".repeat(max / 2), false).get(5, TimeUnit.SECONDS);
		socket.sendText("x".repeat(max / 2 + 1), true).get(5, TimeUnit.SECONDS);
		assertThat(listener.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void textMessageOverTheMaximumSizeInOneCallIsClosedWith1009() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		Listener listener = new Listener();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/wse"), listener)
			.get(5, TimeUnit.SECONDS);
		listener.firstText.get(5, TimeUnit.SECONDS);
		socket.sendText("x".repeat(this.engine.config().maxMessageSize() + 1), true);
		assertThat(listener.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
	}

	@Test
	void manyConcurrentConnectionsAreAllGreeted() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		HttpClient client = HttpClient.newHttpClient();
		java.util.List<Listener> listeners = new java.util.ArrayList<>();
		java.util.List<CompletableFuture<WebSocket>> sockets = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++) {
			Listener listener = new Listener();
			listeners.add(listener);
			sockets
				.add(client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/wse"), listener));
		}
		CompletableFuture.allOf(sockets.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
		for (Listener listener : listeners) {
			assertThat(listener.firstText.get(5, TimeUnit.SECONDS)).contains("\"server_ready\"");
		}
		assertThat(this.engine.connectionCount()).isEqualTo(200);
	}

	@Test
	void stoppingTheEngineClosesConnectionsWith1001() throws Exception {
		int port = start(NettyWseServerOptions.builder());
		Listener listener = new Listener();
		HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/wse"), listener)
			.get(5, TimeUnit.SECONDS);
		listener.firstText.get(5, TimeUnit.SECONDS);
		this.server.stopAccepting();
		this.engine.stop();
		assertThat(listener.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCode.GOING_AWAY.code());
		assertThat(this.engine.connectionCount()).isZero();
	}

	@Test
	void servesTlsFromPemFiles(@TempDir Path directory) throws Exception {
		X509Bundle bundle = new CertificateBuilder().subject("CN=localhost")
			.addSanDnsName("localhost")
			.addSanIpAddress("127.0.0.1")
			.setIsCertificateAuthority(true)
			.ecp256()
			.buildSelfSigned();
		Path certificate = Files.writeString(directory.resolve("cert.pem"), bundle.getCertificatePEM());
		Path key = Files.writeString(directory.resolve("key.pem"), bundle.getPrivateKeyPEM());
		int port = start(NettyWseServerOptions.builder().ssl(certificate, key));
		assertThat(this.server.options().isSsl()).isTrue();
		Listener listener = new Listener();
		HttpClient client = HttpClient.newBuilder().sslContext(trusting(bundle.getCertificatePEM())).build();
		client.newWebSocketBuilder()
			.buildAsync(URI.create("wss://localhost:" + port + "/wse"), listener)
			.get(5, TimeUnit.SECONDS);
		assertThat(listener.firstText.get(5, TimeUnit.SECONDS)).contains("\"server_ready\"");
	}

	private static SSLContext trusting(String pem) throws Exception {
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("server", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	private static String upgrade(String path, int port, String origin) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n" + ((origin != null) ? "Origin: " + origin + "\r\n" : "") + "\r\n";
	}

	private static String statusLine(int port, String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout((int) WAIT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				line.append((char) b);
			}
			return line.toString();
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout((int) WAIT.toMillis());
		return socket;
	}

	private static void send(Socket socket, byte[] bytes) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(bytes);
		out.flush();
	}

	/** Read an HTTP response head, up to and including the empty line. */
	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int b = in.read();
			if (b == -1) {
				throw new EOFException("Connection closed in the response head: " + head);
			}
			head.append((char) b);
		}
		return head.toString();
	}

	/** Read one unfragmented, unmasked server text frame (RFC 6455 §5.2). */
	private static String readTextFrame(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int first = data.readUnsignedByte();
		assertThat(first).as("FIN + text opcode").isEqualTo(0x81);
		int second = data.readUnsignedByte();
		assertThat(second & 0x80).as("server frames are not masked").isZero();
		long length = second & 0x7F;
		if (length == 126) {
			length = data.readUnsignedShort();
		}
		else if (length == 127) {
			length = data.readLong();
		}
		byte[] payload = new byte[(int) length];
		data.readFully(payload);
		return new String(payload, StandardCharsets.UTF_8);
	}

	/** A client text frame (short payload), masked as RFC 6455 requires. */
	private static byte[] maskedTextFrame(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		assertThat(payload.length).isLessThan(126);
		byte[] mask = { 0x37, (byte) 0xfa, 0x21, 0x3d };
		byte[] frame = new byte[2 + 4 + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		System.arraycopy(mask, 0, frame, 2, 4);
		for (int i = 0; i < payload.length; i++) {
			frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
		}
		return frame;
	}

	static final class Listener implements WebSocket.Listener {

		final CompletableFuture<String> firstText = new CompletableFuture<>();

		final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.firstText.complete(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeCode.completeExceptionally(error);
			this.firstText.completeExceptionally(error);
		}

	}

}
