package dev.wse.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.RandomInputs.FrameKind;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.FrameCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Property-based fuzzing of the frame decoder: whatever bytes or text arrive,
 * {@link FrameCodec#decodeText} and {@link FrameCodec#decodeBinary} return a message or
 * throw {@link ProtocolException} with {@code INVALID_MESSAGE} or
 * {@code MESSAGE_TOO_LARGE} — never another exception, never after more than
 * {@link PropertyCheck#MAX_TRY_DURATION} — and every valid message survives every
 * encoding unchanged.
 * <p>
 * Each property has a fixed seed and a bounded number of tries (the whole class runs in a
 * few seconds; each property is also cut off after {@link #PROPERTY_TIMEOUT}, multiplied
 * by {@code wse.fuzz.scale}). See {@link PropertyCheck} for longer runs with other seeds.
 * The harness is our own rather than jqwik: jqwik 1.10 asks AI coding agents not to use
 * it, and it targets JUnit Platform 1.x while this build runs JUnit 6.
 */
class FrameDecoderPropertyTests {

	private static final Duration PROPERTY_TIMEOUT = Duration.ofSeconds(30);

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final FrameCipher cipher = new AesGcmCipher(new byte[32]);

	private final FrameCipher otherCipher = new AesGcmCipher(fill(32, (byte) 7));

	// Anything in: a message or a ProtocolException out

	@Test
	void arbitraryBytesDecodeToAMessageOrAProtocolException() {
		bounded(() -> PropertyCheck.forAll((random) -> RandomInputs.bytes(random, 4096))
			.tries(20_000)
			.seed(1)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check(this::decodesEveryWayOrRejects));
	}

	@Test
	void arbitraryTextDecodesToAMessageOrAProtocolException() {
		bounded(() -> PropertyCheck.forAll((random) -> RandomInputs.text(random, 256))
			.tries(20_000)
			.seed(2)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check((text) -> {
				decodesOrRejects(() -> this.codec.decodeText(text));
				decodesEveryWayOrRejects(text.getBytes(StandardCharsets.UTF_8));
				bytesDecodeAsTheirText(text);
			}));
	}

	@Test
	void mutatedValidFramesDecodeToAMessageOrAProtocolException() {
		bounded(() -> PropertyCheck.forAll(this::mutatedFrame)
			.tries(20_000)
			.seed(3)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check((frame) -> {
				decodesEveryWayOrRejects(frame);
				decodesOrRejects(() -> this.codec.decodeText(new String(frame, StandardCharsets.UTF_8)));
				bytesDecodeAsTheirText(new String(frame, StandardCharsets.UTF_8));
			}));
	}

	@Test
	void validJsonMutatedBeforeCompressionDecodesToAMessageOrAProtocolException() {
		// Mutating a C: frame mostly breaks the zlib stream; this reaches the JSON parser
		// behind a valid stream.
		bounded(() -> PropertyCheck
			.forAll((random) -> RandomInputs.mutate(random, this.codec.encodeJson(RandomInputs.envelope(random))))
			.tries(5_000)
			.seed(4)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check((json) -> decodesEveryWayOrRejects(
					ZlibCodec.deflate(FrameCodec.COMPRESSED_PREFIX, json, Deflater.BEST_SPEED))));
	}

	@Test
	void encryptedFramesUnderAnotherKeyOrWithoutAKeyAreInvalidMessages() {
		bounded(() -> PropertyCheck
			.forAll((random) -> this.codec.encodeEncrypted(RandomInputs.envelope(random),
					WireFormat.values()[random.nextInt(2)], this.otherCipher))
			.tries(2_000)
			.seed(5)
			.describedBy(RandomInputs::describe)
			.check((frame) -> {
				for (WireFormat format : WireFormat.values()) {
					assertInvalidMessage(() -> this.codec.decodeBinary(frame, format, this.cipher));
					assertInvalidMessage(() -> this.codec.decodeBinary(frame, format, null));
				}
			}));
	}

	// Hostile structures: the documented outcome, exactly at the limits

	@Test
	void nestingIsCappedAtTheDepthLimitInJsonAndMessagePack() {
		int maxDepth = this.codec.limits().maxDepth();
		bounded(() -> PropertyCheck
			.forAll((random) -> (random.nextInt(10) == 0) ? 10_000 : 1 + random.nextInt(2 * maxDepth))
			.tries(500)
			.seed(6)
			.check((arrays) -> {
				// the message object is one level, each array inside p one more
				boolean tooDeep = 1 + arrays > maxDepth;
				String json = "{\"t\":\"deep\",\"p\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}";
				byte[] msgpack = nestedMsgpack(arrays);
				if (tooDeep) {
					assertInvalidMessage(() -> this.codec.decodeText(json));
					assertInvalidMessage(() -> this.codec.decodeBinary(msgpack, WireFormat.JSON, null));
				}
				else {
					assertThat(this.codec.decodeText(json).type()).isEqualTo("deep");
					assertThat(this.codec.decodeBinary(msgpack, WireFormat.JSON, null).envelope().type())
						.isEqualTo("deep");
				}
			}));
	}

	@Test
	void compressedFramesAreCappedAtTheInflatedSizeLimit() {
		// A small cap, so that the property can probe both sides of it often.
		int cap = 4096;
		FrameCodec small = new FrameCodec(JsonMapper.builder().build(), new CodecLimits(cap, cap, 64, 1));
		bounded(() -> PropertyCheck
			.forAll((random) -> cap - 64 + random.nextInt(128 + ((random.nextInt(8) == 0) ? 1 << 20 : 0)))
			.tries(1_000)
			.seed(7)
			.check((size) -> {
				byte[] bomb = ZlibCodec.deflate(FrameCodec.COMPRESSED_PREFIX, jsonOfSize(size),
						Deflater.BEST_COMPRESSION);
				if (size > cap) {
					assertThatExceptionOfType(ProtocolException.class)
						.isThrownBy(() -> small.decodeBinary(bomb, WireFormat.JSON, null))
						.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
				}
				else {
					assertThat(small.decodeBinary(bomb, WireFormat.JSON, null).envelope().type()).isEqualTo("bomb");
				}
			}));
	}

	@Test
	void textIsCappedAtTheMessageSizeInUtf8Bytes() {
		int cap = 4096;
		FrameCodec small = new FrameCodec(JsonMapper.builder().build(), new CodecLimits(cap, cap, 64, 1));
		bounded(() -> PropertyCheck.forAll((random) -> paddedJson(random, cap - 16 + random.nextInt(32)))
			.tries(2_000)
			.seed(8)
			.describedBy(RandomInputs::describe)
			.check((json) -> {
				if (json.getBytes(StandardCharsets.UTF_8).length > cap) {
					assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> small.decodeText(json))
						.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
				}
				else {
					assertThat(small.decodeText(json).type()).isEqualTo("pad");
				}
			}));
	}

	@Test
	void messagePackWithHugeDeclaredLengthsIsAnInvalidMessage() {
		bounded(() -> PropertyCheck.forAll(FrameDecoderPropertyTests::hugeDeclaredLength)
			.tries(5_000)
			.seed(9)
			.describedBy(RandomInputs::describe)
			.check((frame) -> {
				assertInvalidMessage(() -> this.codec.decodeBinary(frame, WireFormat.JSON, null));
				byte[] raw = Arrays.copyOfRange(frame, 2, frame.length);
				assertInvalidMessage(() -> this.codec.decodeBinary(raw, WireFormat.MSGPACK, null));
			}));
	}

	// Round trips

	@Test
	void validMessagesRoundTripThroughEveryEncoding() {
		bounded(() -> PropertyCheck.forAll(RandomInputs::envelope).tries(5_000).seed(10).check((envelope) -> {
			Envelope expected = RandomInputs.asDecoded(envelope);
			String text = this.codec.encodeText(envelope);
			assertThat(this.codec.decodeText(text)).as("text").isEqualTo(expected);
			assertThat(this.codec.decodeText("WSE" + text)).as("legacy prefix").isEqualTo(expected);
			byte[] utf8 = ("S" + text).getBytes(StandardCharsets.UTF_8);
			assertThat(this.codec.decodeText(utf8, 0, utf8.length)).as("UTF-8 bytes").isEqualTo(expected);
			for (FrameKind kind : FrameKind.values()) {
				DecodedFrame decoded = this.codec.decodeBinary(frame(envelope, kind), formatFor(kind), this.cipher);
				assertThat(decoded.envelope()).as(kind.name()).isEqualTo(expected);
				assertThat(decoded.encrypted()).as(kind + " encrypted").isEqualTo(kind.name().startsWith("ENCRYPTED"));
			}
		}));
	}

	@Test
	void decodedMessagesAreStableUnderReencoding() {
		// Whatever a mutated frame decodes to, encoding and decoding it again changes
		// nothing.
		bounded(() -> PropertyCheck.forAll(this::mutatedFrame)
			.tries(10_000)
			.seed(11)
			.describedBy(RandomInputs::describe)
			.check((frame) -> {
				Envelope decoded;
				try {
					decoded = this.codec.decodeBinary(frame, WireFormat.MSGPACK, this.cipher).envelope();
				}
				catch (ProtocolException ex) {
					return;
				}
				if (hasNonFiniteNumber(decoded.payload()) || hasNonFiniteNumber(decoded.extras())) {
					// A float literal beyond the double range (1e999) decodes to
					// Infinity, which Jackson writes as the string "Infinity".
					return;
				}
				Envelope expected = RandomInputs.asDecoded(decoded);
				assertThat(this.codec.decodeText(this.codec.encodeText(decoded))).isEqualTo(expected);
			}));
	}

	// Support

	private byte[] mutatedFrame(Random random) {
		Envelope envelope = RandomInputs.envelope(random);
		FrameKind kind = FrameKind.values()[random.nextInt(FrameKind.values().length)];
		return RandomInputs.mutate(random, frame(envelope, kind));
	}

	private byte[] frame(Envelope envelope, FrameKind kind) {
		return switch (kind) {
			case JSON -> this.codec.encodeBinary(envelope, WireFormat.JSON, 0);
			case COMPRESSED -> this.codec.encodeBinary(envelope, WireFormat.JSON, 1);
			case MSGPACK -> this.codec.encodeBinary(envelope, WireFormat.MSGPACK, 0);
			case RAW_MSGPACK -> {
				byte[] frame = this.codec.encodeBinary(envelope, WireFormat.MSGPACK, 0);
				yield Arrays.copyOfRange(frame, FrameCodec.MSGPACK_PREFIX.length, frame.length);
			}
			case ENCRYPTED_JSON -> this.codec.encodeEncrypted(envelope, WireFormat.JSON, this.cipher);
			case ENCRYPTED_MSGPACK -> this.codec.encodeEncrypted(envelope, WireFormat.MSGPACK, this.cipher);
		};
	}

	private static boolean hasNonFiniteNumber(JsonNode node) {
		if (node.isFloatingPointNumber()) {
			return !Double.isFinite(node.doubleValue());
		}
		for (JsonNode child : node.values()) {
			if (hasNonFiniteNumber(child)) {
				return true;
			}
		}
		return false;
	}

	private static WireFormat formatFor(FrameKind kind) {
		return (kind == FrameKind.RAW_MSGPACK) ? WireFormat.MSGPACK : WireFormat.JSON;
	}

	/**
	 * Decode bytes as a binary frame on both wire formats, keyed and not keyed.
	 */
	private void decodesEveryWayOrRejects(byte[] frame) {
		for (WireFormat format : WireFormat.values()) {
			decodesOrRejects(() -> this.codec.decodeBinary(frame, format, null));
			decodesOrRejects(() -> this.codec.decodeBinary(frame, format, this.cipher));
		}
	}

	/**
	 * Decoding the UTF-8 bytes of a text (at an offset in a larger array) gives what
	 * decoding the text gives: the same message, or a rejection with the same code.
	 */
	private void bytesDecodeAsTheirText(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (!new String(utf8, StandardCharsets.UTF_8).equals(text)) {
			return; // unpaired surrogates have no UTF-8 form
		}
		byte[] framed = new byte[utf8.length + 6];
		Arrays.fill(framed, (byte) '}');
		System.arraycopy(utf8, 0, framed, 3, utf8.length);
		assertThat(outcome(() -> this.codec.decodeText(framed, 3, utf8.length)))
			.isEqualTo(outcome(() -> this.codec.decodeText(text)));
	}

	private static Object outcome(Supplier<Envelope> decode) {
		try {
			return decode.get();
		}
		catch (ProtocolException ex) {
			return ex.code();
		}
	}

	private static void decodesOrRejects(Runnable decode) {
		try {
			decode.run();
		}
		catch (ProtocolException ex) {
			assertThat(ex.code()).isIn(ErrorCode.INVALID_MESSAGE, ErrorCode.MESSAGE_TOO_LARGE);
			assertThat(ex.getMessage()).isNotBlank();
		}
	}

	private static void assertInvalidMessage(Runnable decode) {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(decode::run)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
	}

	private static void bounded(Executable property) {
		assertTimeoutPreemptively(PROPERTY_TIMEOUT.multipliedBy(Integer.getInteger("wse.fuzz.scale", 1)), property);
	}

	/**
	 * {@code M:} + {t: "deep", p: [[[…]]]} with the given number of arrays.
	 */
	private static byte[] nestedMsgpack(int arrays) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(arrays + 16);
		out.writeBytes(FrameCodec.MSGPACK_PREFIX);
		out.write(0x82);
		writeFixString(out, "t");
		writeFixString(out, "deep");
		writeFixString(out, "p");
		for (int i = 0; i < arrays; i++) {
			// an array of one element, except the innermost, which is empty
			out.write((i < arrays - 1) ? 0x91 : 0x90);
		}
		return out.toByteArray();
	}

	/**
	 * {@code M:} + a map whose {@code t} or {@code p} holds a str, bin, array, map or ext
	 * header that claims far more than the frame holds.
	 */
	private static byte[] hugeDeclaredLength(Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(FrameCodec.MSGPACK_PREFIX);
		boolean hugeMap = random.nextInt(4) == 0;
		if (hugeMap) {
			out.write(0xdf);
			out.writeBytes(ByteBuffer.allocate(4).putInt((int) hugeLength(random)).array());
		}
		else {
			out.write(0x82);
		}
		writeFixString(out, "t");
		writeFixString(out, "x");
		writeFixString(out, "p");
		int[] markers = { 0xdb, 0xc6, 0xdd, 0xdf, 0xc9, 0xda, 0xc5, 0xdc, 0xde, 0xc8 };
		int marker = markers[random.nextInt(markers.length)];
		out.write(marker);
		long length = hugeLength(random);
		boolean wide = marker == 0xdb || marker == 0xc6 || marker == 0xdd || marker == 0xdf || marker == 0xc9;
		if (wide) {
			out.writeBytes(ByteBuffer.allocate(4).putInt((int) length).array());
		}
		else {
			out.writeBytes(ByteBuffer.allocate(2).putShort((short) Math.max(length & 0xFFFF, 0x1000)).array());
		}
		if (marker == 0xc9 || marker == 0xc8) {
			out.write(1); // extension type
		}
		byte[] tail = new byte[random.nextInt(64)];
		random.nextBytes(tail);
		out.writeBytes(tail);
		return out.toByteArray();
	}

	private static long hugeLength(Random random) {
		long[] lengths = { 0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0x10000000L, 1 << 20, 1 << 16 };
		return lengths[random.nextInt(lengths.length)];
	}

	private static void writeFixString(ByteArrayOutputStream out, String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		out.write(0xa0 | utf8.length);
		out.writeBytes(utf8);
	}

	/**
	 * A JSON message of exactly {@code size} bytes, padded with spaces.
	 */
	private static byte[] jsonOfSize(int size) {
		byte[] head = "{\"t\":\"bomb\",\"p\":\"".getBytes(StandardCharsets.UTF_8);
		byte[] json = new byte[size];
		Arrays.fill(json, (byte) 'a');
		System.arraycopy(head, 0, json, 0, head.length);
		json[size - 2] = '"';
		json[size - 1] = '}';
		return json;
	}

	/**
	 * A valid JSON message of about {@code utf8Size} bytes, padded with a random mix of
	 * one- to four-byte characters, so that its size in chars and in bytes differ.
	 */
	private static String paddedJson(Random random, int utf8Size) {
		StringBuilder json = new StringBuilder("{\"t\":\"pad\",\"p\":\"");
		int bytes = json.length() + 2;
		String[] pads = { "a", "\u00e9", "\u20ac", "\ud83d\ude00" };
		int[] padBytes = { 1, 2, 3, 4 };
		while (bytes < utf8Size) {
			int pick = random.nextInt(pads.length);
			json.append(pads[pick]);
			bytes += padBytes[pick];
		}
		return json.append("\"}").toString();
	}

	private static byte[] fill(int length, byte value) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, value);
		return bytes;
	}

}
