package dev.wse.engine;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InMemorySession;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.FrameCipher;

/**
 * A client over an {@link InMemorySession} that decodes what the engine wrote, decrypting
 * {@code E:} frames with the keys it was given.
 */
public final class TestClient {

	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final FrameCodec CODEC = FrameCodec.withDefaults();

	private final InMemorySession session = new InMemorySession();

	private final WireFormat format;

	/** Keys for {@code E:} frames, newest first. */
	private final List<FrameCipher> keys = new CopyOnWriteArrayList<>();

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

	public static TestClient connect(WseEngine engine, HandshakeRequest request) {
		TestClient client = new TestClient(WireFormat.fromQuery(request.rawQuery()));
		client.session.connect(engine, request);
		return client;
	}

	public InMemorySession session() {
		return this.session;
	}

	public void send(String json) {
		this.session.receiveText(json);
	}

	/**
	 * Send a message in an {@code E:} frame.
	 * @param json the message
	 * @param cipher the key to encrypt with
	 */
	public void sendEncrypted(String json, FrameCipher cipher) {
		this.session.receiveBinary(CODEC.encrypt(json.getBytes(StandardCharsets.UTF_8), cipher));
	}

	/**
	 * Decrypt {@code E:} frames with this key too (tried before the keys added earlier).
	 * @param cipher the key
	 */
	public void addKey(FrameCipher cipher) {
		this.keys.add(0, cipher);
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
				: CODEC.decodeBinary(frame.bytes(), this.format, this.keys.isEmpty() ? null : new AnyKey(this.keys))
					.envelope();
	}

	/**
	 * Wait for a frame whose message matches; frames this client cannot decode (yet) are
	 * skipped.
	 */
	public Envelope await(Predicate<Envelope> condition) {
		OutboundFrame frame = this.session.awaitFrame((candidate) -> {
			try {
				return condition.test(decode(candidate));
			}
			catch (ProtocolException ex) {
				return false;
			}
		}, TIMEOUT);
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

	/**
	 * Tries each key in turn.
	 */
	private record AnyKey(List<FrameCipher> keys) implements FrameCipher {

		@Override
		public byte[] encrypt(byte[] plaintext) {
			return this.keys.get(0).encrypt(plaintext);
		}

		@Override
		public byte[] decrypt(byte[] body) {
			IllegalArgumentException failure = null;
			for (FrameCipher key : this.keys) {
				try {
					return key.decrypt(body);
				}
				catch (IllegalArgumentException ex) {
					failure = ex;
				}
			}
			throw (failure != null) ? failure : new IllegalArgumentException("No key");
		}

	}

}
