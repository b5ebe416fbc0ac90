package dev.wse.engine.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Utf8Text}: the word-at-a-time ASCII scan must see a non-ASCII byte at every
 * position and alignment, and the answer must equal the JDK's strict decoder.
 */
class Utf8TextTests {

	@Test
	void findsAnInvalidByteAtEveryPositionAndOffset() {
		for (int length = 0; length <= 40; length++) {
			for (int offset = 0; offset < 9; offset++) {
				byte[] bytes = new byte[offset + length + 9];
				Arrays.fill(bytes, (byte) 0xFF);
				Arrays.fill(bytes, offset, offset + length, (byte) 'a');
				assertThat(Utf8Text.isValid(bytes, offset, length)).as("ASCII, length %d at %d", length, offset)
					.isTrue();
				for (int bad = 0; bad < length; bad++) {
					bytes[offset + bad] = (byte) 0x80;
					assertThat(Utf8Text.isValid(bytes, offset, length))
						.as("lone continuation byte at %d of %d, offset %d", bad, length, offset)
						.isFalse();
					bytes[offset + bad] = 'a';
				}
			}
		}
	}

	@Test
	void acceptsMultiByteCharactersAtEveryPosition() {
		byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
		for (int length = euro.length; length <= 40; length++) {
			for (int at = 0; at + euro.length <= length; at++) {
				byte[] bytes = new byte[length + 3];
				Arrays.fill(bytes, (byte) 'x');
				System.arraycopy(euro, 0, bytes, 3 + at, euro.length);
				assertThat(Utf8Text.isValid(bytes, 3, length)).as("euro sign at %d of %d", at, length).isTrue();
				assertThat(Utf8Text.isValid(bytes, 3, at + 2)).as("euro sign cut at %d", at).isFalse();
			}
		}
	}

	@Test
	void rejectsOverlongFormsAndEncodedSurrogates() {
		assertThat(Utf8Text.isValid(bytes(0xC0, 0xAF), 0, 2)).isFalse();
		assertThat(Utf8Text.isValid(bytes(0xE0, 0x80, 0xAF), 0, 3)).isFalse();
		assertThat(Utf8Text.isValid(bytes(0xED, 0xA0, 0x80), 0, 3)).isFalse();
		assertThat(Utf8Text.isValid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4)).isFalse();
		assertThat(Utf8Text.isValid("\uFFFD".getBytes(StandardCharsets.UTF_8), 0, 3)).isTrue();
		assertThat(Utf8Text.isValid("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), 0, 4)).isTrue();
	}

	@Test
	void agreesWithTheStrictDecoderOnRandomText() {
		Random random = new Random(20261127);
		byte[] pieces = "a\u00e9\u20ac\uD83D\uDE00\uFFFD".getBytes(StandardCharsets.UTF_8);
		for (int round = 0; round < 20_000; round++) {
			byte[] bytes = new byte[random.nextInt(48)];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = (random.nextInt(4) == 0) ? pieces[random.nextInt(pieces.length)]
						: (byte) ('a' + random.nextInt(26));
			}
			if (bytes.length > 0 && random.nextInt(8) == 0) {
				bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
			}
			int offset = (bytes.length == 0) ? 0 : random.nextInt(Math.min(bytes.length, 9));
			int length = bytes.length - offset;
			assertThat(Utf8Text.isValid(bytes, offset, length)).as("%s", Arrays.toString(bytes))
				.isEqualTo(strictlyValid(bytes, offset, length));
		}
	}

	private static boolean strictlyValid(byte[] bytes, int offset, int length) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
