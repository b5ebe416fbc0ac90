package dev.wse.engine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.protocol.CloseCode;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections-per-address limit: 4429 beyond it, other addresses unaffected, slots
 * released on every path (refused, authenticated, closed, concurrent).
 */
class AddressLimitTests {

	private WseEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private WseEngine engine(int perAddress, int perUser) {
		this.engine = EngineTestSupport.start(
				(builder) -> builder
					.config(EngineTestSupport.config()
						.connectionsPerAddress(perAddress)
						.connectionsPerUser(perUser)
						.maxConnections(10_000)
						.build())
					.authenticator((request) -> {
						String user = request.queryParameter("user");
						return (user == null) ? AuthenticationResult.failure(ErrorCode.AUTH_REQUIRED, "No token")
								: AuthenticationResult.success(WsePrincipal.of(user));
					}));
		return this.engine;
	}

	private TestClient connect(String address, String user) {
		String uri = "ws://localhost/wse" + ((user != null) ? "?user=" + user : "");
		return TestClient.connect(this.engine,
				new HandshakeRequest(URI.create(uri), Map.of(), new InetSocketAddress(address, 40000), null));
	}

	@Test
	void connectionsBeyondTheLimitOfOneAddressAreClosedWith4429() {
		engine(2, 0);
		TestClient first = connect("10.0.0.1", "alice");
		TestClient second = connect("10.0.0.1", "bob");
		TestClient third = connect("10.0.0.1", "carol");
		assertThat(third.session().awaitClose(TestClient.TIMEOUT)).isEqualTo(CloseCode.ADDRESS_CONNECTION_LIMIT.code());
		assertThat(third.session().closeReason()).isEqualTo("Too many connections from this address");
		TestClient elsewhere = connect("10.0.0.2", "carol");
		elsewhere.awaitType("server_ready");
		first.awaitType("server_ready");
		second.awaitType("server_ready");
		assertThat(this.engine.connectionCount()).isEqualTo(3);
		assertThat(this.engine.addressCount()).isEqualTo(2);
		first.session().peerClosed(1000);
		TestClient again = connect("10.0.0.1", "dave");
		again.awaitType("server_ready");
		assertThat(again.session().isOpen()).isTrue();
	}

	@Test
	void refusedAuthenticationAndUserLimitGiveTheSlotBack() {
		engine(2, 1);
		TestClient anonymous = connect("10.0.0.1", null);
		assertThat(anonymous.session().awaitClose(TestClient.TIMEOUT))
			.isEqualTo(CloseCode.AUTHENTICATION_FAILED.code());
		TestClient alice = connect("10.0.0.1", "alice");
		TestClient aliceAgain = connect("10.0.0.1", "alice");
		assertThat(aliceAgain.session().awaitClose(TestClient.TIMEOUT))
			.isEqualTo(CloseCode.USER_CONNECTION_LIMIT.code());
		TestClient bob = connect("10.0.0.1", "bob");
		bob.awaitType("server_ready");
		alice.awaitType("server_ready");
		assertThat(this.engine.connectionCount()).isEqualTo(2);
	}

	@Test
	void ipv6AndPortsAreCountedByAddress() {
		engine(1, 0);
		TestClient first = TestClient.connect(this.engine, new HandshakeRequest(URI.create("ws://localhost/wse?user=a"),
				Map.of(), new InetSocketAddress("::1", 1), null));
		TestClient second = TestClient.connect(this.engine, new HandshakeRequest(
				URI.create("ws://localhost/wse?user=b"), Map.of(), new InetSocketAddress("0:0:0:0:0:0:0:1", 2), null));
		first.awaitType("server_ready");
		assertThat(second.session().awaitClose(TestClient.TIMEOUT))
			.isEqualTo(CloseCode.ADDRESS_CONNECTION_LIMIT.code());
	}

	@Test
	void connectionsWithoutAKnownAddressAreNotCounted() {
		engine(1, 0);
		TestClient first = TestClient.connect(this.engine, "ws://localhost/wse?user=a", Map.of());
		TestClient second = TestClient.connect(this.engine, "ws://localhost/wse?user=b", Map.of());
		first.awaitType("server_ready");
		second.awaitType("server_ready");
		assertThat(this.engine.addressCount()).isZero();
	}

	@Test
	void theLimitIsOffByDefault() {
		assertThat(WseEngineConfig.builder().build().connectionsPerAddress()).isZero();
		engine(0, 0);
		for (int i = 0; i < 50; i++) {
			connect("10.0.0.1", "u" + i).awaitType("server_ready");
		}
		assertThat(this.engine.addressCount()).isZero();
	}

	@Test
	void concurrentConnectsAndClosesLeakNoSlot() throws Exception {
		engine(5, 0);
		int threads = 8;
		int rounds = 200;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < rounds; i++) {
						String address = "10.0.1." + (i % 3);
						TestClient client = connect(address, ((i % 4 == 0) ? null : "u" + thread + "-" + i));
						if (i % 2 == 0) {
							client.session().peerClosed(1000);
						}
						else {
							this.engine.connections().forEach((connection) -> {
								if (connection.id().hashCode() % 7 == 0) {
									connection.close(dev.wse.protocol.CloseCode.NORMAL);
								}
							});
							client.session().peerClosed(1001);
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (var future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.engine.connectionCount() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.engine.connectionCount()).isZero();
		assertThat(this.engine.addressCount()).isZero();
		assertThat(this.engine.userCount()).isZero();
		for (int i = 0; i < 5; i++) {
			connect("10.0.1.0", "after" + i).awaitType("server_ready");
		}
		assertThat(connect("10.0.1.0", "sixth").session().awaitClose(TestClient.TIMEOUT))
			.isEqualTo(CloseCode.ADDRESS_CONNECTION_LIMIT.code());
	}

}
