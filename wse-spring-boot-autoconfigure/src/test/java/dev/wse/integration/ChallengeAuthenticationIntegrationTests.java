package dev.wse.integration;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;
import dev.wse.client.internal.ClientMessages;
import dev.wse.engine.WseEngine;
import dev.wse.engine.security.ChallengeSecretProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Challenge-response authentication over real sockets
 * ({@code wse.security.auth-mode=challenge} with a {@link ChallengeSecretProvider} bean):
 * the Java client answers the challenge, a wrong secret ends in 4003, and an answer
 * captured on one connection is refused on another.
 */
@SpringBootTest(classes = { WseTestApplication.class, ChallengeAuthenticationIntegrationTests.Secrets.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.auth-mode=challenge", "wse.security.auth-timeout=2s" })
class ChallengeAuthenticationIntegrationTests extends ServerSupport {

	private static final byte[] SENSOR_SECRET = "sensor-7-shared-secret".getBytes(StandardCharsets.UTF_8);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private WseEngine engine;

	private static WseClientException refusal(CompletableFuture<WseClient> connecting) throws Exception {
		try {
			connecting.get(TestClients.WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			return (WseClientException) ex.getCause();
		}
		throw new AssertionError("The connection was accepted");
	}

	@Test
	void javaClientAnswersTheChallenge() throws Exception {
		WseClient client = this.clients.connect((options) -> options.challengeCredentials("sensor-7", SENSOR_SECRET));
		assertThat(client.userId()).isEqualTo("sensor-7");
		assertThat(this.engine.connectionsOf("sensor-7")).hasSize(1);
		client.subscribe("sensors.7").get(5, TimeUnit.SECONDS);
		assertThat(this.template.publish("sensors.7", "reading", null)).isEqualTo(1);
		client.messages().awaitType("reading", TestClients.WAIT);
	}

	@Test
	void wrongSecretIsRefusedWith4003() throws Exception {
		WseClientException refusal = refusal(this.clients.connecting((options) -> options
			.challengeCredentials("sensor-7", "not-the-secret".getBytes(StandardCharsets.UTF_8))));
		assertThat(refusal.errorCode()).isEqualTo("AUTH_FAILED");
		assertThat(refusal.closeCode()).isEqualTo(4003);
	}

	@Test
	void unknownIdentityIsRefusedWith4003() throws Exception {
		WseClientException refusal = refusal(
				this.clients.connecting((options) -> options.challengeCredentials("sensor-8", SENSOR_SECRET)));
		assertThat(refusal.closeCode()).isEqualTo(4003);
	}

	@Test
	void answerCapturedOnOneConnectionIsRefusedOnAnother() throws Exception {
		String answer;
		try (RawWebSocket victim = RawWebSocket.connect(wsePort(), null)) {
			JsonNode challenge = JSON
				.readTree(victim.awaitText((text) -> text.contains("\"challenge\""), TestClients.WAIT))
				.path("p");
			String nonce = challenge.path("nonce").asString();
			long ts = challenge.path("ts").asLong();
			answer = "{\"t\":\"challenge_response\",\"p\":{\"identity\":\"sensor-7\",\"nonce\":\"" + nonce
					+ "\",\"ts\":" + ts + ",\"hmac\":\""
					+ ClientMessages.challengeHmac(SENSOR_SECRET, nonce, ts, "sensor-7") + "\"}}";
			victim.sendText(answer);
			victim.awaitText((text) -> text.contains("\"server_ready\""), TestClients.WAIT);
		}
		try (RawWebSocket attacker = RawWebSocket.connect(wsePort(), null)) {
			attacker.awaitText((text) -> text.contains("\"challenge\""), TestClients.WAIT);
			attacker.sendText(answer);
			attacker.awaitText((text) -> text.contains("AUTH_FAILED"), TestClients.WAIT);
			assertThat(attacker.awaitClose(TestClients.WAIT)).isEqualTo(4003);
		}
	}

	@Test
	void silentConnectionIsClosedWith4001() throws Exception {
		try (RawWebSocket socket = RawWebSocket.connect(wsePort(), null)) {
			socket.awaitText((text) -> text.contains("\"challenge\""), TestClients.WAIT);
			assertThat(socket.awaitClose(TestClients.WAIT)).isEqualTo(4001);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Secrets {

		@Bean
		ChallengeSecretProvider sensorSecrets() {
			return (identity) -> identity.equals("sensor-7") ? SENSOR_SECRET.clone() : null;
		}

	}

}
