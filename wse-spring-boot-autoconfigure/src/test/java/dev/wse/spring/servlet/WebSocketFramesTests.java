package dev.wse.spring.servlet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.Utf8Text;
import dev.wse.spring.servlet.WebSocketFrameReaderTests.Event;
import dev.wse.spring.servlet.WebSocketFrameReaderTests.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketFrames}.
 *
 * @author WSE team
 */
class WebSocketFramesTests {

	private static final int TEXT = WebSocketFrameReader.OPCODE_TEXT;

	private static final int BINARY = WebSocketFrameReader.OPCODE_BINARY;

	private final Random random = new Random(1006);

	@Test
	void encodesAnEmptyFrame() {
		assertThat(WebSocketFrames.encode(TEXT, new byte[0], 0)).containsExactly(0x81, 0x00);
		assertThat(WebSocketFrames.encode(BINARY, new byte[0], 0)).containsExactly(0x82, 0x00);
		assertThat(WebSocketFrames.encode(WebSocketFrameReader.OPCODE_PONG, new byte[0], 0)).containsExactly(0x8A,
				0x00);
	}

	@Test
	void encodesA7BitLength() {
		byte[] payload = randomBytes(125);
		byte[] frame = WebSocketFrames.encode(TEXT, payload, 125);
		assertThat(frame).hasSize(2 + 125);
		assertThat(Arrays.copyOf(frame, 2)).containsExactly(0x81, 125);
		assertThat(Arrays.copyOfRange(frame, 2, frame.length)).isEqualTo(payload);
	}

	@Test
	void encodesA16BitLengthFrom126() {
		byte[] payload = randomBytes(126);
		byte[] frame = WebSocketFrames.encode(BINARY, payload, 126);
		assertThat(frame).hasSize(4 + 126);
		assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x82, 126, 0x00, 0x7E);
		assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(payload);
	}

	@Test
	void encodesA16BitLengthUpTo65535() {
		byte[] payload = randomBytes(65535);
		byte[] frame = WebSocketFrames.encode(BINARY, payload, 65535);
		assertThat(frame).hasSize(4 + 65535);
		assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x82, 126, 0xFF, 0xFF);
		assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(payload);
	}

	@Test
	void encodesA64BitLengthFrom65536() {
		byte[] payload = randomBytes(65536);
		byte[] frame = WebSocketFrames.encode(TEXT, payload, 65536);
		assertThat(frame).hasSize(10 + 65536);
		assertThat(Arrays.copyOf(frame, 10)).containsExactly(0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00);
		assertThat(Arrays.copyOfRange(frame, 10, frame.length)).isEqualTo(payload);
	}

	@Test
	void encodesALargeLengthInNetworkByteOrder() {
		int length = 0x0123_4567 & 0x00FF_FFFF;
		byte[] frame = WebSocketFrames.encode(BINARY, new byte[length], length);
		assertThat(Arrays.copyOf(frame, 10)).containsExactly(0x82, 127, 0, 0, 0, 0, 0x00, 0x23, 0x45, 0x67);
	}

	@Test
	void encodesOnlyTheGivenLength() {
		byte[] payload = { 1, 2, 3, 4, 5 };
		assertThat(WebSocketFrames.encode(BINARY, payload, 3)).containsExactly(0x82, 3, 1, 2, 3);
	}

	@Test
	void encodesACloseFrame() {
		assertThat(WebSocketFrames.close(1000, "bye")).containsExactly(0x88, 5, 0x03, 0xE8, 'b', 'y', 'e');
		assertThat(WebSocketFrames.close(4001, "")).containsExactly(0x88, 2, 0x0F, 0xA1);
	}

	@Test
	void keepsACloseReasonOf123Bytes() {
		String reason = "r".repeat(123);
		byte[] frame = WebSocketFrames.close(1011, reason);
		assertThat(frame).hasSize(2 + 125);
		assertThat(frame[1]).isEqualTo((byte) 125);
		assertThat(reasonOf(frame)).isEqualTo(reason);
	}

	@Test
	void cutsALongAsciiReasonAt123Bytes() {
		byte[] frame = WebSocketFrames.close(1000, "a".repeat(122) + "bcdef");
		assertThat(frame).hasSize(2 + 125);
		assertThat(frame[1]).isEqualTo((byte) 125);
		assertThat(reasonOf(frame)).isEqualTo("a".repeat(122) + "b");
	}

	@Test
	void cutsALongReasonWithoutSplittingATwoByteCharacter() {
		// 61 characters of two bytes are 122 bytes; the 62nd would end at byte 124
		assertThat(reasonOf(WebSocketFrames.close(1000, "é".repeat(100)))).isEqualTo("é".repeat(61));
		// with one ASCII byte first, 61 two-byte characters end exactly at 123
		assertThat(reasonOf(WebSocketFrames.close(1000, "a" + "é".repeat(100)))).isEqualTo("a" + "é".repeat(61));
	}

	@Test
	void cutsALongReasonWithoutSplittingAThreeByteCharacter() {
		// 41 characters of three bytes are exactly 123 bytes
		assertThat(reasonOf(WebSocketFrames.close(1000, "€".repeat(50)))).isEqualTo("€".repeat(41));
		// 1 + 3 * 40 = 121 bytes; the 41st character would end at 124
		assertThat(reasonOf(WebSocketFrames.close(1000, "a" + "€".repeat(50)))).isEqualTo("a" + "€".repeat(40));
		// 2 + 3 * 40 = 122 bytes
		assertThat(reasonOf(WebSocketFrames.close(1000, "ab" + "€".repeat(50)))).isEqualTo("ab" + "€".repeat(40));
	}

	@Test
	void cutsALongReasonWithoutSplittingAFourByteCharacter() {
		String emoji = "\uD83D\uDE00";
		// 30 characters of four bytes are 120 bytes; the 31st would end at 124
		assertThat(reasonOf(WebSocketFrames.close(1000, emoji.repeat(40)))).isEqualTo(emoji.repeat(30));
		assertThat(reasonOf(WebSocketFrames.close(1000, "abc" + emoji.repeat(40)))).isEqualTo("abc" + emoji.repeat(30));
		assertThat(reasonOf(WebSocketFrames.close(1000, "abcd" + emoji.repeat(40))))
			.isEqualTo("abcd" + emoji.repeat(29));
	}

	@Test
	void cutsRandomLongReasonsToAValidPrefixOfAtMost123Bytes() {
		String[] alphabet = { "a", "é", "€", "\uD83D\uDE00" };
		for (int i = 0; i < 2000; i++) {
			StringBuilder reason = new StringBuilder();
			int characters = this.random.nextInt(80);
			for (int c = 0; c < characters; c++) {
				reason.append(alphabet[this.random.nextInt(alphabet.length)]);
			}
			byte[] original = reason.toString().getBytes(StandardCharsets.UTF_8);
			byte[] frame = WebSocketFrames.close(3000, reason.toString());
			byte[] cut = Arrays.copyOfRange(frame, 4, frame.length);
			assertThat(frame[1] & 0xFF).isEqualTo(frame.length - 2).isLessThanOrEqualTo(125);
			assertThat(Utf8Text.isValid(cut, 0, cut.length)).isTrue();
			assertThat(reason.toString()).startsWith(new String(cut, StandardCharsets.UTF_8));
			if (original.length <= 123) {
				assertThat(cut).isEqualTo(original);
			}
			else {
				// the cut is the longest whole-character prefix: the next character
				// would not fit
				assertThat(cut.length).isGreaterThan(123 - 4);
				int next = cut.length;
				int nextSize = 1;
				while (next + nextSize < original.length && (original[next + nextSize] & 0xC0) == 0x80) {
					nextSize++;
				}
				assertThat(cut.length + nextSize).isGreaterThan(123);
			}
		}
	}

	@Test
	void encodedFramesAreCachedOnTheOutboundFrame() {
		OutboundFrame frame = OutboundFrame.text("hello");
		byte[] encoded = WebSocketFrames.encoded(frame);
		assertThat(encoded).containsExactly(0x81, 5, 'h', 'e', 'l', 'l', 'o');
		assertThat(frame.transportCache()).isSameAs(encoded);
		assertThat(WebSocketFrames.encoded(frame)).isSameAs(encoded);
	}

	@Test
	void encodesBinaryOutboundFrames() {
		byte[] bytes = randomBytes(300);
		OutboundFrame frame = OutboundFrame.binary(bytes);
		byte[] encoded = WebSocketFrames.encoded(frame);
		assertThat(Arrays.copyOf(encoded, 4)).containsExactly(0x82, 126, 0x01, 0x2C);
		assertThat(Arrays.copyOfRange(encoded, 4, encoded.length)).isEqualTo(bytes);
		assertThat(WebSocketFrames.encoded(frame)).isSameAs(encoded);
	}

	@Test
	void encodedUsesACachedArray() {
		OutboundFrame frame = OutboundFrame.text("hello");
		byte[] cached = { 0x01, 0x02 };
		frame.transportCache(cached);
		assertThat(WebSocketFrames.encoded(frame)).isSameAs(cached);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 125, 126, 65535, 65536, 100_000 })
	void roundTripsThroughTheReader(int length) {
		byte[] binary = randomBytes(length);
		String text = "ü".repeat(length / 2) + "x".repeat(length % 2);
		byte[] data = WebSocketFrameReaderTests.concat(mask(WebSocketFrames.encode(BINARY, binary, length)),
				mask(WebSocketFrames.encoded(OutboundFrame.text(text))),
				mask(WebSocketFrames.encode(WebSocketFrameReader.OPCODE_PING, binary, Math.min(length, 125))),
				mask(WebSocketFrames.close(1001, "é".repeat(100))));
		Recorder recorder = new Recorder();
		WebSocketFrameReader reader = new WebSocketFrameReader(1 << 20, recorder);
		int at = 0;
		while (at < data.length) {
			int chunk = Math.min(data.length - at, 1 + this.random.nextInt(5000));
			reader.read(data, at, chunk);
			at += chunk;
		}
		List<Event> expected = new ArrayList<>();
		expected.add(Event.binary(binary));
		expected.add(Event.text(text));
		expected.add(Event.ping(Arrays.copyOf(binary, Math.min(length, 125))));
		expected.add(Event.close(1001, "é".repeat(61)));
		assertThat(recorder.events).isEqualTo(expected);
		assertThat(reader.isDone()).isTrue();
	}

	private String reasonOf(byte[] closeFrame) {
		assertThat(closeFrame[0]).isEqualTo((byte) 0x88);
		assertThat(closeFrame[1] & 0xFF).isEqualTo(closeFrame.length - 2).isLessThanOrEqualTo(125);
		byte[] masked = mask(closeFrame);
		Recorder recorder = new Recorder();
		WebSocketFrameReader reader = new WebSocketFrameReader(1 << 20, recorder);
		reader.read(masked, 0, masked.length);
		assertThat(recorder.events).hasSize(1);
		Event event = recorder.events.get(0);
		assertThat(event.kind).isEqualTo("close");
		assertThat(event.code).isEqualTo(((closeFrame[2] & 0xFF) << 8) | (closeFrame[3] & 0xFF));
		return event.reason;
	}

	/**
	 * Turn a server frame into the client frame with the same content.
	 */
	private byte[] mask(byte[] serverFrame) {
		assertThat(serverFrame[1] & 0x80).as("server frames are not masked").isZero();
		int length7 = serverFrame[1] & 0x7F;
		int headerSize = (length7 == 126) ? 4 : (length7 == 127) ? 10 : 2;
		byte[] key = randomBytes(4);
		byte[] frame = new byte[serverFrame.length + 4];
		System.arraycopy(serverFrame, 0, frame, 0, headerSize);
		frame[1] |= (byte) 0x80;
		System.arraycopy(key, 0, frame, headerSize, 4);
		for (int i = 0; i < serverFrame.length - headerSize; i++) {
			frame[headerSize + 4 + i] = (byte) (serverFrame[headerSize + i] ^ key[i & 3]);
		}
		return frame;
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

}
