package dev.wse.protocol.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.FrameCipher;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binary frames: plain JSON, {@code C:} zlib, {@code M:} and raw MessagePack, {@code E:}
 * AES-GCM, and the limits that protect them.
 */
class FrameCodecBinaryTests {

	private static final byte[] KEY = new byte[32];

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final Envelope sample = Envelope.builder("price_update")
		.payload(JsonMapper.shared()
			.readTree("{\"symbol\":\"AAPL\",\"price\":187.42,\"qty\":100,\"tags\":[\"a\",null,true]}"))
		.id("0197f1c2-5a3e-7b21-9c40-3d2f8e6a1b77")
		.timestamp("2026-11-26T09:00:00.000Z")
		.seq(5L)
		.version(1)
		.build();

	private final Envelope expected = this.sample.toBuilder().category(MessageCategory.U).build();

	@Test
	void plainJsonBinaryRoundTrip() {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.JSON, 1024);
		assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo(this.codec.encodeText(this.sample));
		DecodedFrame decoded = this.codec.decodeBinary(frame, WireFormat.JSON, null);
		assertThat(decoded.envelope()).isEqualTo(this.expected);
		assertThat(decoded.encrypted()).isFalse();
	}

	@Test
	void plainJsonBinaryAcceptsLegacyPrefixes() {
		byte[] frame = "WSE{\"t\":\"ping\",\"p\":{}}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.codec.decodeBinary(frame, WireFormat.JSON, null).envelope().type()).isEqualTo("ping");
	}

	@Test
	void compressesOnlyAboveTheThreshold() {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.JSON, 10);
		assertThat(Arrays.copyOf(frame, 4)).isEqualTo(new byte[] { 'C', ':', 0x78, 0x01 });
		assertThat(this.codec.decodeBinary(frame, WireFormat.JSON, null).envelope()).isEqualTo(this.expected);
	}

	@Test
	void zeroThresholdNeverCompresses() {
		Envelope large = Envelope.builder("x").payload(JsonNodeFactory.instance.stringNode("a".repeat(10_000))).build();
		assertThat(this.codec.encodeBinary(large, WireFormat.JSON, 0)[0]).isEqualTo((byte) '{');
	}

	@Test
	void thresholdIsStrictlyGreaterThan() {
		Envelope exact = envelopeOfJsonLength(1024);
		Envelope above = envelopeOfJsonLength(1025);
		assertThat(this.codec.encodeJson(exact)).hasSize(1024);
		assertThat(this.codec.encodeJson(above)).hasSize(1025);
		assertThat(this.codec.encodeBinary(exact, WireFormat.JSON, 1024)).isEqualTo(this.codec.encodeJson(exact));
		byte[] compressed = this.codec.encodeBinary(above, WireFormat.JSON, 1024);
		assertThat(Arrays.copyOf(compressed, 2)).isEqualTo(FrameCodec.COMPRESSED_PREFIX);
		assertThat(inflate(compressed)).isEqualTo(this.codec.encodeJson(above));
	}

	@Test
	void compressionLevelFollowsTheLimits() {
		FrameCodec best = new FrameCodec(JsonMapper.builder().build(), new CodecLimits(1 << 20, 1 << 20, 64, 9));
		byte[] frame = best.encodeBinary(this.sample, WireFormat.JSON, 10);
		assertThat(frame[2]).isEqualTo((byte) 0x78);
		assertThat(frame[3]).isEqualTo((byte) 0xDA);
		assertThat(this.codec.decodeBinary(frame, WireFormat.JSON, null).envelope()).isEqualTo(this.expected);
	}

	@Test
	void decodesZlibOfAnyLevel() throws Exception {
		byte[] json = this.codec.encodeJson(this.sample);
		for (int level = 0; level <= 9; level++) {
			byte[] frame = concat(FrameCodec.COMPRESSED_PREFIX, deflate(json, level));
			assertThat(this.codec.decodeBinary(frame, WireFormat.JSON, null).envelope()).as("level " + level)
				.isEqualTo(this.expected);
		}
	}

	@Test
	void msgpackRoundTrip() {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 1024);
		assertThat(Arrays.copyOf(frame, 2)).isEqualTo(FrameCodec.MSGPACK_PREFIX);
		assertThat(this.codec.decodeBinary(frame, WireFormat.MSGPACK, null).envelope()).isEqualTo(this.expected);
	}

	@Test
	void msgpackIsNeverCompressed() {
		Envelope large = Envelope.builder("x").payload(JsonNodeFactory.instance.stringNode("a".repeat(10_000))).build();
		assertThat(Arrays.copyOf(this.codec.encodeBinary(large, WireFormat.MSGPACK, 1), 2))
			.isEqualTo(FrameCodec.MSGPACK_PREFIX);
	}

	@Test
	void msgpackUsesTheJsonKeysInTheJsonOrder() throws Exception {
		Envelope envelope = this.sample.toBuilder()
			.stamp("prices", "5a1c9e02", 42L)
			.extras(JsonNodeFactory.instance.objectNode().put("trace_id", "t"))
			.build();
		byte[] frame = this.codec.encodeBinary(envelope, WireFormat.MSGPACK, 0);
		try (var unpacker = MessagePack.newDefaultUnpacker(frame, 2, frame.length - 2)) {
			int size = unpacker.unpackMapHeader();
			StringBuilder keys = new StringBuilder();
			for (int i = 0; i < size; i++) {
				keys.append(unpacker.unpackString()).append(' ');
				unpacker.skipValue();
			}
			assertThat(keys.toString().trim()).isEqualTo("tp e o c t p id ts seq v trace_id");
		}
	}

	@Test
	void msgpackPrefixedFramesDecodeOnJsonConnectionsToo() {
		// Upstream mis-decodes inbound M: frames (the M byte is read as a fixint); we
		// must not.
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 0);
		assertThat(this.codec.decodeBinary(frame, WireFormat.JSON, null).envelope()).isEqualTo(this.expected);
	}

	@Test
	void rawMsgpackDecodesOnMsgpackConnections() {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 0);
		byte[] raw = Arrays.copyOfRange(frame, 2, frame.length);
		assertThat(this.codec.decodeBinary(raw, WireFormat.MSGPACK, null).envelope()).isEqualTo(this.expected);
	}

	@Test
	void rawMsgpackIsNotJsonOnJsonConnections() {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 0);
		assertInvalid(Arrays.copyOfRange(frame, 2, frame.length), WireFormat.JSON, null);
	}

	@Test
	void rawMsgpackWithMap16AndMap32HeadersDecodes() throws Exception {
		for (int header : new int[] { 0xDE, 0xDF }) {
			MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
			packer.writePayload(new byte[] { (byte) header });
			if (header == 0xDE) {
				packer.writePayload(new byte[] { 0, 1 });
			}
			else {
				packer.writePayload(new byte[] { 0, 0, 0, 1 });
			}
			packer.packString("t").packString("chat");
			assertThat(this.codec.decodeBinary(packer.toByteArray(), WireFormat.MSGPACK, null).envelope().type())
				.isEqualTo("chat");
		}
	}

	@Test
	void msgpackValuesConvertToJson() throws Exception {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(3);
		packer.packString("type").packString("x");
		packer.packString("payload").packMapHeader(8);
		packer.packInt(7).packString("int key");
		packer.packBoolean(true).packString("bool key");
		packer.packString("bin").packBinaryHeader(3).writePayload(new byte[] { 0x0A, (byte) 0xFF, 0x00 });
		packer.packString("ext").packExtensionTypeHeader((byte) 5, 2).writePayload(new byte[] { 0x12, 0x34 });
		packer.packString("u64").packBigInteger(new BigInteger("18446744073709551615"));
		packer.packString("long").packLong(1L << 40);
		packer.packString("f32").packFloat(1.5f);
		packer.packString("nil").packNil();
		packer.packString("seq").packInt(3);
		Envelope envelope = this.codec
			.decodeBinary(concat(FrameCodec.MSGPACK_PREFIX, packer.toByteArray()), WireFormat.JSON, null)
			.envelope();
		JsonNode payload = envelope.payload();
		assertThat(envelope.type()).isEqualTo("x");
		assertThat(envelope.seq()).isEqualTo(3L);
		assertThat(payload.get("7").stringValue()).isEqualTo("int key");
		assertThat(payload.get("true").stringValue()).isEqualTo("bool key");
		assertThat(payload.get("bin").stringValue()).isEqualTo("0aff00");
		assertThat(payload.get("ext").stringValue()).isEqualTo("1234");
		assertThat(payload.get("u64").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551615"));
		assertThat(payload.get("long").isLong()).isTrue();
		assertThat(payload.get("f32").isDouble()).isTrue();
		assertThat(payload.get("f32").doubleValue()).isEqualTo(1.5);
		assertThat(payload.get("nil").isNull()).isTrue();
	}

	@Test
	void msgpackNestingIsCappedLikeJson() throws Exception {
		assertThat(this.codec.decodeBinary(nestedMsgpack(63), WireFormat.MSGPACK, null).envelope().type())
			.isEqualTo("x");
		assertInvalid(nestedMsgpack(64), WireFormat.MSGPACK, null);
		assertInvalid(nestedMsgpack(65), WireFormat.MSGPACK, null);
	}

	@Test
	void rejectsMalformedMsgpack() throws Exception {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 0);
		assertInvalid(Arrays.copyOf(frame, frame.length - 3), WireFormat.MSGPACK, null);
		assertInvalid(new byte[] { 'M', ':' }, WireFormat.JSON, null);
		assertInvalid(new byte[] { 'M', ':', (byte) 0x92, 1, 2 }, WireFormat.JSON, null);
		// a bin32 claiming 2 GiB in a tiny frame must not allocate it
		assertInvalid(new byte[] { 'M', ':', (byte) 0x81, (byte) 0xA1, 't', (byte) 0xC6, 0x7F, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF }, WireFormat.JSON, null);
		// a string that is not UTF-8
		assertInvalid(new byte[] { 'M', ':', (byte) 0x81, (byte) 0xA1, 't', (byte) 0xA1, (byte) 0xC3 }, WireFormat.JSON,
				null);
	}

	@Test
	void encryptedJsonRoundTrip() {
		FrameCipher cipher = new AesGcmCipher(KEY);
		byte[] frame = this.codec.encodeEncrypted(this.sample, WireFormat.JSON, cipher);
		assertThat(Arrays.copyOf(frame, 2)).isEqualTo(new byte[] { 0x45, 0x3A });
		assertThat(cipher.decrypt(Arrays.copyOfRange(frame, 2, frame.length)))
			.isEqualTo(this.codec.encodeJson(this.sample));
		DecodedFrame decoded = this.codec.decodeBinary(frame, WireFormat.JSON, cipher);
		assertThat(decoded.envelope()).isEqualTo(this.expected);
		assertThat(decoded.encrypted()).isTrue();
	}

	@Test
	void encryptedMsgpackRoundTrip() {
		FrameCipher cipher = new AesGcmCipher(KEY);
		byte[] frame = this.codec.encodeEncrypted(this.sample, WireFormat.MSGPACK, cipher);
		byte[] plaintext = cipher.decrypt(Arrays.copyOfRange(frame, 2, frame.length));
		assertThat(Arrays.copyOf(plaintext, 2)).isEqualTo(FrameCodec.MSGPACK_PREFIX);
		DecodedFrame decoded = this.codec.decodeBinary(frame, WireFormat.MSGPACK, cipher);
		assertThat(decoded.envelope()).isEqualTo(this.expected);
		assertThat(decoded.encrypted()).isTrue();
	}

	@Test
	void encryptedLegacyPrefixedTextDecodes() {
		FrameCipher cipher = new AesGcmCipher(KEY);
		byte[] frame = this.codec.encrypt("U{\"t\":\"chat\",\"p\":{}}".getBytes(StandardCharsets.UTF_8), cipher);
		assertThat(this.codec.decodeBinary(frame, WireFormat.JSON, cipher).envelope().type()).isEqualTo("chat");
	}

	@Test
	void encryptFrameInflatesCompressedFramesAndKeepsOthersAsTheyAre() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		byte[] json = this.codec.encodeJson(this.sample);
		byte[] compressed = this.codec.encodeBinary(this.sample, WireFormat.JSON, 1);
		assertThat(new String(compressed, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("C:");
		byte[] fromCompressed = this.codec.encryptFrame(compressed, cipher);
		assertThat(FrameCodec.isEncrypted(fromCompressed)).isTrue();
		assertThat(cipher.decrypt(Arrays.copyOfRange(fromCompressed, 2, fromCompressed.length))).isEqualTo(json);
		byte[] msgpack = this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 0);
		byte[] fromMsgpack = this.codec.encryptFrame(msgpack, cipher);
		assertThat(cipher.decrypt(Arrays.copyOfRange(fromMsgpack, 2, fromMsgpack.length))).isEqualTo(msgpack);
		assertThat(this.codec.decodeBinary(fromMsgpack, WireFormat.JSON, cipher).envelope()).isEqualTo(this.expected);
		assertThat(FrameCodec.isEncrypted(json)).isFalse();
	}

	@Test
	void encryptedFrameWithoutAKeyIsInvalid() {
		byte[] frame = this.codec.encodeEncrypted(this.sample, WireFormat.JSON, new AesGcmCipher(KEY));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.codec.decodeBinary(frame, WireFormat.JSON, null))
			.withMessage("Encrypted frame without a key")
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
	}

	@Test
	void encryptedFrameWithTheWrongKeyIsInvalid() {
		byte[] otherKey = new byte[32];
		otherKey[31] = 1;
		byte[] frame = this.codec.encodeEncrypted(this.sample, WireFormat.JSON, new AesGcmCipher(otherKey));
		assertInvalid(frame, WireFormat.JSON, new AesGcmCipher(KEY));
	}

	@Test
	void shortEncryptedFrameIsInvalid() {
		byte[] frame = new byte[2 + 27];
		frame[0] = 'E';
		frame[1] = ':';
		assertInvalid(frame, WireFormat.JSON, new AesGcmCipher(KEY));
		assertInvalid(new byte[] { 'E', ':' }, WireFormat.JSON, new AesGcmCipher(KEY));
	}

	@Test
	void encryptedFrameInsideAnEncryptedFrameIsInvalid() {
		FrameCipher cipher = new AesGcmCipher(KEY);
		byte[] inner = this.codec.encodeEncrypted(this.sample, WireFormat.JSON, cipher);
		assertInvalid(this.codec.encrypt(inner, cipher), WireFormat.JSON, cipher);
	}

	@Test
	void rejectsFramesAboveTheSizeLimit() {
		byte[] frame = ("{\"t\":\"x\",\"p\":\"" + "a".repeat(CodecLimits.DEFAULT_MAX_MESSAGE_SIZE) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.codec.decodeBinary(frame, WireFormat.JSON, null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
	}

	@Test
	void rejectsZipBombs() throws Exception {
		byte[] json = ("{\"t\":\"x\",\"p\":\"" + " ".repeat(4 * CodecLimits.DEFAULT_MAX_MESSAGE_SIZE) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] frame = concat(FrameCodec.COMPRESSED_PREFIX, deflate(json, 9));
		assertThat(frame.length).isLessThan(10_000);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.codec.decodeBinary(frame, WireFormat.JSON, null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
	}

	@Test
	void inflateCapFollowsTheLimits() throws Exception {
		FrameCodec small = new FrameCodec(JsonMapper.builder().build(), new CodecLimits(1 << 20, 100, 64, 1));
		byte[] json = ("{\"t\":\"x\",\"p\":\"" + "a".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(
				() -> small.decodeBinary(concat(FrameCodec.COMPRESSED_PREFIX, deflate(json, 1)), WireFormat.JSON, null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
	}

	@Test
	void rejectsCorruptAndTruncatedZlib() throws Exception {
		byte[] frame = this.codec.encodeBinary(this.sample, WireFormat.JSON, 10);
		assertInvalid(Arrays.copyOf(frame, frame.length - 5), WireFormat.JSON, null);
		byte[] corrupt = frame.clone();
		corrupt[3] = 0x7F;
		assertInvalid(corrupt, WireFormat.JSON, null);
		assertInvalid(concat(frame, new byte[] { 1, 2, 3 }), WireFormat.JSON, null);
		assertInvalid(new byte[] { 'C', ':' }, WireFormat.JSON, null);
		assertInvalid(concat(FrameCodec.COMPRESSED_PREFIX, deflate(new byte[] { 1, 2, (byte) 0xFF }, 1)),
				WireFormat.JSON, null);
	}

	@Test
	void rejectsInvalidUtf8() {
		byte[] frame = { '{', '"', 't', '"', ':', '"', (byte) 0xC3, '"', '}' };
		assertInvalid(frame, WireFormat.JSON, null);
		assertInvalid(new byte[] { '{', '"', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' },
				WireFormat.JSON, null);
	}

	@Test
	void rejectsGarbageBinary() {
		assertInvalid(new byte[0], WireFormat.JSON, null);
		assertInvalid(new byte[0], WireFormat.MSGPACK, null);
		assertInvalid(new byte[] { 0x78, 0x01, 0x02 }, WireFormat.JSON, null);
		assertInvalid("[1,2]".getBytes(StandardCharsets.UTF_8), WireFormat.JSON, null);
		assertInvalid("{\"t\":1}".getBytes(StandardCharsets.UTF_8), WireFormat.MSGPACK, null);
	}

	private Envelope envelopeOfJsonLength(int length) {
		Envelope empty = Envelope.builder("x").payload(JsonNodeFactory.instance.stringNode("")).build();
		int padding = length - this.codec.encodeJson(empty).length;
		return Envelope.builder("x").payload(JsonNodeFactory.instance.stringNode("a".repeat(padding))).build();
	}

	private static byte[] nestedMsgpack(int arrays) throws Exception {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(2);
		packer.packString("t").packString("x");
		packer.packString("p");
		for (int i = 0; i < arrays; i++) {
			packer.packArrayHeader(i + 1 < arrays ? 1 : 0);
		}
		if (arrays == 0) {
			packer.packNil();
		}
		return packer.toByteArray();
	}

	private void assertInvalid(byte[] frame, WireFormat format, FrameCipher cipher) {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.codec.decodeBinary(frame, format, cipher))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
	}

	static byte[] inflate(byte[] frame) {
		try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(frame, 2, frame.length - 2))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] deflate(byte[] input, int level) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(level))) {
			deflater.write(input);
		}
		return out.toByteArray();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] out = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, out, first.length, second.length);
		return out;
	}

}
