package dev.wse.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wse.client.WseClient;
import dev.wse.engine.WseEngine;
import dev.wse.protocol.CloseCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One user opens 1,000 connections over real sockets against a server with a
 * connections-per-user limit of {@value LimitsServerTest#CONNECTIONS_PER_USER} (policy
 * reject-new). The documented outcome (docs/security.md §2.7): the first 100 are
 * accepted, every further one is closed with 4410 before {@code server_ready}; a
 * bystander of another user keeps being served, the accepted connections work, and once
 * they close the engine's connection, user and address counts and the heap return to
 * their baseline, and the user can connect again.
 */
@LimitsServerTest
class ThousandConnectionsIntegrationTests extends ServerSupport {

	private static final int COUNT = 1_000;

	@Test
	void thousandConnectionsOfOneUserGetTheLimitAndTheRestAreClosedWith4410() throws Exception {
		WseEngine engine = this.template.getEngine();
		Bystander bystander = Bystander.join(this.clients, "bystander-1000");
		int baseline = engine.connectionCount();
		int baselineUsers = engine.userCount();
		long heapBefore = ConnectionStorm.usedHeapAfterGc();
		ConnectionStorm storm = ConnectionStorm.open(this.clients, "mallory-1000", COUNT);
		try {
			int limit = LimitsServerTest.CONNECTIONS_PER_USER;
			assertThat(storm.outcomes()).isEqualTo(
					Map.of(ConnectionStorm.ACCEPTED, limit, CloseCode.USER_CONNECTION_LIMIT.code(), COUNT - limit));
			assertThat(this.template.connectionsOf("mallory-1000")).hasSize(limit);
			assertThat(engine.connectionCount()).isEqualTo(baseline + limit);
			bystander.assertHealthy(this.template);
			for (WseClient client : storm.accepted()) {
				client.ping().get(5, TimeUnit.SECONDS);
			}
		}
		finally {
			storm.closeAll();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(engine.connectionCount()).isEqualTo(baseline);
			assertThat(engine.userCount()).isEqualTo(baselineUsers);
			assertThat(engine.addressCount()).isZero();
		});
		bystander.assertHealthy(this.template);
		assertThat(this.clients.connect("mallory-1000").isOpen()).as("the user's slots were released").isTrue();
		// 1,000 connection attempts left nothing behind: the heap is back within 64 MiB
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(ConnectionStorm.usedHeapAfterGc()).isLessThan(heapBefore + 64L * 1024 * 1024));
	}

}
