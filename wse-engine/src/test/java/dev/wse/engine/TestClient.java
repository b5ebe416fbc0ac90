package dev.wse.engine;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InMemorySession;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;

/**
 * A client over an {@link InMemorySession} that decodes what the engine wrote.
 */
public final class TestClient {

	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final FrameCodec CODEC = FrameCodec.withDefaults();

	private final InMemorySession session = new InMemorySession();

	private final WireFormat format;

	private TestClient(WireFormat format) {
		this.format = format;
	}

	public static TestClient connect(WseEngine engine) {
		return connect(engine, "ws://localhost/wse", Map.of());
	}

	public static TestClient connect(WseEngine engine, String uri, Map<String, List<String>> headers) {
		TestClient client = new TestClient(WireFormat.fromQuery(URI.create(uri).getRawQuery()));
		client.session.connect(engine, HandshakeRequest.of(URI.create(uri), headers));
		return client;
	}

	public InMemorySession session() {
		return this.session;
	}

	public void send(String json) {
		this.session.receiveText(json);
	}

	public List<Envelope> messages() {
		List<Envelope> result = new ArrayList<>();
		for (OutboundFrame frame : this.session.frames()) {
			result.add(decode(frame));
		}
		return result;
	}

	public Envelope decode(OutboundFrame frame) {
		return frame.isText() ? CODEC.decodeText(frame.textContent())
				: CODEC.decodeBinary(frame.bytes(), this.format, null).envelope();
	}

	public Envelope await(Predicate<Envelope> condition) {
		OutboundFrame frame = this.session.awaitFrame((candidate) -> condition.test(decode(candidate)), TIMEOUT);
		return decode(frame);
	}

	public Envelope awaitType(String type) {
		return await((envelope) -> envelope.type().equals(type));
	}

	public List<Envelope> ofType(String type) {
		return messages().stream().filter((envelope) -> envelope.type().equals(type)).toList();
	}

	public String connectionId() {
		return awaitType("server_ready").payload().path("details").path("connection_id").asString();
	}

	public Envelope subscribe(String... topics) {
		int before = ofType("subscription_update").size();
		StringBuilder json = new StringBuilder(
				"{\"c\":\"WSE\",\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[");
		for (int i = 0; i < topics.length; i++) {
			json.append(i > 0 ? "," : "").append('"').append(topics[i]).append('"');
		}
		send(json.append("]}}").toString());
		this.session.awaitFrame((frame) -> ofType("subscription_update").size() > before, TIMEOUT);
		return ofType("subscription_update").get(before);
	}

}
