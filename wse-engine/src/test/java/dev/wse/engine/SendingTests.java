package dev.wse.engine;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.security.WsePrincipal;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendingTests {

	private WseEngine engine = EngineTestSupport.start((builder) -> builder
		.config(EngineTestSupport.config().outboundRateCapacity(50).outboundRateRefill(1).build())
		.authenticator((request) -> AuthenticationResult.success(WsePrincipal.of(request.queryParameter("user")))));

	@AfterEach
	void stop() {
		this.engine.stop(Duration.ofSeconds(1));
	}

	private TestClient connect(String user) {
		return TestClient.connect(this.engine, "ws://localhost/wse?user=" + user, Map.of());
	}

	private TestClient connect(String user, String extraQuery) {
		return TestClient.connect(this.engine, "ws://localhost/wse?user=" + user + "&" + extraQuery, Map.of());
	}

	@Test
	void sendToUserReachesEveryConnectionOfThatUserAndNobodyElse() {
		TestClient phone = connect("alice");
		TestClient laptop = connect("alice");
		TestClient bob = connect("bob");
		bob.awaitType("server_ready");
		assertThat(this.engine.sendToUser("alice", "notice", Map.of("text", "hi"))).isEqualTo(2);
		assertThat(phone.awaitType("notice").payload().path("text").asString()).isEqualTo("hi");
		assertThat(laptop.awaitType("notice").payload().path("text").asString()).isEqualTo("hi");
		assertThat(bob.ofType("notice")).isEmpty();
		assertThat(this.engine.sendToUser("nobody", "notice", Map.of())).isZero();
	}

	@Test
	void directSendsAreBinaryWithIdTimestampAndSequence() {
		TestClient client = connect("alice");
		assertThat(this.engine.sendToConnection(client.connectionId(), "notice", Map.of("n", 1))).isTrue();
		client.awaitType("notice");
		OutboundFrame frame = client.session().frames().get(client.session().frames().size() - 1);
		assertThat(frame.isText()).isFalse();
		Envelope notice = client.decode(frame);
		assertThat(notice.id()).isNotNull();
		assertThat(notice.timestamp()).isNotNull();
		assertThat(notice.seq()).isNotNull();
		assertThat(notice.version()).isEqualTo(1);
		assertThat(this.engine.sendToConnection("missing", "notice", Map.of())).isFalse();
	}

	@Test
	void largeSendsAreCompressedAndMsgpackConnectionsGetMsgpack() {
		TestClient json = connect("alice");
		TestClient msgpack = connect("alice", "format=msgpack");
		json.awaitType("server_ready");
		msgpack.awaitType("server_ready");
		this.engine.sendToUser("alice", "report", Map.of("text", "x".repeat(2000)));
		json.awaitType("report");
		msgpack.awaitType("report");
		byte[] jsonFrame = last(json).bytes();
		byte[] msgpackFrame = last(msgpack).bytes();
		assertThat(new String(jsonFrame, 0, 2)).isEqualTo("C:");
		assertThat(new String(msgpackFrame, 0, 2)).isEqualTo("M:");
		assertThat(json.decode(last(json)).payload().path("text").asString()).hasSize(2000);
		assertThat(msgpack.decode(last(msgpack)).payload().path("text").asString()).hasSize(2000);
	}

	@Test
	void aSendWithAnAlreadyDeliveredIdIsDroppedForThatConnection() {
		TestClient client = connect("alice");
		String id = client.connectionId();
		Envelope envelope = Envelope.builder("notice").id("fixed-id-1").build();
		assertThat(this.engine.sendToConnection(id, envelope)).isTrue();
		assertThat(this.engine.sendToConnection(id, envelope)).isFalse();
		assertThat(this.engine.stats().dropped(DropReason.DUPLICATE)).isEqualTo(1);
		assertThat(client.ofType("notice")).hasSize(1);
	}

	@Test
	void outboundRateLimitDropsAndTellsTheClientOncePerSecond() {
		TestClient client = connect("alice");
		String id = client.connectionId();
		int queued = 0;
		for (int i = 0; i < 80; i++) {
			if (this.engine.sendToConnection(id, "notice", Map.of("i", i))) {
				queued++;
			}
		}
		assertThat(queued).isEqualTo(50);
		assertThat(this.engine.stats().dropped(DropReason.OUTBOUND_RATE_LIMITED)).isEqualTo(30);
		assertThat(client.await((envelope) -> envelope.type().equals("error")).payload().path("code").asString())
			.isEqualTo("RATE_LIMITED");
		assertThat(client.ofType("error")).hasSize(1);
		assertThat(client.ofType("rate_limit_warning")).hasSize(1);
	}

	@Test
	void broadcastReachesEveryConnection() {
		List<TestClient> clients = List.of(connect("a"), connect("b"), connect("c"));
		clients.forEach((client) -> client.awaitType("server_ready"));
		assertThat(this.engine.broadcast("maintenance", Map.of("in", "5m"))).isEqualTo(3);
		clients.forEach((client) -> client.awaitType("maintenance"));
	}

	private static OutboundFrame last(TestClient client) {
		List<OutboundFrame> frames = client.session().frames();
		return frames.get(frames.size() - 1);
	}

	static URI uri(String value) {
		return URI.create(value);
	}

}
