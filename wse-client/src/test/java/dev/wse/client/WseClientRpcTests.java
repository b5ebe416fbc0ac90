package dev.wse.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RPC of {@link WseClient} against a scripted one-connection server: calls to the server
 * and answers to the server's calls.
 */
class WseClientRpcTests {

	private static final String SERVER_READY = "{\"c\":\"WSE\",\"t\":\"server_ready\",\"p\":{\"message\":\"ok\","
			+ "\"details\":{\"connection_id\":\"conn-1\",\"user_id\":\"alice\"}},\"v\":1}";

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final JsonMapper json = JsonMapper.builder().build();

	private TestWebSocketServer server;

	private WseClient client;

	@BeforeEach
	void connect() throws Exception {
		this.server = new TestWebSocketServer();
		CompletableFuture<WseClient> connecting = WseClient.connect(this.server.uri(),
				WseClientOptions.builder().autoHello(false).build());
		this.server.accept();
		this.server.sendText(SERVER_READY);
		this.client = connecting.get(5, TimeUnit.SECONDS);
	}

	@AfterEach
	void close() throws Exception {
		this.client.abort();
		this.server.close();
	}

	private JsonNode nextMessage() throws Exception {
		return this.json.readTree(this.server.nextDataFrame().text());
	}

	private static WseClientException failure(CompletableFuture<JsonNode> future) throws Exception {
		assertThatThrownBy(() -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(WseClientException.class);
		try {
			future.join();
			throw new AssertionError("not failed");
		}
		catch (java.util.concurrent.CompletionException ex) {
			return (WseClientException) ex.getCause();
		}
	}

	@Test
	void callSendsAnRpcRequestAndCompletesWithTheResultOfTheMatchingResponse() throws Exception {
		CompletableFuture<JsonNode> call = this.client.call("add", Map.of("a", 2, "b", 3), WAIT);
		JsonNode request = nextMessage();
		assertThat(request.path("t").stringValue()).isEqualTo("rpc_request");
		assertThat(request.path("c").stringValue()).isEqualTo("U");
		assertThat(request.path("p").path("method").stringValue()).isEqualTo("add");
		assertThat(request.path("p").path("args").path("a").asInt()).isEqualTo(2);
		String cid = request.path("cid").stringValue();
		assertThat(cid).isNotBlank();
		this.server.sendText("{\"t\":\"rpc_response\",\"cid\":\"other\",\"p\":{\"result\":0}}");
		this.server.sendText("{\"t\":\"rpc_response\",\"cid\":\"" + cid + "\",\"p\":{\"result\":{\"sum\":5}}}");
		assertThat(call.get(5, TimeUnit.SECONDS).path("sum").asInt()).isEqualTo(5);
	}

	@Test
	void errorResponseFailsTheCallWithTheServersCodeAndMessage() throws Exception {
		CompletableFuture<JsonNode> call = this.client.call("admin.reset", null, WAIT);
		JsonNode request = nextMessage();
		assertThat(request.path("p").path("args").isObject()).isTrue();
		this.server.sendText("{\"t\":\"rpc_response\",\"cid\":\"" + request.path("cid").stringValue()
				+ "\",\"p\":{\"error\":{\"code\":\"RPC_FORBIDDEN\",\"message\":\"Not allowed to call 'admin.reset'\"}}}");
		WseClientException failure = failure(call);
		assertThat(failure.errorCode()).isEqualTo("RPC_FORBIDDEN");
		assertThat(failure.getMessage()).isEqualTo("Not allowed to call 'admin.reset'");
	}

	@Test
	void noResponseWithinTheTimeoutFailsWithRpcTimeoutAndTheLateResponseIsNotAnswered() throws Exception {
		CompletableFuture<JsonNode> call = this.client.call("slow", null, Duration.ofMillis(100));
		String cid = nextMessage().path("cid").stringValue();
		assertThat(failure(call).errorCode()).isEqualTo("RPC_TIMEOUT");
		this.server.sendText("{\"t\":\"rpc_response\",\"cid\":\"" + cid + "\",\"p\":{\"result\":1}}");
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"server_time\":\"x\"}}");
		assertThat(nextMessage().path("t").stringValue()).as("the next frame after the late response")
			.isEqualTo("PONG");
	}

	@Test
	void closingTheConnectionFailsPendingCalls() throws Exception {
		CompletableFuture<JsonNode> call = this.client.call("slow", null, WAIT);
		nextMessage();
		this.server.sendClose(1001, "Server shutting down");
		WseClientException failure = failure(call);
		assertThat(failure.errorCode()).isEqualTo("RPC_TIMEOUT");
		assertThat(failure.getMessage()).startsWith("Connection closed");
	}

	@Test
	void registeredMethodAnswersTheServersCallWithItsResult() throws Exception {
		this.client.registerRpc("confirm", (args) -> Map.of("answer", "yes to " + args.path("question").asString()));
		this.server.sendText("{\"c\":\"U\",\"t\":\"rpc_request\",\"cid\":\"s-1\","
				+ "\"p\":{\"method\":\"confirm\",\"args\":{\"question\":\"leave\"}}}");
		JsonNode response = nextMessage();
		assertThat(response.path("t").stringValue()).isEqualTo("rpc_response");
		assertThat(response.path("cid").stringValue()).isEqualTo("s-1");
		assertThat(response.path("p").path("result").path("answer").stringValue()).isEqualTo("yes to leave");
	}

	@Test
	void unknownMethodIsAnsweredWithRpcNotFound() throws Exception {
		this.server.sendText("{\"t\":\"rpc_request\",\"cid\":\"s-2\",\"p\":{\"method\":\"nope\",\"args\":{}}}");
		JsonNode response = nextMessage();
		assertThat(response.path("cid").stringValue()).isEqualTo("s-2");
		assertThat(response.path("p").path("error").path("code").stringValue()).isEqualTo("RPC_NOT_FOUND");
	}

	@Test
	void failingMethodIsAnsweredWithRpcFailedOrItsOwnCode() throws Exception {
		this.client.registerRpc("explode", (args) -> {
			throw new IllegalStateException("secret detail");
		});
		this.client.registerRpc("decline", (args) -> {
			throw new WseClientException("Not now", "USER_DECLINED", null, null);
		});
		this.server.sendText("{\"t\":\"rpc_request\",\"cid\":\"s-3\",\"p\":{\"method\":\"explode\"}}");
		JsonNode failed = nextMessage();
		assertThat(failed.path("p").path("error").path("code").stringValue()).isEqualTo("RPC_FAILED");
		assertThat(failed.toString()).doesNotContain("secret detail");
		this.server.sendText("{\"t\":\"rpc_request\",\"cid\":\"s-4\",\"p\":{\"method\":\"decline\"}}");
		JsonNode declined = nextMessage().path("p").path("error");
		assertThat(declined.path("code").stringValue()).isEqualTo("USER_DECLINED");
		assertThat(declined.path("message").stringValue()).isEqualTo("Not now");
	}

	@Test
	void responsesNobodyWaitsForAreNeverAnswered() throws Exception {
		this.server.sendText("{\"t\":\"rpc_response\",\"cid\":\"unknown\",\"p\":{\"result\":1}}");
		this.server
			.sendText("{\"t\":\"rpc_response\",\"cid\":\"unknown\",\"p\":{\"error\":{\"code\":\"RPC_NOT_FOUND\"}}}");
		this.server.sendText("{\"c\":\"WSE\",\"t\":\"ping\",\"p\":{\"server_time\":\"x\"}}");
		assertThat(nextMessage().path("t").stringValue()).isEqualTo("PONG");
	}

	@Test
	void registeringAMethodTwiceFails() {
		this.client.registerRpc("confirm", (args) -> true);
		assertThatIllegalStateException().isThrownBy(() -> this.client.registerRpc("confirm", (args) -> false));
	}

}
