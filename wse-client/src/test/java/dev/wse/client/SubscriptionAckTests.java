package dev.wse.client;

import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SubscriptionAck}.
 */
class SubscriptionAckTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsEveryFieldOfTheAck() {
		SubscriptionAck ack = SubscriptionAck.from(ack("{\"action\":\"subscribe\",\"success\":true,"
				+ "\"success_topics\":[\"prices\",\"news.*\"],\"failed_topics\":[\"secret\"],\"recoverable\":true,"
				+ "\"recovered\":false,\"recovery\":{\"prices\":{\"epoch\":\"5a1c9e02\",\"offset\":41,"
				+ "\"recovered\":false,\"count\":0},\"news.*\":{\"epoch\":null,\"offset\":0,\"recovered\":false,"
				+ "\"count\":0}}}"));
		assertThat(ack.action()).isEqualTo("subscribe");
		assertThat(ack.success()).isTrue();
		assertThat(ack.successTopics()).containsExactly("prices", "news.*");
		assertThat(ack.failedTopics()).containsExactly("secret");
		assertThat(ack.recoverable()).isTrue();
		assertThat(ack.recovered()).isFalse();
		assertThat(ack.recovery()).containsOnlyKeys("prices", "news.*");
		assertThat(ack.recovery().get("prices")).isEqualTo(new SubscriptionAck.TopicRecovery("5a1c9e02", 41, false, 0));
		assertThat(ack.recovery().get("news.*").epoch()).isNull();
	}

	@Test
	void missingFieldsReadAsEmpty() {
		SubscriptionAck ack = SubscriptionAck.from(ack("{\"action\":\"unsubscribe\"}"));
		assertThat(ack.success()).isFalse();
		assertThat(ack.successTopics()).isEmpty();
		assertThat(ack.failedTopics()).isEmpty();
		assertThat(ack.recoverable()).isNull();
		assertThat(ack.recovered()).isNull();
		assertThat(ack.recovery()).isEmpty();
	}

	@Test
	void rejectsOtherMessageTypes() {
		assertThatIllegalArgumentException().isThrownBy(() -> SubscriptionAck.from(Envelope.builder("error").build()));
	}

	private Envelope ack(String payload) {
		return Envelope.builder("subscription_update").payload(this.json.readTree(payload)).build();
	}

}
