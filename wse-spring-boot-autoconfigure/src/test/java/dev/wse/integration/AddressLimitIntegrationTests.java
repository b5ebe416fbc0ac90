package dev.wse.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.wse.engine.WseEngine;
import dev.wse.protocol.CloseCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wse.limits.connections-per-address} over real sockets: every test connection
 * comes from the loopback address, so the fourth one is closed with 4429, a closed
 * connection gives its slot back, and concurrent connects and closes leave no slot
 * behind.
 */
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.limits.connections-per-address=3" })
class AddressLimitIntegrationTests extends ServerSupport {

	private int port() {
		return this.clients.uri().getPort();
	}

	private RawWebSocket ready(String user) throws Exception {
		RawWebSocket socket = RawWebSocket.connect(port(), Tokens.valid(user));
		socket.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		return socket;
	}

	@Test
	void fourthConnectionFromTheAddressIsClosedWith4429AndClosingFreesASlot() throws Exception {
		WseEngine engine = this.template.getEngine();
		List<RawWebSocket> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(ready("user-" + i));
			}
			try (RawWebSocket fourth = RawWebSocket.connect(port(), Tokens.valid("user-3"))) {
				assertThat(fourth.status()).isEqualTo(101);
				assertThat(fourth.closeCode().get(5, TimeUnit.SECONDS))
					.isEqualTo(CloseCode.ADDRESS_CONNECTION_LIMIT.code());
			}
			try (RawWebSocket anonymous = RawWebSocket.connect(port(), null)) {
				assertThat(anonymous.closeCode().get(5, TimeUnit.SECONDS))
					.as("refused before authentication, so before AUTH_REQUIRED")
					.isEqualTo(CloseCode.ADDRESS_CONNECTION_LIMIT.code());
			}
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(5)).until(() -> engine.connectionCount() == 2);
			open.add(ready("user-4"));
		}
		finally {
			open.forEach(RawWebSocket::close);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(engine.connectionCount()).isZero();
			assertThat(engine.addressCount()).isZero();
		});
	}

	@Test
	void concurrentConnectsAndClosesLeaveNoSlotBehind() throws Exception {
		WseEngine engine = this.template.getEngine();
		ExecutorService pool = Executors.newFixedThreadPool(12);
		try {
			List<CompletableFuture<Void>> work = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				String user = "racer-" + i;
				work.add(CompletableFuture.runAsync(() -> {
					try (RawWebSocket socket = RawWebSocket.connect(port(), Tokens.valid(user))) {
						socket.closeCode().completeOnTimeout(0, 50, TimeUnit.MILLISECONDS).join();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, pool));
			}
			CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(engine.connectionCount()).isZero();
			assertThat(engine.addressCount()).isZero();
		});
		List<RawWebSocket> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(ready("after-" + i));
			}
		}
		finally {
			open.forEach(RawWebSocket::close);
		}
	}

}
