package dev.wse.engine;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import dev.wse.engine.handler.WseException;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Server calls to a client ({@link WseEngine#call}): the {@code rpc_request} sent, the
 * client's {@code rpc_response} completing the future, timeouts, disconnects and
 * responses nobody waits for.
 */
class ServerRpcTests {

	private static final Duration WAIT = TestClient.TIMEOUT;

	private WseEngine engine;

	private TestClient client;

	private String connectionId;

	@BeforeEach
	void start() {
		this.engine = EngineTestSupport
			.start((builder) -> builder.config(EngineTestSupport.config().maxRpcInFlight(2).build()));
		this.client = TestClient.connect(this.engine);
		this.connectionId = this.client.connectionId();
	}

	@AfterEach
	void stop() {
		this.engine.stop(Duration.ofSeconds(1));
	}

	private Envelope awaitRequest(String method) {
		return this.client.await((envelope) -> envelope.type().equals("rpc_request")
				&& envelope.payload().path("method").asString().equals(method));
	}

	private void respond(String cid, String payload) {
		this.client.send("{\"t\":\"rpc_response\",\"cid\":\"" + cid + "\",\"p\":" + payload + "}");
	}

	private static WseException failure(CompletableFuture<JsonNode> future) {
		try {
			JsonNode result = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			throw new AssertionError("Expected a failure, got " + result);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(WseException.class);
			return (WseException) ex.getCause();
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new AssertionError("The call did not fail within " + WAIT, ex);
		}
	}

	@Test
	void callSendsAnRpcRequestAndCompletesWithTheClientsResult() {
		AtomicReference<String> completedOn = new AtomicReference<>();
		CompletableFuture<JsonNode> call = this.engine.call(this.connectionId, "confirm", Map.of("question", "Leave?"),
				WAIT);
		CompletableFuture<JsonNode> observed = call
			.whenComplete((result, failure) -> completedOn.set(Thread.currentThread().getName()));
		Envelope request = awaitRequest("confirm");
		assertThat(request.payload().path("args").path("question").asString()).isEqualTo("Leave?");
		String cid = request.correlationId();
		assertThat(cid).isNotNull();
		assertThat(UUID.fromString(cid).version()).isEqualTo(7);
		assertThat(call).isNotDone();
		respond(cid, "{\"result\":{\"answer\":\"yes\"}}");
		assertThat(observed).succeedsWithin(WAIT)
			.satisfies((result) -> assertThat(result.path("answer").asString()).isEqualTo("yes"));
		assertThat(completedOn.get()).startsWith("wse-handler-");
	}

	@Test
	void callWithoutArgsSendsAnEmptyObject() {
		this.engine.call(this.connectionId, "ping", null, WAIT);
		assertThat(awaitRequest("ping").payload().path("args").isObject()).isTrue();
	}

	@Test
	void clientErrorCompletesTheCallWithItsCodeAndMessage() {
		CompletableFuture<JsonNode> call = this.engine.call(this.connectionId, "confirm", Map.of(), WAIT);
		String cid = awaitRequest("confirm").correlationId();
		respond(cid, "{\"error\":{\"code\":\"USER_DECLINED\",\"message\":\"Not now\"}}");
		WseException failure = failure(call);
		assertThat(failure.code()).isEqualTo("USER_DECLINED");
		assertThat(failure.getMessage()).isEqualTo("Not now");
	}

	@Test
	void noResponseWithinTheTimeoutFailsWithRpcTimeoutAndTheLateResponseIsDropped() {
		CompletableFuture<JsonNode> call = this.engine.call(this.connectionId, "confirm", Map.of(),
				Duration.ofMillis(100));
		String cid = awaitRequest("confirm").correlationId();
		assertThat(failure(call).code()).isEqualTo("RPC_TIMEOUT");
		int framesBefore = this.client.messages().size();
		respond(cid, "{\"result\":true}");
		assertThat(this.engine.stats().dropped(DropReason.UNKNOWN_RESPONSE)).isEqualTo(1);
		this.client.send("{\"t\":\"ping\",\"p\":{\"timestamp\":1}}");
		this.client.awaitType("PONG");
		assertThat(this.client.messages().subList(framesBefore, this.client.messages().size()))
			.extracting(Envelope::type)
			.containsExactly("PONG");
	}

	@Test
	void closingTheConnectionFailsPendingCallsWithConnectionClosed() {
		CompletableFuture<JsonNode> call = this.engine.call(this.connectionId, "confirm", Map.of(), WAIT);
		awaitRequest("confirm");
		this.client.session().peerClosed(1001);
		WseException failure = failure(call);
		assertThat(failure.code()).isEqualTo("RPC_TIMEOUT");
		assertThat(failure.getMessage()).isEqualTo("Connection closed");
	}

	@Test
	void responseWithAnUnknownCidIsDroppedCountedAndNeverAnswered() {
		respond("never-asked", "{\"result\":1}");
		respond("never-asked-either", "{\"error\":{\"code\":\"RPC_NOT_FOUND\",\"message\":\"?\"}}");
		this.client.send("{\"t\":\"rpc_response\",\"p\":{\"result\":1}}");
		this.client.send("{\"t\":\"ping\",\"p\":{\"timestamp\":1}}");
		this.client.awaitType("PONG");
		assertThat(this.engine.stats().dropped(DropReason.UNKNOWN_RESPONSE)).isEqualTo(3);
		assertThat(this.client.messages()).extracting(Envelope::type).containsExactly("server_ready", "PONG");
	}

	@Test
	void callsBeyondTheInFlightLimitFailWithOverloaded() {
		this.engine.call(this.connectionId, "one", null, WAIT);
		this.engine.call(this.connectionId, "two", null, WAIT);
		CompletableFuture<JsonNode> third = this.engine.call(this.connectionId, "three", null, WAIT);
		assertThat(failure(third).code()).isEqualTo("OVERLOADED");
		String cid = awaitRequest("one").correlationId();
		respond(cid, "{\"result\":1}");
		awaitRequest("two");
		assertThat(this.client.ofType("rpc_request")).hasSize(2);
	}

	@Test
	void completedCallsFreeTheirPlace() {
		for (int i = 0; i < 5; i++) {
			int expected = i;
			CompletableFuture<JsonNode> call = this.engine.call(this.connectionId, "n" + i, null, WAIT);
			respond(awaitRequest("n" + i).correlationId(), "{\"result\":" + i + "}");
			assertThat(call).succeedsWithin(WAIT).satisfies((result) -> assertThat(result.asInt()).isEqualTo(expected));
		}
	}

	@Test
	void callToAnUnknownConnectionFailsWithRpcNotFound() {
		assertThat(failure(this.engine.call("no-such-connection", "confirm", null, WAIT)).code())
			.isEqualTo("RPC_NOT_FOUND");
	}

	@Test
	void blankMethodOrNonPositiveTimeoutIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.engine.call(this.connectionId, " ", null, WAIT));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.engine.call(this.connectionId, "confirm", null, Duration.ZERO));
	}

}
