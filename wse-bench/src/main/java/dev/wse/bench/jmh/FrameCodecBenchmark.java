package dev.wse.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.DecodedFrame;
import dev.wse.protocol.codec.FrameCodec;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encoding and decoding of one server message with the real {@link FrameCodec}: JSON
 * text, {@code C:} zlib, {@code M:} MessagePack and {@code E:} AES-GCM (JSON inside), for
 * a small (about 200 bytes of JSON) and a large (about 4 KB) message. Every benchmark
 * reads its input from the state and returns its result, so nothing is folded or
 * eliminated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameCodecBenchmark {

	/**
	 * Size of the message: {@code small} (about 200 B of JSON) or {@code large} (4 KB).
	 */
	@Param({ "small", "large" })
	public String size = "small";

	private FrameCodec codec = FrameCodec.withDefaults();

	private Envelope envelope = Envelope.builder("price_update").build();

	private String text = "";

	private byte[] textBytes = new byte[0];

	private byte[] zlibFrame = new byte[0];

	/**
	 * A client message as the {@code inbound} load scenario sends it to the no-op handler
	 * (its payload does not depend on {@link #size}).
	 */
	private final byte[] clientMessage = ("{\"t\":\"bench.noop\",\"p\":{\"bseq\":42,\"bts\":1795789322769123,"
			+ "\"symbol\":\"AAPL\",\"price\":187.42,\"volume\":1200}}")
		.getBytes(StandardCharsets.UTF_8);

	private byte[] msgpackFrame = new byte[0];

	private byte[] encryptedFrame = new byte[0];

	private AesGcmCipher senderCipher = new AesGcmCipher(new byte[AesGcmCipher.KEY_LENGTH]);

	private AesGcmCipher receiverCipher = new AesGcmCipher(new byte[AesGcmCipher.KEY_LENGTH]);

	/**
	 * Build the message, a key pair per side as in a real key exchange, and the encoded
	 * frames the decode benchmarks read.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.codec = FrameCodec.withDefaults();
		this.envelope = message(this.size);
		KeyExchange server = KeyExchange.generate();
		KeyExchange client = KeyExchange.generate();
		this.senderCipher = server.deriveCipher(client.publicKeyBase64());
		this.receiverCipher = client.deriveCipher(server.publicKeyBase64());
		this.text = this.codec.encodeText(this.envelope);
		this.textBytes = this.text.getBytes(StandardCharsets.UTF_8);
		this.zlibFrame = this.codec.encodeBinary(this.envelope, WireFormat.JSON, 1);
		this.msgpackFrame = this.codec.encodeBinary(this.envelope, WireFormat.MSGPACK, 0);
		this.encryptedFrame = this.codec.encodeEncrypted(this.envelope, WireFormat.JSON, this.senderCipher);
		check(this.zlibFrame[0] == 'C', "zlib frame");
		check(this.msgpackFrame[0] == 'M', "msgpack frame");
		check(this.encryptedFrame[0] == 'E', "encrypted frame");
		checkRoundTrip(this.codec.decodeText(this.text), "JSON");
		check(this.codec.decodeText(this.clientMessage, 0, this.clientMessage.length)
			.payload()
			.get("bts")
			.asLong() == 1795789322769123L, "client message");
		checkRoundTrip(this.codec.decodeBinary(this.zlibFrame, WireFormat.JSON, null).envelope(), "zlib");
		checkRoundTrip(this.codec.decodeBinary(this.msgpackFrame, WireFormat.MSGPACK, null).envelope(), "msgpack");
		checkRoundTrip(this.codec.decodeBinary(this.encryptedFrame, WireFormat.JSON, this.receiverCipher).envelope(),
				"AES-GCM");
	}

	private void checkRoundTrip(Envelope decoded, String what) {
		check(this.codec.encodeText(decoded).equals(this.text), what + " round trip");
	}

	private static void check(boolean condition, String what) {
		if (!condition) {
			throw new IllegalStateException("Benchmark setup is wrong: " + what);
		}
	}

	/**
	 * Build a realistic server message: a stamped {@code price_update} with id,
	 * timestamp, sequence and version; the large one carries an order book of 50 levels.
	 * @param size {@code small} or {@code large}
	 * @return the message
	 */
	static Envelope message(String size) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode payload = nodes.objectNode();
		payload.put("symbol", "AAPL");
		payload.put("price", 187.42);
		payload.put("volume", 1200);
		payload.put("exchange", "NASDAQ");
		if ("large".equals(size)) {
			ArrayNode levels = payload.putArray("book");
			for (int i = 0; i < 50; i++) {
				ObjectNode level = levels.addObject();
				level.put("side", (i % 2 == 0) ? "bid" : "ask");
				level.put("price", 187.42 + ((i % 2 == 0) ? -i : i) * 0.01);
				level.put("size", 100 + i * 37);
				level.put("orders", 1 + i % 7);
				level.put("venue", "venue-" + (i % 5));
			}
		}
		else if (!"small".equals(size)) {
			throw new IllegalArgumentException("Unknown size " + size);
		}
		return Envelope.builder("price_update")
			.stamp("prices.AAPL", null, null)
			.payload(payload)
			.id("0193a3c2-7f4e-7b8a-9c1d-2e3f4a5b6c7d")
			.timestamp("2026-11-26T14:00:00.000Z")
			.seq(4242L)
			.version(2)
			.build();
	}

	/**
	 * Encode as a JSON text frame.
	 * @return the text
	 */
	@Benchmark
	public String encodeJsonText() {
		return this.codec.encodeText(this.envelope);
	}

	/**
	 * Encode as a {@code C:} zlib frame (compression forced with a threshold of 1 byte).
	 * @return the frame
	 */
	@Benchmark
	public byte[] encodeZlib() {
		return this.codec.encodeBinary(this.envelope, WireFormat.JSON, 1);
	}

	/**
	 * Encode as an {@code M:} MessagePack frame.
	 * @return the frame
	 */
	@Benchmark
	public byte[] encodeMsgpack() {
		return this.codec.encodeBinary(this.envelope, WireFormat.MSGPACK, 0);
	}

	/**
	 * Encode as an {@code E:} frame: JSON bytes, then AES-256-GCM with a fresh IV.
	 * @return the frame
	 */
	@Benchmark
	public byte[] encodeAesGcm() {
		return this.codec.encodeEncrypted(this.envelope, WireFormat.JSON, this.senderCipher);
	}

	/**
	 * Decode a JSON text frame.
	 * @return the message
	 */
	@Benchmark
	public Envelope decodeJsonText() {
		return this.codec.decodeText(this.text);
	}

	/**
	 * Decode a JSON text frame from its UTF-8 bytes, as the transports hand it over.
	 * @return the message
	 */
	@Benchmark
	public Envelope decodeJsonBytes() {
		return this.codec.decodeText(this.textBytes, 0, this.textBytes.length);
	}

	/**
	 * Decode a client message from its UTF-8 bytes: what the server does for every
	 * message the {@code inbound} load scenario sends.
	 * @return the message
	 */
	@Benchmark
	public Envelope decodeClientMessage() {
		return this.codec.decodeText(this.clientMessage, 0, this.clientMessage.length);
	}

	/**
	 * Decode a {@code C:} zlib frame.
	 * @return the decoded frame
	 */
	@Benchmark
	public DecodedFrame decodeZlib() {
		return this.codec.decodeBinary(this.zlibFrame, WireFormat.JSON, null);
	}

	/**
	 * Decode an {@code M:} MessagePack frame.
	 * @return the decoded frame
	 */
	@Benchmark
	public DecodedFrame decodeMsgpack() {
		return this.codec.decodeBinary(this.msgpackFrame, WireFormat.MSGPACK, null);
	}

	/**
	 * Decrypt, authenticate and decode an {@code E:} frame.
	 * @return the decoded frame
	 */
	@Benchmark
	public DecodedFrame decodeAesGcm() {
		return this.codec.decodeBinary(this.encryptedFrame, WireFormat.JSON, this.receiverCipher);
	}

}
