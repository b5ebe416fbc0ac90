package dev.wse.engine.netty;

import java.io.ByteArrayInputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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
 * {@link NettyWseServer} over real loopback sockets: HTTP answers before the upgrade, the
 * engine's {@code server_ready} after it, 1009 for an oversized message, and TLS from PEM
 * files.
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
