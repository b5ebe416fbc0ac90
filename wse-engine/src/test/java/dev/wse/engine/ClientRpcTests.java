package dev.wse.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.WseException;
import dev.wse.engine.handler.annotation.OnRpc;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Client calls to the server ({@code rpc_request} → {@code rpc_response}) over the
 * in-memory transport.
 */
class ClientRpcTests {

	private final HandlerRegistry registry = new HandlerRegistry();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger slowFinished = new AtomicInteger();

	private WseEngine engine;

	private TestClient start(Consumer<WseEngineConfig.Builder> config, Consumer<WseEngine.Builder> builder) {
		this.registry.registerAnnotated(new Calculator());
		this.registry.registerRpc("add",
				(connection, args) -> Map.of("sum", args.path("a").asInt() + args.path("b").asInt()), "add");
		this.registry.registerRpc("explode", (connection, args) -> {
			throw new IllegalStateException("password=hunter2 at db.internal:5432");
		}, "explode");
		this.registry.registerRpc("refuse", (connection, args) -> {
			throw new WseException("NOT_IN_ROOM", "Join the room first");
		}, "refuse");
		this.registry.registerRpc("block", (connection, args) -> {
			this.release.await(5, TimeUnit.SECONDS);
			this.slowFinished.incrementAndGet();
			return "done";
		}, "block");
		this.registry.registerRpc("later", (connection, args) -> CompletableFuture.supplyAsync(() -> "async result",
				CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)), "later");
		this.registry.registerRpc("args", (connection, args) -> args, "args");
		WseEngineConfig.Builder configBuilder = EngineTestSupport.config().handlerThreads(4);
		config.accept(configBuilder);
		this.engine = EngineTestSupport.start((engine) -> {
			engine.config(configBuilder.build()).handlers(this.registry);
			builder.accept(engine);
		});
		TestClient client = TestClient.connect(this.engine);
		client.connectionId();
		return client;
	}

	private TestClient start() {
		return start((config) -> {
		}, (builder) -> {
		});
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.engine != null) {
			this.engine.stop(Duration.ofSeconds(1));
		}
	}

	private static void call(TestClient client, String cid, String method, String args) {
		client.send("{\"t\":\"rpc_request\",\"cid\":\"" + cid + "\",\"p\":{\"method\":\"" + method + "\""
				+ ((args != null) ? ",\"args\":" + args : "") + "}}");
	}

	private static Envelope response(TestClient client, String cid) {
		return client
			.await((envelope) -> envelope.type().equals("rpc_response") && cid.equals(envelope.correlationId()));
	}

	private static List<Envelope> responses(TestClient client, String cid) {
		return client.ofType("rpc_response")
			.stream()
			.filter((envelope) -> cid.equals(envelope.correlationId()))
			.toList();
	}

	private static String errorCode(Envelope response) {
		return response.payload().path("error").path("code").asString();
	}

	@Test
	void resultComesBackInAnRpcResponseWithTheCallersCid() {
		TestClient client = start();
		call(client, "c-1", "add", "{\"a\":2,\"b\":3}");
		Envelope response = response(client, "c-1");
		assertThat(response.category()).isEqualTo(MessageCategory.U);
		assertThat(response.payload().path("result").path("sum").asInt()).isEqualTo(5);
		assertThat(response.payload().has("error")).isFalse();
		assertThat(response.id()).isNotNull();
		assertThat(response.timestamp()).isNotNull();
	}

	@Test
	void onRpcMethodReceivesTheArgsAsItsPayloadParameterAndTheConnection() {
		TestClient client = start();
		String connectionId = client.connectionId();
		call(client, "c-2", "calc.multiply", "{\"a\":6,\"b\":7}");
		Envelope response = response(client, "c-2");
		assertThat(response.payload().path("result").path("product").asInt()).isEqualTo(42);
		assertThat(response.payload().path("result").path("connection").asString()).isEqualTo(connectionId);
	}

	@Test
	void missingArgsArriveAsAnEmptyObjectAndANullResultIsJsonNull() {
		TestClient client = start();
		call(client, "c-3", "args", null);
		assertThat(response(client, "c-3").payload().path("result").isObject()).isTrue();
		assertThat(response(client, "c-3").payload().path("result").size()).isZero();
		call(client, "c-4", "calc.nothing", "{}");
		JsonNode payload = response(client, "c-4").payload();
		assertThat(payload.has("result")).isTrue();
		assertThat(payload.path("result").isNull()).isTrue();
	}

	@Test
	void unknownMethodIsRpcNotFound() {
		TestClient client = start();
		call(client, "c-5", "no.such.method", "{}");
		Envelope response = response(client, "c-5");
		assertThat(errorCode(response)).isEqualTo("RPC_NOT_FOUND");
		assertThat(response.payload().path("error").path("message").asString()).contains("no.such.method");
		assertThat(response.payload().has("result")).isFalse();
	}

	@Test
	void handlerThatThrowsIsRpcFailedWithoutLeakingTheExceptionMessage() {
		TestClient client = start();
		call(client, "c-6", "explode", "{}");
		Envelope response = response(client, "c-6");
		assertThat(errorCode(response)).isEqualTo("RPC_FAILED");
		assertThat(response.payload().path("error").path("message").asString()).isEqualTo("RPC 'explode' failed");
		assertThat(response.payload().toString()).doesNotContain("hunter2", "db.internal", "IllegalStateException");
		assertThat(client.session().isOpen()).isTrue();
	}

	@Test
	void wseExceptionAnswersWithItsApplicationCodeAndMessage() {
		TestClient client = start();
		call(client, "c-7", "refuse", "{}");
		JsonNode error = response(client, "c-7").payload().path("error");
		assertThat(error.path("code").asString()).isEqualTo("NOT_IN_ROOM");
		assertThat(error.path("message").asString()).isEqualTo("Join the room first");
	}

	@Test
	void argsThatDoNotConvertToTheParameterAreInvalidPayload() {
		TestClient client = start();
		call(client, "c-8", "calc.multiply", "[1,2]");
		assertThat(errorCode(response(client, "c-8"))).isEqualTo("INVALID_PAYLOAD");
	}

	@Test
	void aCompletionStageResultIsSentWhenItCompletes() {
		TestClient client = start();
		call(client, "c-9", "later", "{}");
		assertThat(response(client, "c-9").payload().path("result").asString()).isEqualTo("async result");
	}

	@Test
	void requestWithoutCidGetsAnInvalidMessageErrorFrameNotAnRpcResponse() {
		TestClient client = start();
		client.send("{\"t\":\"rpc_request\",\"id\":\"m-1\",\"p\":{\"method\":\"add\",\"args\":{}}}");
		Envelope error = client.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("INVALID_MESSAGE");
		assertThat(error.correlationId()).isEqualTo("m-1");
		assertThat(client.ofType("rpc_response")).isEmpty();
	}

	@Test
	void requestWithoutMethodGetsAnInvalidMessageErrorFrameWithTheCid() {
		TestClient client = start();
		client.send("{\"t\":\"rpc_request\",\"cid\":\"c-10\",\"p\":{\"method\":\"  \"}}");
		Envelope error = client.awaitType("error");
		assertThat(error.payload().path("code").asString()).isEqualTo("INVALID_MESSAGE");
		assertThat(error.correlationId()).isEqualTo("c-10");
		assertThat(client.ofType("rpc_response")).isEmpty();
	}

	@Test
	void callLongerThanTheTimeoutIsAnsweredWithRpcTimeoutAndItsLateResultIsDropped() throws Exception {
		TestClient client = start((config) -> config.rpcTimeout(Duration.ofMillis(200)), (builder) -> {
		});
		call(client, "c-11", "block", "{}");
		Envelope response = response(client, "c-11");
		assertThat(errorCode(response)).isEqualTo("RPC_TIMEOUT");
		this.release.countDown();
		waitUntil(() -> this.slowFinished.get() == 1);
		// a call made after the late result proves everything before it was written
		call(client, "c-12", "add", "{\"a\":1,\"b\":1}");
		response(client, "c-12");
		assertThat(responses(client, "c-11")).hasSize(1);
	}

	@Test
	void callsOfOneConnectionRunConcurrentlyAndAreAnsweredInOrderOfCompletion() {
		TestClient client = start();
		call(client, "slow", "block", "{}");
		call(client, "fast", "add", "{\"a\":1,\"b\":2}");
		assertThat(response(client, "fast").payload().path("result").path("sum").asInt()).isEqualTo(3);
		assertThat(responses(client, "slow")).isEmpty();
		this.release.countDown();
		assertThat(response(client, "slow").payload().path("result").asString()).isEqualTo("done");
		assertThat(client.ofType("rpc_response")).extracting(Envelope::correlationId).containsExactly("fast", "slow");
	}

	@Test
	void callsBeyondTheInFlightLimitAreOverloadedAtOnce() {
		TestClient client = start((config) -> config.maxRpcInFlight(2), (builder) -> {
		});
		call(client, "b-1", "block", "{}");
		call(client, "b-2", "block", "{}");
		call(client, "b-3", "block", "{}");
		Envelope overloaded = response(client, "b-3");
		assertThat(errorCode(overloaded)).isEqualTo("OVERLOADED");
		assertThat(this.engine.stats().dropped(DropReason.HANDLER_QUEUE_FULL)).isEqualTo(1);
		this.release.countDown();
		assertThat(response(client, "b-1").payload().path("result").asString()).isEqualTo("done");
		assertThat(response(client, "b-2").payload().path("result").asString()).isEqualTo("done");
		// A call's slot is free once its answer is out: calling again at once is not
		// refused (it was, now and then, while the slot was given back after the answer).
		call(client, "b-4", "add", "{\"a\":0,\"b\":0}");
		assertThat(response(client, "b-4").payload().has("result")).isTrue();
	}

	@Test
	void methodTheAuthorizerRefusesIsRpcForbiddenAndNotRun() {
		AtomicInteger asked = new AtomicInteger();
		TestClient client = start((config) -> {
		}, (builder) -> builder.rpcAuthorizer((WsePrincipal principal, String method) -> {
			asked.incrementAndGet();
			return !method.startsWith("admin.") && !method.equals("explode");
		}));
		call(client, "f-1", "explode", "{}");
		Envelope forbidden = response(client, "f-1");
		assertThat(errorCode(forbidden)).isEqualTo("RPC_FORBIDDEN");
		call(client, "f-2", "admin.no.such.method", "{}");
		assertThat(errorCode(response(client, "f-2"))).as("refused before the lookup").isEqualTo("RPC_FORBIDDEN");
		call(client, "f-3", "add", "{\"a\":1,\"b\":1}");
		assertThat(response(client, "f-3").payload().path("result").path("sum").asInt()).isEqualTo(2);
		assertThat(asked).hasValue(3);
	}

	@Test
	void duplicateRpcNamesFailRegistration() {
		this.registry.registerRpc("ping", (connection, args) -> "pong", "first");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.registerRpc("ping", (connection, args) -> "pong", "second"))
			.withMessageContaining("Duplicate RPC method 'ping'")
			.withMessageContaining("first")
			.withMessageContaining("second");
		assertThat(this.registry.rpcMethods()).containsExactly("ping");
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within the timeout").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	public record Factors(int a, int b) {
	}

	static class Calculator {

		@OnRpc("calc.multiply")
		Map<String, Object> multiply(Factors factors, WseConnection connection) {
			return Map.of("product", factors.a() * factors.b(), "connection", connection.id());
		}

		@OnRpc("calc.nothing")
		void nothing() {
		}

	}

}
