package dev.wse.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageCategoryTests {

	@Test
	void typesContainingUnderscoreSnapshotAreSnapshots() {
		assertThat(MessageCategory.forType("orders_snapshot")).isEqualTo(MessageCategory.S);
		assertThat(MessageCategory.forType("full_snapshot_chunk")).isEqualTo(MessageCategory.S);
	}

	@Test
	void typesStartingWithSnapshotUnderscoreAreSnapshots() {
		assertThat(MessageCategory.forType("snapshot_orders")).isEqualTo(MessageCategory.S);
	}

	@Test
	void snapshotCompleteIsSnapshotBecauseTheSnapshotRuleComesFirst() {
		assertThat(MessageCategory.forType("snapshot_complete")).isEqualTo(MessageCategory.S);
	}

	@Test
	void systemTypesAreWse() {
		for (String type : new String[] { "server_ready", "server_hello", "client_hello_ack", "connection_state_change",
				"subscription_update", "error", "pong", "PONG" }) {
			assertThat(MessageCategory.forType(type)).as(type).isEqualTo(MessageCategory.WSE);
		}
	}

	@Test
	void otherTypesAreUser() {
		assertThat(MessageCategory.forType("price_update")).isEqualTo(MessageCategory.U);
		assertThat(MessageCategory.forType("ping")).isEqualTo(MessageCategory.U);
		assertThat(MessageCategory.forType("snapshot")).isEqualTo(MessageCategory.U);
		assertThat(MessageCategory.forType("mysnapshot")).isEqualTo(MessageCategory.U);
	}

}
