package dev.wse.integration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wse.client.CloseStatus;
import dev.wse.client.WseClient;
import dev.wse.protocol.CloseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application closes every connection with 1001 (going away). Starts and
 * stops its own server, since it ends it.
 */
class GracefulShutdownIntegrationTests {

	private ConfigurableApplicationContext context;

	private TestClients clients;

	@AfterEach
	void cleanUp() {
		if (this.clients != null) {
			this.clients.closeAll();
		}
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void closingTheApplicationClosesConnectionsWith1001() throws Exception {
		this.context = new SpringApplicationBuilder(WseTestApplication.class)
			.properties("server.port=0", "wse.security.jwt.secret=" + Tokens.SECRET,
					"wse.security.jwt.issuer=" + Tokens.ISSUER, "wse.security.jwt.audience=" + Tokens.AUDIENCE,
					"wse.shutdown-timeout=2s")
			.run();
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.clients = new TestClients(WsePorts.wsePort(this.context, port));
		WseClient first = this.clients.connect("alice");
		WseClient second = this.clients.connect("bob");

		long start = System.nanoTime();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(this.context::close);

		CloseStatus firstStatus = first.closeFuture().get(5, TimeUnit.SECONDS);
		CloseStatus secondStatus = second.closeFuture().get(5, TimeUnit.SECONDS);
		assertThat(firstStatus.code()).isEqualTo(CloseCode.GOING_AWAY.code());
		assertThat(secondStatus.code()).isEqualTo(CloseCode.GOING_AWAY.code());
		closing.get(10, TimeUnit.SECONDS);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("shutdown time, ms").isLessThan(5000);
	}

}
