package dev.wse.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;
import dev.wse.engine.DropReason;
import dev.wse.engine.handler.WseException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RPC in both directions over real sockets: the Java client calling {@code @OnRpc}
 * methods ({@link RpcHandlers}), and the server calling the client's methods through
 * {@link dev.wse.spring.WseTemplate#call}.
 */
class RpcIntegrationTests extends SharedServerSupport {

	private static final Duration SHORT = Duration.ofMillis(200);

	private static <T> T await(CompletableFuture<T> future) throws Exception {
		return future.get(TestClients.WAIT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) throws Exception {
		try {
			Object result = await(future);
			throw new AssertionError("Expected a failure, got " + result);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(type);
			return type.cast(ex.getCause());
		}
	}

	@Test
	void clientCallsAnOnRpcMethodAndGetsItsResult() throws Exception {
		WseClient client = this.clients.connect("alice");
		JsonNode result = await(client.call("math.add", Map.of("a", 2, "b", 40), TestClients.WAIT));
		assertThat(result.path("sum").asInt()).isEqualTo(42);
		assertThat(result.path("user").asString()).isEqualTo("alice");
	}

	@Test
	void clientCallOfAnUnknownMethodFailsWithRpcNotFound() throws Exception {
		WseClient client = this.clients.connect("alice");
		WseClientException failure = failure(client.call("math.divide", Map.of(), TestClients.WAIT),
				WseClientException.class);
		assertThat(failure.errorCode()).isEqualTo("RPC_NOT_FOUND");
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void applicationErrorCodeOfTheMethodReachesTheCaller() throws Exception {
		WseClient client = this.clients.connect("alice");
		WseClientException failure = failure(client.call("account.close", Map.of("id", 1), TestClients.WAIT),
				WseClientException.class);
		assertThat(failure.errorCode()).isEqualTo(RpcHandlers.LOCKED);
		assertThat(failure.getMessage()).isEqualTo("The account is locked");
	}

	@Test
	void unexpectedFailureOfTheMethodIsRpcFailedWithoutItsDetails() throws Exception {
		WseClient client = this.clients.connect("alice");
		WseClientException failure = failure(client.call("crash", null, TestClients.WAIT), WseClientException.class);
		assertThat(failure.errorCode()).isEqualTo("RPC_FAILED");
		assertThat(failure.getMessage()).doesNotContain("jdbc", "secret");
	}

	@Test
	void clientCallWithoutATimelyResponseTimesOutAndTheConnectionGoesOn() throws Exception {
		WseClient client = this.clients.connect("alice");
		WseClientException failure = failure(client.call("slow", null, SHORT), WseClientException.class);
		assertThat(failure.errorCode()).isEqualTo("RPC_TIMEOUT");
		JsonNode result = await(client.call("math.add", Map.of("a", 1, "b", 1), TestClients.WAIT));
		assertThat(result.path("sum").asInt()).as("a fast call is not held up by the slow one").isEqualTo(2);
		assertThat(await(client.ping()).type()).isEqualTo("PONG");
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void serverCallsTheClientThroughTheTemplate() throws Exception {
		WseClient client = this.clients.connect("bob");
		client.registerRpc("confirm", (args) -> Map.of("confirmed", args.path("order").asInt() == 7));
		JsonNode result = await(
				this.template.call(client.connectionId(), "confirm", Map.of("order", 7), TestClients.WAIT));
		assertThat(result.path("confirmed").asBoolean()).isTrue();
		Confirmation typed = await(this.template.call(client.connectionId(), "confirm", Map.of("order", 8),
				Confirmation.class, TestClients.WAIT));
		assertThat(typed).isEqualTo(new Confirmation(false));
	}

	@Test
	void serverCallOfAMethodTheClientLacksFailsWithRpcNotFound() throws Exception {
		WseClient client = this.clients.connect("bob");
		WseException failure = failure(this.template.call(client.connectionId(), "confirm", null, TestClients.WAIT),
				WseException.class);
		assertThat(failure.code()).isEqualTo("RPC_NOT_FOUND");
	}

	@Test
	void serverCallWithoutATimelyAnswerTimesOutAndTheLateAnswerIsDropped() throws Exception {
		WseClient client = this.clients.connect("bob");
		client.registerRpc("think", (args) -> {
			sleep(600);
			return "done";
		});
		long droppedBefore = this.template.getEngine().stats().dropped(DropReason.UNKNOWN_RESPONSE);
		WseException failure = failure(this.template.call(client.connectionId(), "think", null, SHORT),
				WseException.class);
		assertThat(failure.code()).isEqualTo("RPC_TIMEOUT");
		long deadline = System.nanoTime() + TestClients.WAIT.toNanos();
		while (this.template.getEngine().stats().dropped(DropReason.UNKNOWN_RESPONSE) == droppedBefore
				&& System.nanoTime() < deadline) {
			sleep(10);
		}
		assertThat(this.template.getEngine().stats().dropped(DropReason.UNKNOWN_RESPONSE))
			.as("the late answer is dropped")
			.isGreaterThan(droppedBefore);
		assertThat(await(client.ping()).type()).isEqualTo("PONG");
		assertThat(client.isOpen()).isTrue();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The result of the client's {@code confirm} method.
	 *
	 * @param confirmed whether the order is confirmed
	 */
	public record Confirmation(boolean confirmed) {
	}

}
