package dev.wse.integration;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Client publishing over real sockets with the Java client, on a server whose rules allow
 * {@code chat:*} and {@code user:{sub}} but not {@code chat:readonly}.
 */
@LimitsServerTest
class ClientPublishIntegrationTests extends ServerSupport {

	@Test
	void allowedPublicationReachesOtherSubscribersAndIsAcknowledged() throws Exception {
		WseClient publisher = this.clients.connect("alice");
		WseClient subscriber = this.clients.connect("bob");
		subscriber.subscribe("chat:lobby").get(5, TimeUnit.SECONDS);
		Envelope ack = publisher.publish("chat:lobby", "chat_message", Map.of("text", "hello"))
			.get(5, TimeUnit.SECONDS);
		assertThat(ack.type()).isEqualTo("publish_ack");
		assertThat(ack.payload().path("topic").asString()).isEqualTo("chat:lobby");
		Envelope received = subscriber.messages()
			.awaitMessage((message) -> "chat_message".equals(message.type()), TestClients.WAIT);
		assertThat(received.topic()).isEqualTo("chat:lobby");
		assertThat(received.payload().path("text").asString()).isEqualTo("hello");
	}

	@Test
	void ownUserTopicIsAllowedAndOthersAreForbidden() throws Exception {
		WseClient publisher = this.clients.connect("carol");
		assertThat(publisher.publish("user:carol", "note", null).get(5, TimeUnit.SECONDS).type())
			.isEqualTo("publish_ack");
		assertRefused(publisher, "user:dave", ErrorCode.FORBIDDEN);
		assertRefused(publisher, "chat:readonly", ErrorCode.FORBIDDEN);
		assertRefused(publisher, "news", ErrorCode.FORBIDDEN);
		assertRefused(publisher, "chat:*", ErrorCode.INVALID_PUBLICATION);
		assertThat(publisher.isOpen()).isTrue();
	}

	private static void assertRefused(WseClient publisher, String topic, ErrorCode code) {
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> publisher.publish(topic, "note", Map.of()).get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(WseClientException.class,
					(failure) -> assertThat(failure.errorCode()).isEqualTo(code.name()));
	}

}
