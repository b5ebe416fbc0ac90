package dev.wse.autoconfigure.netty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.autoconfigure.WseProperties;
import dev.wse.autoconfigure.websocket.WseWebSocketAutoConfiguration;
import dev.wse.engine.WseEngine;
import dev.wse.engine.netty.NettyWseServerOptions;
import dev.wse.spring.WseEngineLifecycle;
import dev.wse.spring.netty.WseNettyServerLifecycle;
import dev.wse.spring.websocket.WseWebSocketHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseNettyAutoConfiguration}.
 *
 * @author WSE team
 */
class WseNettyAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseNettyAutoConfiguration.class));

	@Test
	void servletIsTheDefaultTransport() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(WseEngine.class)
			.doesNotHaveBean(WseNettyServerLifecycle.class));
	}

	@Test
	void nettyTransportRunsItsOwnServerInANonWebApplication() {
		this.contextRunner.withPropertyValues("wse.transport=netty", "wse.netty.port=0", "wse.netty.host=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasSingleBean(WseNettyServerLifecycle.class);
				WseNettyServerLifecycle server = context.getBean(WseNettyServerLifecycle.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.getPhase()).isGreaterThan(WseEngineLifecycle.PHASE);
				assertThat(server.port()).isPositive();
				assertThat(statusLine(server.port(), "GET /elsewhere HTTP/1.1\r\nHost: localhost\r\n\r\n"))
					.contains(" 404 ");
			});
	}

	@Test
	void stoppingTheContextStopsTheServerAndTheEngine() {
		this.contextRunner.withPropertyValues("wse.transport=netty", "wse.netty.port=0", "wse.netty.host=127.0.0.1")
			.run((context) -> {
				WseNettyServerLifecycle server = context.getBean(WseNettyServerLifecycle.class);
				WseEngine engine = context.getBean(WseEngine.class);
				context.close();
				assertThat(server.isRunning()).isFalse();
				assertThat(server.port()).isEqualTo(-1);
				assertThat(engine.state()).isEqualTo(dev.wse.engine.EngineState.STOPPED);
			});
	}

	@Test
	void propertiesReachTheServerOptions() {
		this.contextRunner
			.withPropertyValues("wse.transport=netty", "wse.netty.port=0", "wse.netty.host=127.0.0.1",
					"wse.netty.epoll=false", "wse.netty.worker-threads=2", "wse.netty.max-header-size=16KB",
					"wse.endpoint.path=/realtime", "wse.endpoint.allowed-origin-patterns=https://*.example.com")
			.run((context) -> {
				WseNettyServerLifecycle server = context.getBean(WseNettyServerLifecycle.class);
				NettyWseServerOptions options = server.getServer().options();
				assertThat(options.host()).isEqualTo("127.0.0.1");
				assertThat(options.path()).isEqualTo("/realtime");
				assertThat(options.epoll()).isFalse();
				assertThat(server.getServer().isNativeTransport()).isFalse();
				assertThat(options.workerThreads()).isEqualTo(2);
				assertThat(options.maxHeaderSize()).isEqualTo(16384);
				assertThat(options.isSsl()).isFalse();
				assertThat(options.allowedOrigins().test("https://app.example.com")).isTrue();
				assertThat(options.allowedOrigins().test("https://evil.example.org")).isFalse();
				String upgrade = "GET /realtime HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
						+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
						+ "Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example.org\r\n\r\n";
				assertThat(statusLine(server.port(), upgrade)).contains(" 403 ");
			});
	}

	@Test
	void defaultsMatchTheDocumentedOnes() {
		NettyWseServerOptions options = WseNettyAutoConfiguration.options(new WseProperties());
		assertThat(options.host()).isEqualTo("0.0.0.0");
		assertThat(options.port()).isEqualTo(8081);
		assertThat(options.path()).isEqualTo("/wse");
		assertThat(options.epoll()).isTrue();
		assertThat(options.workerThreads()).isZero();
		assertThat(options.maxHeaderSize()).isEqualTo(8192);
		assertThat(options.allowedOrigins().test("https://anywhere.example")).isTrue();
	}

	@Test
	void backsOffWithoutAnEngine() {
		this.contextRunner.withPropertyValues("wse.enabled=false", "wse.transport=netty", "wse.netty.port=0")
			.run((context) -> assertThat(context).doesNotHaveBean(WseNettyServerLifecycle.class));
	}

	@Test
	void backsOffWithoutNetty() {
		this.contextRunner.withPropertyValues("wse.transport=netty", "wse.netty.port=0")
			.withClassLoader(new FilteredClassLoader(io.netty.channel.Channel.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WseNettyServerLifecycle.class));
	}

	@Test
	void servletEndpointBacksOffOnNetty() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseWebSocketAutoConfiguration.class,
					WseNettyAutoConfiguration.class))
			.withPropertyValues("wse.transport=netty", "wse.netty.port=0", "wse.netty.host=127.0.0.1")
			.run((context) -> assertThat(context).hasSingleBean(WseNettyServerLifecycle.class)
				.doesNotHaveBean(WseWebSocketHandler.class));
	}

	@Test
	void nettyBacksOffOnServlet() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseWebSocketAutoConfiguration.class,
					WseNettyAutoConfiguration.class))
			.withPropertyValues("wse.transport=servlet")
			.run((context) -> assertThat(context).hasSingleBean(WseWebSocketHandler.class)
				.doesNotHaveBean(WseNettyServerLifecycle.class));
	}

	@Test
	void originPatternsFollowSpringsSyntax() {
		OriginPatterns patterns = OriginPatterns.of(List.of("https://*.example.com", "http://localhost:[8080,8081]",
				"https://exact.example.org/", "http://any-port.example:[*]"));
		assertThat(patterns.test("https://app.example.com")).isTrue();
		assertThat(patterns.test("https://APP.example.com")).isTrue();
		assertThat(patterns.test("https://example.com")).isFalse();
		assertThat(patterns.test("http://app.example.com")).isFalse();
		assertThat(patterns.test("http://localhost:8081")).isTrue();
		assertThat(patterns.test("http://localhost:9090")).isFalse();
		assertThat(patterns.test("http://localhost")).isFalse();
		assertThat(patterns.test("https://exact.example.org")).isTrue();
		assertThat(patterns.test("http://any-port.example")).isTrue();
		assertThat(patterns.test("http://any-port.example:1234")).isTrue();
		assertThat(patterns.test("null")).isFalse();
		assertThat(OriginPatterns.of(List.of()).test("https://anything")).isTrue();
		assertThat(OriginPatterns.of(List.of("*")).test("https://anything")).isTrue();
	}

	private static String statusLine(int port, String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(5000);
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

}
