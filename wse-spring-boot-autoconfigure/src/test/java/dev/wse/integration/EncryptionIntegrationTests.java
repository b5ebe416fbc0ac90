package dev.wse.integration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wse.client.InboundFrame;
import dev.wse.client.MessageRecorder;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.WseClient;
import dev.wse.engine.DropReason;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-connection encryption over real sockets with the Java client: the key exchange in
 * the hello, encrypted subscribe / publish / send / RPC round trips, only {@code E:}
 * frames on the wire after {@code server_hello}, and rekeying.
 */
class EncryptionIntegrationTests extends SharedServerSupport {

	private WseClient encrypted(String user) {
		return this.clients.connect((options) -> options.bearerToken(Tokens.valid(user)).encryption(true));
	}

	@Test
	void encryptedSubscribePublishSendAndRpcRoundTrip() throws Exception {
		String user = "crypt-" + System.nanoTime();
		WseClient client = encrypted(user);
		assertThat(client.isEncrypted()).isTrue();
		Envelope serverHello = client.serverHello().get(5, TimeUnit.SECONDS);
		assertThat(serverHello.payload().path("features").path("encryption").asBoolean()).isTrue();
		assertThat(serverHello.payload().path("encryption_public_key").asString()).hasSize(88);
		assertThat(client.serverReady().payload().path("details").path("features").path("encryption").asBoolean())
			.isFalse();
		assertThat(this.template.getEngine().connection(client.connectionId()).isEncrypted()).isTrue();

		String topic = "crypt." + System.nanoTime();
		SubscriptionAck ack = client.subscribe(topic).get(5, TimeUnit.SECONDS);
		assertThat(ack.successTopics()).containsExactly(topic);
		this.template.publish(topic, "tick", Map.of("n", 1));
		assertThat(client.messages().awaitType("tick", TestClients.WAIT).payload().path("n").asInt()).isEqualTo(1);

		client.send("echo", Map.of("text", "secret"));
		assertThat(client.messages().awaitType("echo_response", TestClients.WAIT).payload().path("text").asString())
			.isEqualTo("secret");
		assertThat(this.template.sendToConnection(client.connectionId(), "direct", Map.of("n", 2))).isTrue();
		assertThat(client.messages().awaitType("direct", TestClients.WAIT).payload().path("n").asInt()).isEqualTo(2);
		JsonNode sum = client.call("math.add", Map.of("a", 2, "b", 3), TestClients.WAIT).get(5, TimeUnit.SECONDS);
		assertThat(sum.path("sum").asInt()).isEqualTo(5);
		assertThat(client.ping().get(5, TimeUnit.SECONDS).type()).isEqualTo("PONG");
	}

	@Test
	void theWireCarriesOnlyEncryptedFramesAfterServerHello() throws Exception {
		WseClient client = encrypted("crypt-" + System.nanoTime());
		String topic = "crypt.wire." + System.nanoTime();
		client.subscribe(topic).get(5, TimeUnit.SECONDS);
		this.template.publish(topic, "tick", Map.of("n", 1));
		this.template.sendToConnection(client.connectionId(), "direct", Map.of("text", "x".repeat(4000)));
		client.send("no_such_type", Map.of());
		client.ping().get(5, TimeUnit.SECONDS);
		client.messages().awaitType("tick", TestClients.WAIT);
		client.messages().awaitType("direct", TestClients.WAIT);
		client.messages().awaitMessage(MessageRecorder.errorWithCode("UNKNOWN_MESSAGE_TYPE"), TestClients.WAIT);
		// the server pings every 300 ms; wait for an encrypted one (a ping may also come
		// before server_hello, in plaintext)
		client.messages()
			.awaitFrame((frame) -> frame.startsWith("E:") && frame.envelope() != null
					&& frame.envelope().type().equals("ping"), TestClients.WAIT);

		List<InboundFrame> frames = client.messages().frames();
		int hello = -1;
		for (int i = 0; i < frames.size(); i++) {
			Envelope envelope = frames.get(i).envelope();
			if (envelope != null && envelope.type().equals("server_hello")) {
				hello = i;
				break;
			}
		}
		assertThat(hello).isGreaterThan(0);
		assertThat(frames.get(hello).isText()).isTrue();
		List<InboundFrame> after = frames.subList(hello + 1, frames.size());
		assertThat(after).isNotEmpty().allSatisfy((frame) -> {
			assertThat(frame.isText()).as("%s is binary", frame).isFalse();
			assertThat(frame.startsWith("E:")).as("%s starts with E:", frame).isTrue();
			assertThat(frame.envelope()).as("%s decrypts", frame).isNotNull();
		});
		assertThat(after.stream().map((frame) -> frame.envelope().type())).contains("subscription_update", "tick",
				"direct", "error", "PONG", "ping");
	}

	@Test
	void rekeyingKeepsTheConnectionWorking() throws Exception {
		WseClient client = encrypted("crypt-" + System.nanoTime());
		String firstKey = client.serverHello()
			.get(5, TimeUnit.SECONDS)
			.payload()
			.path("encryption_public_key")
			.asString();
		long dropsBefore = this.template.getEngine().stats().dropped(DropReason.DECRYPT_FAILED);

		Envelope rekeyed = client.rekey().get(5, TimeUnit.SECONDS);
		assertThat(rekeyed.payload().path("encryption_public_key").asString()).isNotEqualTo(firstKey);

		client.send("echo", Map.of("after", "rekey"));
		assertThat(client.messages().awaitType("echo_response", TestClients.WAIT).payload().path("after").asString())
			.isEqualTo("rekey");
		this.template.sendToConnection(client.connectionId(), "direct", Map.of("n", 3));
		assertThat(client.messages().awaitType("direct", TestClients.WAIT).payload().path("n").asInt()).isEqualTo(3);
		assertThat(client.messages().frames()).allSatisfy((frame) -> assertThat(frame.decodeError()).isNull());
		assertThat(this.template.getEngine().stats().dropped(DropReason.DECRYPT_FAILED)).isEqualTo(dropsBefore);
	}

	@Test
	void plaintextAndEncryptedClientsShareATopic() throws Exception {
		String topic = "crypt.mixed." + System.nanoTime();
		WseClient secret = encrypted("crypt-" + System.nanoTime());
		WseClient plain = this.clients.connect("plain-" + System.nanoTime());
		secret.subscribe(topic).get(5, TimeUnit.SECONDS);
		plain.subscribe(topic).get(5, TimeUnit.SECONDS);
		this.template.publish(topic, "tick", Map.of("n", 9));
		InboundFrame secretTick = secret.messages()
			.awaitFrame((frame) -> frame.envelope() != null && frame.envelope().type().equals("tick"),
					TestClients.WAIT);
		InboundFrame plainTick = plain.messages()
			.awaitFrame((frame) -> frame.envelope() != null && frame.envelope().type().equals("tick"),
					TestClients.WAIT);
		assertThat(secretTick.startsWith("E:")).isTrue();
		assertThat(plainTick.isText()).isTrue();
		assertThat(secretTick.envelope().payload()).isEqualTo(plainTick.envelope().payload());
	}

}
