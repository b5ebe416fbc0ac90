package dev.wse.integration;

import java.util.Map;

import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct delivery through {@code WseTemplate}: to every connection of a user, or to one
 * connection.
 */
class DeliveryIntegrationTests extends SharedServerSupport {

	@Test
	void sendToUserReachesAllConnectionsOfThatUserAndNobodyElse() {
		WseClient erinOnPhone = this.clients.connect("erin");
		WseClient erinOnLaptop = this.clients.connect("erin");
		WseClient frank = this.clients.connect("frank");

		int delivered = this.template.sendToUser("erin", "notice", Map.of("text", "hello erin"));
		// Barrier: frank's own message arrives after anything sent to him before it.
		this.template.sendToUser("frank", "barrier", Map.of());

		assertThat(delivered).isEqualTo(2);
		for (WseClient erin : new WseClient[] { erinOnPhone, erinOnLaptop }) {
			Envelope notice = erin.messages().awaitType("notice", TestClients.WAIT);
			assertThat(notice.payload().path("text").stringValue()).isEqualTo("hello erin");
		}
		frank.messages().awaitType("barrier", TestClients.WAIT);
		assertThat(frank.messages().received("notice")).isEmpty();
	}

	@Test
	void sendToConnectionReachesOnlyThatConnection() {
		WseClient target = this.clients.connect("grace");
		WseClient sameUser = this.clients.connect("grace");

		assertThat(this.template.sendToConnection(target.connectionId(), "direct", Map.of("n", 1))).isTrue();
		this.template.sendToConnection(sameUser.connectionId(), "barrier", Map.of());

		assertThat(target.messages().awaitType("direct", TestClients.WAIT).payload().path("n").asInt()).isEqualTo(1);
		sameUser.messages().awaitType("barrier", TestClients.WAIT);
		assertThat(sameUser.messages().received("direct")).isEmpty();
	}

	@Test
	void sendToUnknownUserReachesNobody() {
		assertThat(this.template.sendToUser("nobody-" + System.nanoTime(), "notice", Map.of())).isZero();
	}

}
