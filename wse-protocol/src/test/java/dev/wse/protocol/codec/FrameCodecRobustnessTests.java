package dev.wse.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.FrameCipher;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever arrives, decoding either gives a message or throws {@link ProtocolException}:
 * never another exception type.
 */
class FrameCodecRobustnessTests {

	private static final int ROUNDS = 5_000;

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final FrameCipher cipher = new AesGcmCipher(new byte[32]);

	private final Envelope sample = Envelope.builder("price_update")
		.payload(JsonMapper.shared().readTree("{\"symbol\":\"AAPL\",\"price\":187.42,\"rows\":[1,2,3,{\"a\":null}]}"))
		.id("i-1")
		.seq(5L)
		.version(1)
		.build();

	@Test
	void randomBytesOnlyEverThrowProtocolException() {
		Random random = new Random(42);
		for (int i = 0; i < ROUNDS; i++) {
			byte[] frame = new byte[random.nextInt(64)];
			random.nextBytes(frame);
			for (WireFormat format : WireFormat.values()) {
				assertOnlyProtocolException(() -> this.codec.decodeBinary(frame, format, this.cipher));
			}
			assertOnlyProtocolException(() -> this.codec.decodeText(new String(frame, StandardCharsets.ISO_8859_1)));
		}
	}

	@Test
	void randomlyPrefixedBytesOnlyEverThrowProtocolException() {
		Random random = new Random(7);
		byte[][] prefixes = { { 'C', ':' }, { 'M', ':' }, { 'E', ':' }, { 'M', ':', (byte) 0x81 }, { (byte) 0x82 },
				"{\"t\":".getBytes(StandardCharsets.UTF_8) };
		for (int i = 0; i < ROUNDS; i++) {
			byte[] prefix = prefixes[i % prefixes.length];
			byte[] frame = new byte[prefix.length + random.nextInt(64)];
			random.nextBytes(frame);
			System.arraycopy(prefix, 0, frame, 0, prefix.length);
			for (WireFormat format : WireFormat.values()) {
				assertOnlyProtocolException(() -> this.codec.decodeBinary(frame, format, this.cipher));
			}
		}
	}

	@Test
	void mutatedValidFramesOnlyEverThrowProtocolException() {
		Random random = new Random(1234);
		byte[][] valid = { this.codec.encodeBinary(this.sample, WireFormat.JSON, 0),
				this.codec.encodeBinary(this.sample, WireFormat.JSON, 1),
				this.codec.encodeBinary(this.sample, WireFormat.MSGPACK, 0),
				this.codec.encodeEncrypted(this.sample, WireFormat.JSON, this.cipher) };
		for (int i = 0; i < ROUNDS; i++) {
			byte[] frame = valid[i % valid.length].clone();
			int mutations = 1 + random.nextInt(4);
			for (int m = 0; m < mutations; m++) {
				frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
			}
			int length = (random.nextInt(4) == 0) ? random.nextInt(frame.length + 1) : frame.length;
			byte[] cut = Arrays.copyOf(frame, length);
			for (WireFormat format : WireFormat.values()) {
				assertOnlyProtocolException(() -> this.codec.decodeBinary(cut, format, this.cipher));
			}
		}
	}

	@Test
	void mutatedValidTextOnlyEverThrowsProtocolException() {
		Random random = new Random(99);
		String text = this.codec.encodeText(this.sample);
		String alphabet = "{}[]\":,0123456789.eE+-tfnul\\ ";
		for (int i = 0; i < ROUNDS; i++) {
			char[] chars = text.toCharArray();
			for (int m = 0; m < 1 + random.nextInt(3); m++) {
				chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
			}
			String mutated = new String(chars, 0,
					(random.nextInt(4) == 0) ? random.nextInt(chars.length) : chars.length);
			assertOnlyProtocolException(() -> this.codec.decodeText(mutated));
		}
	}

	private static void assertOnlyProtocolException(Runnable decode) {
		Throwable thrown = catchThrowable(decode::run);
		if (thrown != null) {
			assertThat(thrown).isInstanceOf(ProtocolException.class);
		}
	}

}
