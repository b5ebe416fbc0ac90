package dev.wse.spring.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketFrameReader}.
 *
 * @author WSE team
 */
class WebSocketFrameReaderTests {

	private static final int MAX = 1 << 20;

	private static final int TEXT = WebSocketFrameReader.OPCODE_TEXT;

	private static final int BINARY = WebSocketFrameReader.OPCODE_BINARY;

	private static final int CONTINUATION = WebSocketFrameReader.OPCODE_CONTINUATION;

	private static final int CLOSE = WebSocketFrameReader.OPCODE_CLOSE;

	private static final int PING = WebSocketFrameReader.OPCODE_PING;

	private static final int PONG = WebSocketFrameReader.OPCODE_PONG;

	private final Random random = new Random(6455);

	private final Recorder recorder = new Recorder();

	// --- whole frames, one read

	@Test
	void readsASmallTextFrame() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = frame(true, TEXT, utf8("hello"));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.text("hello"));
		assertThat(reader.isDone()).isFalse();
	}

	@Test
	void readsASmallBinaryFrame() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] payload = { 0, 1, 2, (byte) 0xFF, (byte) 0x80 };
		byte[] data = frame(true, BINARY, payload);
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.binary(payload));
	}

	@Test
	void readsEmptyMessages() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, TEXT, new byte[0]), frame(true, BINARY, new byte[0]));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.text(""), Event.binary(new byte[0]));
	}

	@Test
	void readsSeveralFramesInOneRead() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] binary = randomBytes(300);
		byte[] data = concat(frame(true, TEXT, utf8("one")), frame(true, BINARY, binary), frame(true, PING, utf8("p")),
				frame(true, PONG, utf8("ignored")), frame(true, TEXT, utf8("two")));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.text("one"), Event.binary(binary), Event.ping(utf8("p")),
				Event.text("two"));
	}

	@Test
	void readsOnlyTheGivenRangeOfTheArray() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] frame = frame(true, TEXT, utf8("inside"));
		byte[] data = new byte[frame.length + 20];
		Arrays.fill(data, (byte) 0xFF);
		System.arraycopy(frame, 0, data, 7, frame.length);
		assertThat(reader.read(data, 7, frame.length)).isEqualTo(frame.length);
		assertThat(this.recorder.events).containsExactly(Event.text("inside"));
		assertThat(reader.isDone()).isFalse();
	}

	@Test
	void readingNothingReportsNothing() {
		WebSocketFrameReader reader = reader(MAX);
		assertThat(reader.read(new byte[4], 2, 0)).isZero();
		assertThat(this.recorder.events).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 125, 126, 127, 65535, 65536, 70000 })
	void readsPayloadLengthsAtTheEncodingBoundaries(int length) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] binary = randomBytes(length);
		String text = "x".repeat(length);
		byte[] data = concat(frame(true, BINARY, binary), frame(true, TEXT, utf8(text)));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.binary(binary), Event.text(text));
	}

	@Test
	void headerSizesFollowTheLengthEncoding() {
		assertThat(frame(true, BINARY, new byte[125])).hasSize(2 + 4 + 125);
		assertThat(frame(true, BINARY, new byte[126])).hasSize(4 + 4 + 126);
		assertThat(frame(true, BINARY, new byte[65535])).hasSize(4 + 4 + 65535);
		assertThat(frame(true, BINARY, new byte[65536])).hasSize(10 + 4 + 65536);
	}

	// --- frames split across reads

	@ParameterizedTest
	@ValueSource(ints = { 0, 5, 125, 126, 1000, 65535, 65536 })
	void readsFramesFedOneByteAtATime(int length) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] binary = randomBytes(length);
		String text = randomText(this.random, Math.min(length, 300));
		byte[] ping = randomBytes(Math.min(length, 125));
		byte[] data = concat(frame(true, BINARY, binary), frame(true, PING, ping), frame(true, TEXT, utf8(text)));
		for (int i = 0; i < data.length; i++) {
			assertThat(reader.read(data, i, 1)).isEqualTo(1);
		}
		assertThat(this.recorder.events).containsExactly(Event.binary(binary), Event.ping(ping), Event.text(text));
	}

	@Test
	void readsAFrameWithA7BitLengthSplitAtEveryPosition() {
		readsFramesSplitAtEveryPosition(125);
	}

	@Test
	void readsShortFramesSplitAtEveryPosition() {
		// Unmasking goes eight bytes at a time, then byte by byte: every length around
		// that, in every split (so every mask phase) of the payload.
		for (int length = 0; length <= 33; length++) {
			readsFramesSplitAtEveryPosition(length);
		}
	}

	@Test
	void readsAFrameWithA16BitLengthSplitAtEveryPosition() {
		readsFramesSplitAtEveryPosition(126);
		readsFramesSplitAtEveryPosition(1000);
	}

	@Test
	void readsAFrameWithA16BitLengthOfTheMaximumSplitAtEveryPosition() {
		readsFramesSplitAtEveryPosition(65535);
	}

	@Test
	void readsAFrameWithA64BitLengthSplitAtEveryPosition() {
		readsFramesSplitAtEveryPosition(65536);
	}

	/**
	 * Split a frame and the next in two reads, at every position; for payloads of 64 KiB,
	 * at every position in the headers and the first and last 600 bytes of the payload,
	 * and every 61st (all four mask phases) in between, which is enough and keeps the
	 * test fast.
	 */
	private void readsFramesSplitAtEveryPosition(int length) {
		byte[] payload = randomBytes(length);
		byte[] original = concat(frame(true, BINARY, payload), frame(true, TEXT, utf8("next")));
		List<Event> expected = List.of(Event.binary(payload), Event.text("next"));
		int split = 0;
		while (split <= original.length) {
			Recorder recorder = new Recorder();
			WebSocketFrameReader reader = new WebSocketFrameReader(MAX, recorder);
			byte[] data = original.clone();
			assertThat(reader.read(data, 0, split)).isEqualTo(split);
			assertThat(reader.read(data, split, data.length - split)).isEqualTo(data.length - split);
			if (!recorder.events.equals(expected)) {
				assertThat(recorder.events).as("split at %d of a %d-byte payload", split, length)
					.containsExactlyElementsOf(expected);
			}
			boolean sampled = length > 10_000 && split > 600 && split < original.length - 600;
			split += sampled ? 61 : 1;
		}
	}

	@Test
	void readsEveryKindOfFrameSplitAtEveryPositionInThreeReads() {
		byte[] binary = randomBytes(130);
		byte[] original = concat(frame(false, TEXT, utf8("fra")), frame(true, PING, utf8("ping!")),
				frame(true, CONTINUATION, utf8("gmented")), frame(true, BINARY, binary), closeFrame(1000, "bye"));
		assertThat(unmaskedPayloadOf(original, 3)).isEqualTo(binary);
		for (int first = 0; first <= original.length; first++) {
			for (int second = first; second <= original.length; second++) {
				Recorder recorder = new Recorder();
				WebSocketFrameReader reader = new WebSocketFrameReader(MAX, recorder);
				byte[] data = original.clone();
				reader.read(data, 0, first);
				reader.read(data, first, second - first);
				reader.read(data, second, data.length - second);
				assertThat(recorder.events).as("split at %d and %d", first, second)
					.containsExactly(Event.ping(utf8("ping!")), Event.text("fragmented"), Event.binary(binary),
							Event.close(1000, "bye"));
				assertThat(reader.isDone()).isTrue();
			}
		}
	}

	// --- fragmented messages

	@Test
	void reassemblesAFragmentedTextMessage() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("Hel")), frame(false, CONTINUATION, utf8("lo, ")),
				frame(false, CONTINUATION, new byte[0]), frame(true, CONTINUATION, utf8("world")));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.text("Hello, world"));
	}

	@Test
	void reassemblesAFragmentedBinaryMessageWithAnEmptyFirstFragment() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] a = randomBytes(200);
		byte[] b = randomBytes(70000);
		byte[] data = concat(frame(false, BINARY, new byte[0]), frame(false, CONTINUATION, a),
				frame(true, CONTINUATION, b));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.binary(concat(a, b)));
	}

	@Test
	void reassemblesAMessageOfOnlyEmptyFragments() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, new byte[0]), frame(true, CONTINUATION, new byte[0]),
				frame(true, TEXT, utf8("after")));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.text(""), Event.text("after"));
	}

	@Test
	void readsAPingBetweenFragments() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("first ")), frame(true, PING, utf8("are you there?")),
				frame(false, CONTINUATION, utf8("second ")), frame(true, PONG, utf8("pong")),
				frame(true, PING, new byte[0]), frame(true, CONTINUATION, utf8("third")),
				frame(true, BINARY, utf8("next")));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.ping(utf8("are you there?")), Event.ping(new byte[0]),
				Event.text("first second third"), Event.binary(utf8("next")));
	}

	@Test
	void readsAPingBetweenFragmentsFedOneByteAtATime() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] first = randomBytes(300);
		byte[] ping = randomBytes(125);
		byte[] second = randomBytes(200);
		byte[] data = concat(frame(false, BINARY, first), frame(true, PING, ping), frame(true, CONTINUATION, second));
		for (int i = 0; i < data.length; i++) {
			reader.read(data, i, 1);
		}
		assertThat(this.recorder.events).containsExactly(Event.ping(ping), Event.binary(concat(first, second)));
	}

	@Test
	void pingPayloadsAreTheListenersToKeep() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, PING, utf8("first")));
		byte[] more = frame(true, PING, utf8("other"));
		reader.read(data, 0, 3);
		reader.read(data, 3, data.length - 3);
		reader.read(more, 0, 4);
		reader.read(more, 4, more.length - 4);
		assertThat(this.recorder.rawPings).hasSize(2);
		assertThat(this.recorder.rawPings.get(0)).isEqualTo(utf8("first"));
		assertThat(this.recorder.rawPings.get(1)).isEqualTo(utf8("other"));
	}

	// --- UTF-8

	@ParameterizedTest
	@ValueSource(strings = { "ff", "c0 80", "ed a0 80", "f8 88 80 80 80", "e2 82", "61 62 80", "f4 90 80 80" })
	void refusesTextThatIsNotUtf8(String hex) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, TEXT, hex(hex)), frame(true, TEXT, utf8("ignored")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1007));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void refusesAFragmentedTextThatIsNotUtf8() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("valid")), frame(true, CONTINUATION, hex("c3 28")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1007));
	}

	@Test
	void refusesATextWhoseLastFragmentEndsInsideACharacter() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("ok")), frame(true, CONTINUATION, hex("f0 9f 98")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1007));
	}

	@Test
	void doesNotCheckUtf8InBinaryMessages() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = frame(true, BINARY, hex("ff c0 80"));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.binary(hex("ff c0 80")));
	}

	@Test
	void readsMultiByteCharactersSplitAcrossFragments() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] text = utf8("é€😀");
		assertThat(text).hasSize(9);
		// é = c3 a9, € = e2 82 ac, 😀 = f0 9f 98 80: cut inside each of them
		byte[] data = concat(frame(false, TEXT, Arrays.copyOfRange(text, 0, 1)),
				frame(false, CONTINUATION, Arrays.copyOfRange(text, 1, 3)),
				frame(false, CONTINUATION, Arrays.copyOfRange(text, 3, 4)), frame(true, PING, new byte[0]),
				frame(false, CONTINUATION, Arrays.copyOfRange(text, 4, 7)),
				frame(true, CONTINUATION, Arrays.copyOfRange(text, 7, 9)));
		assertThat(reader.read(data, 0, data.length)).isEqualTo(data.length);
		assertThat(this.recorder.events).containsExactly(Event.ping(new byte[0]), Event.text("é€😀"));
	}

	@Test
	void readsTextWithMultiByteCharacters() {
		WebSocketFrameReader reader = reader(MAX);
		String text = "Grüße, 世界 \uD83C\uDF0D \uFFFD";
		byte[] data = frame(true, TEXT, utf8(text));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.text(text));
	}

	// --- protocol errors

	@Test
	void refusesAnUnmaskedFrame() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = rawFrame(0x81, utf8("hello"), null);
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void refusesAnUnmaskedFrameAsSoonAsItsFirstTwoBytesAreIn() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = rawFrame(0x82, new byte[300], null);
		reader.read(data, 0, 1);
		assertThat(this.recorder.events).isEmpty();
		reader.read(data, 1, 1);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void refusesAnUnmaskedFrameAfterAValidOne() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, TEXT, utf8("ok")), rawFrame(0x81, utf8("not masked"), null),
				frame(true, TEXT, utf8("ignored")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.text("ok"), Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x40, 0x20, 0x10, 0x70 })
	void refusesReservedBits(int rsv) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = rawFrame(0x80 | rsv | TEXT, utf8("hello"), randomMask());
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void refusesReservedBitsOnAControlFrame() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = rawFrame(0x80 | 0x40 | PING, utf8("hello"), randomMask());
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF })
	void refusesUnknownOpcodes(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, opcode, new byte[0]), frame(true, TEXT, utf8("ignored")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
		assertThat(reader.isDone()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, 7, 0xB, 0xF })
	void refusesUnknownOpcodesWithAPayload(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, opcode, hex("03 e8 61")), frame(true, TEXT, utf8("ignored")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0xB, 0xF })
	void refusesUnknownNonFinalControlOpcodes(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = frame(false, opcode, new byte[0]);
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { CLOSE, PING, PONG })
	void refusesAFragmentedControlFrame(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, opcode, utf8("x")), frame(true, CONTINUATION, utf8("y")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { CLOSE, PING, PONG })
	void refusesAControlPayloadOver125Bytes(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] payload = new byte[126];
		payload[0] = 0x03;
		payload[1] = (byte) 0xE8;
		byte[] data = frame(true, opcode, payload);
		reader.read(data, 0, 8);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
		reader.read(data, 8, data.length - 8);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { CLOSE, PING, PONG })
	void acceptsAControlPayloadOf125Bytes(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] payload = new byte[125];
		Arrays.fill(payload, (byte) 'a');
		payload[0] = 0x03;
		payload[1] = (byte) 0xE8;
		byte[] data = concat(frame(true, opcode, payload), frame(true, TEXT, utf8("after")));
		reader.read(data, 0, data.length);
		if (opcode == CLOSE) {
			assertThat(this.recorder.events).containsExactly(Event.close(1000, "a".repeat(123)));
		}
		else if (opcode == PING) {
			assertThat(this.recorder.events).containsExactly(Event.ping(payload), Event.text("after"));
		}
		else {
			assertThat(this.recorder.events).containsExactly(Event.text("after"));
		}
	}

	@Test
	void refusesAContinuationWithoutAMessage() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = frame(true, CONTINUATION, utf8("orphan"));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void refusesAContinuationAfterACompleteMessage() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("a")), frame(true, CONTINUATION, utf8("b")),
				frame(false, CONTINUATION, utf8("c")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.text("ab"), Event.error(1002));
	}

	@ParameterizedTest
	@ValueSource(ints = { TEXT, BINARY })
	void refusesANewMessageInsideAFragmentedMessage(int opcode) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("start")), frame(true, opcode, utf8("intruder")),
				frame(true, CONTINUATION, utf8("end")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void refusesANewFragmentedMessageInsideAFragmentedMessage() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, BINARY, utf8("start")), frame(false, BINARY, utf8("intruder")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void refusesA64BitLengthWithTheMostSignificantBitSet() {
		WebSocketFrameReader reader = reader(Integer.MAX_VALUE);
		byte[] data = header(0x82, 0x8000_0000_0000_0000L, true);
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void refusesA64BitLengthWithTheMostSignificantBitSetFedOneByteAtATime() {
		WebSocketFrameReader reader = reader(Integer.MAX_VALUE);
		byte[] data = header(0x81, -1L, true);
		for (int i = 0; i < data.length - 1; i++) {
			reader.read(data, i, 1);
		}
		assertThat(this.recorder.events).isEmpty();
		reader.read(data, data.length - 1, 1);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	@Test
	void reportsOnlyTheFirstErrorAndIgnoresEverythingAfter() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, 3, new byte[0]), rawFrame(0x81, utf8("x"), null), frame(true, TEXT, hex("ff")),
				frame(true, TEXT, utf8("ignored")), closeFrame(1000, ""));
		reader.read(data, 0, data.length);
		byte[] more = frame(true, TEXT, utf8("more"));
		reader.read(more, 0, more.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
		assertThat(reader.isDone()).isTrue();
	}

	// --- size limit

	@Test
	void refusesAFrameOverTheMaximumAsSoonAsItsHeaderIsRead() {
		WebSocketFrameReader reader = reader(1000);
		byte[] data = frame(true, BINARY, new byte[1001]);
		reader.read(data, 0, 8);
		assertThat(this.recorder.events).containsExactly(Event.error(1009));
		assertThat(reader.isDone()).isTrue();
		reader.read(data, 8, data.length - 8);
		assertThat(this.recorder.events).containsExactly(Event.error(1009));
	}

	@Test
	void refusesAOneTebibyteFrameFromItsHeaderAlone() {
		WebSocketFrameReader reader = reader(Integer.MAX_VALUE);
		byte[] data = header(0x82, 1L << 40, true);
		assertThat(data).hasSize(14);
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1009));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void refusesAOneTebibyteTextFrameFromItsHeaderFedOneByteAtATime() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = header(0x81, 1L << 40, true);
		for (int i = 0; i < data.length - 1; i++) {
			reader.read(data, i, 1);
			assertThat(this.recorder.events).isEmpty();
		}
		reader.read(data, data.length - 1, 1);
		assertThat(this.recorder.events).containsExactly(Event.error(1009));
	}

	@Test
	void refusesAFirstFragmentOverTheMaximum() {
		WebSocketFrameReader reader = reader(100);
		byte[] data = header(0x01, 101, true);
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1009));
	}

	@Test
	void refusesFragmentsWhoseSumIsOverTheMaximum() {
		WebSocketFrameReader reader = reader(1000);
		byte[] data = concat(frame(false, BINARY, new byte[400]), frame(false, CONTINUATION, new byte[400]),
				frame(true, PING, new byte[100]));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.ping(new byte[100]));
		byte[] last = header(0x80, 201, true);
		reader.read(last, 0, last.length);
		assertThat(this.recorder.events).containsExactly(Event.ping(new byte[100]), Event.error(1009));
	}

	@Test
	void acceptsAMessageOfExactlyTheMaximum() {
		WebSocketFrameReader reader = reader(1000);
		byte[] whole = randomBytes(1000);
		byte[] data = concat(frame(true, BINARY, whole), frame(false, TEXT, utf8("a".repeat(400))),
				frame(false, CONTINUATION, utf8("b".repeat(400))), frame(true, PING, new byte[125]),
				frame(true, CONTINUATION, utf8("c".repeat(200))), frame(true, TEXT, utf8("d".repeat(1000))));
		for (int i = 0; i < data.length; i += 77) {
			reader.read(data, i, Math.min(77, data.length - i));
		}
		assertThat(this.recorder.events).containsExactly(Event.binary(whole), Event.ping(new byte[125]),
				Event.text("a".repeat(400) + "b".repeat(400) + "c".repeat(200)), Event.text("d".repeat(1000)));
		assertThat(reader.isDone()).isFalse();
	}

	@Test
	void theLimitAppliesToEachMessageSeparately() {
		WebSocketFrameReader reader = reader(10);
		byte[] data = new byte[0];
		for (int i = 0; i < 5; i++) {
			data = concat(data, frame(false, TEXT, utf8("12345")), frame(true, CONTINUATION, utf8("67890")));
		}
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).hasSize(5).allMatch(Event.text("1234567890")::equals);
	}

	@Test
	void controlFramesDoNotCountTowardsTheLimit() {
		WebSocketFrameReader reader = reader(10);
		byte[] data = concat(frame(false, TEXT, utf8("12345")), frame(true, PING, new byte[100]),
				frame(true, CONTINUATION, utf8("67890")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.ping(new byte[100]), Event.text("1234567890"));
	}

	// --- close frames

	@Test
	void readsAnEmptyCloseFrame() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(new byte[0]);
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.close(1005, ""));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void readsACloseFrameWithACodeAndAReason() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(4000, "going away – für immer");
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.close(4000, "going away – für immer"));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void readsACloseFrameWithACodeOnly() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(1000, "");
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.close(1000, ""));
	}

	@Test
	void readsACloseFrameFedOneByteAtATime() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(1001, "bye");
		for (int i = 0; i < data.length; i++) {
			reader.read(data, i, 1);
		}
		assertThat(this.recorder.events).containsExactly(Event.close(1001, "bye"));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void readsACloseFrameBetweenFragments() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("never")), closeFrame(1000, "now"),
				frame(true, CONTINUATION, utf8(" finished")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.close(1000, "now"));
	}

	@Test
	void refusesACloseFrameWithAOneBytePayload() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(new byte[] { 0x03 });
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
		assertThat(reader.isDone()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535 })
	void refusesInvalidCloseCodes(int code) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(code, "reason");
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
		assertThat(reader.isDone()).isTrue();
		assertThat(WebSocketFrameReader.isValidCloseCode(code)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(
			ints = { 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999 })
	void acceptsValidCloseCodes(int code) {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(code, "reason");
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.close(code, "reason"));
		assertThat(WebSocketFrameReader.isValidCloseCode(code)).isTrue();
	}

	@Test
	void refusesACloseReasonThatIsNotUtf8() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = closeFrame(concat(hex("03 e8"), utf8("ok"), hex("ff fe")));
		reader.read(data, 0, data.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1007));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void readsNothingAfterAClose() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(true, TEXT, utf8("before")), closeFrame(1000, ""), frame(true, TEXT, utf8("after")),
				frame(true, PING, utf8("p")), rawFrame(0x81, utf8("unmasked"), null));
		reader.read(data, 0, data.length);
		byte[] more = concat(frame(true, TEXT, utf8("more")), closeFrame(1001, ""));
		reader.read(more, 0, more.length);
		assertThat(this.recorder.events).containsExactly(Event.text("before"), Event.close(1000, ""));
		assertThat(reader.isDone()).isTrue();
	}

	@Test
	void readsNothingAfterAnErrorInTheMiddleOfAFrame() {
		WebSocketFrameReader reader = reader(MAX);
		byte[] data = concat(frame(false, TEXT, utf8("a")), frame(false, TEXT, new byte[300]));
		// stop in the middle of the refused frame's payload
		reader.read(data, 0, data.length - 100);
		reader.read(data, data.length - 100, 100);
		byte[] more = frame(true, CONTINUATION, utf8("b"));
		reader.read(more, 0, more.length);
		assertThat(this.recorder.events).containsExactly(Event.error(1002));
	}

	// --- the listener stops reading

	@Test
	void stopsAfterAMessageWhenTheListenerAsks() {
		this.recorder.stopWhen = Event.text("stop")::equals;
		WebSocketFrameReader reader = reader(MAX);
		byte[] first = frame(true, TEXT, utf8("one"));
		byte[] stop = frame(true, TEXT, utf8("stop"));
		byte[] data = concat(first, stop, frame(true, TEXT, utf8("two")), frame(true, BINARY, utf8("three")));
		int consumed = reader.read(data, 0, data.length);
		assertThat(consumed).isEqualTo(first.length + stop.length);
		assertThat(this.recorder.events).containsExactly(Event.text("one"), Event.text("stop"));
		assertThat(reader.isDone()).isFalse();
		assertThat(reader.read(data, consumed, data.length - consumed)).isEqualTo(data.length - consumed);
		assertThat(this.recorder.events).containsExactly(Event.text("one"), Event.text("stop"), Event.text("two"),
				Event.binary(utf8("three")));
	}

	@Test
	void stopsAfterABinaryMessageWhenTheListenerAsks() {
		this.recorder.stopWhen = (event) -> event.kind.equals("binary");
		WebSocketFrameReader reader = reader(MAX);
		byte[] stop = frame(true, BINARY, utf8("b"));
		byte[] data = concat(stop, frame(true, TEXT, utf8("t")));
		int consumed = reader.read(data, 0, data.length);
		assertThat(consumed).isEqualTo(stop.length);
		assertThat(this.recorder.events).containsExactly(Event.binary(utf8("b")));
		reader.read(data, consumed, data.length - consumed);
		assertThat(this.recorder.events).containsExactly(Event.binary(utf8("b")), Event.text("t"));
	}

	@Test
	void stopsAfterAFragmentedMessageWhenTheListenerAsks() {
		this.recorder.stopWhen = Event.text("stop here")::equals;
		WebSocketFrameReader reader = reader(MAX);
		byte[] message = concat(frame(false, TEXT, utf8("stop")), frame(true, PING, utf8("p")),
				frame(true, CONTINUATION, utf8(" here")));
		byte[] data = concat(message, frame(true, PING, utf8("q")), frame(true, TEXT, utf8("next")));
		int consumed = reader.read(data, 0, data.length);
		assertThat(consumed).isEqualTo(message.length);
		assertThat(this.recorder.events).containsExactly(Event.ping(utf8("p")), Event.text("stop here"));
		reader.read(data, consumed, data.length - consumed);
		assertThat(this.recorder.events).containsExactly(Event.ping(utf8("p")), Event.text("stop here"),
				Event.ping(utf8("q")), Event.text("next"));
	}

	@Test
	void stopsAfterAnEmptyMessageWhenTheListenerAsks() {
		this.recorder.stopWhen = Event.text("")::equals;
		WebSocketFrameReader reader = reader(MAX);
		byte[] empty = frame(true, TEXT, new byte[0]);
		byte[] data = concat(empty, frame(true, TEXT, utf8("next")));
		int consumed = reader.read(data, 0, data.length);
		assertThat(consumed).isEqualTo(empty.length);
		assertThat(this.recorder.events).containsExactly(Event.text(""));
		reader.read(data, consumed, data.length - consumed);
		assertThat(this.recorder.events).containsExactly(Event.text(""), Event.text("next"));
	}

	@Test
	void stopsAfterAMessageCompletedByALaterRead() {
		this.recorder.stopWhen = (event) -> event.kind.equals("text");
		WebSocketFrameReader reader = reader(MAX);
		byte[] first = frame(true, TEXT, utf8("x".repeat(500)));
		byte[] data = concat(first, frame(true, TEXT, utf8("y")), frame(true, TEXT, utf8("z")));
		assertThat(reader.read(data, 0, 100)).isEqualTo(100);
		int consumed = reader.read(data, 100, data.length - 100);
		assertThat(consumed).isEqualTo(first.length - 100);
		assertThat(this.recorder.events).containsExactly(Event.text("x".repeat(500)));
		int at = 100 + consumed;
		while (at < data.length) {
			at += reader.read(data, at, data.length - at);
		}
		assertThat(this.recorder.events).containsExactly(Event.text("x".repeat(500)), Event.text("y"), Event.text("z"));
	}

	@Test
	void stopsAfterEveryMessageWhenTheListenerAlwaysAsks() {
		this.recorder.stopWhen = (event) -> true;
		WebSocketFrameReader reader = reader(MAX);
		List<Event> expected = new ArrayList<>();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < 20; i++) {
			byte[] payload = randomBytes(this.random.nextInt(300));
			if (i % 2 == 0) {
				out.writeBytes(frame(true, BINARY, payload));
				expected.add(Event.binary(payload));
			}
			else {
				out.writeBytes(frame(false, TEXT, utf8("#" + i)));
				out.writeBytes(frame(true, CONTINUATION, utf8("!")));
				expected.add(Event.text("#" + i + "!"));
			}
		}
		byte[] data = out.toByteArray();
		int at = 0;
		int reads = 0;
		while (at < data.length) {
			int consumed = reader.read(data, at, data.length - at);
			assertThat(consumed).isPositive();
			at += consumed;
			reads++;
			assertThat(this.recorder.events).hasSize(reads);
		}
		assertThat(this.recorder.events).isEqualTo(expected);
	}

	// --- randomized

	@Test
	void reassemblesRandomFrameSequencesSplitAtRandomPositions() {
		Random random = new Random(20240611L);
		for (int iteration = 0; iteration < 3000; iteration++) {
			Recorder recorder = new Recorder();
			boolean stopping = random.nextInt(4) == 0;
			if (stopping) {
				recorder.stopWhen = (event) -> random.nextBoolean();
			}
			WebSocketFrameReader reader = new WebSocketFrameReader(MAX, recorder);
			List<Event> expected = new ArrayList<>();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int messages = 1 + random.nextInt(6);
			for (int m = 0; m < messages; m++) {
				boolean text = random.nextBoolean();
				byte[] payload;
				if (text) {
					String content = randomText(random, randomLength(random));
					payload = utf8(content);
					expected.add(Event.text(content));
				}
				else {
					payload = new byte[randomLength(random)];
					random.nextBytes(payload);
					expected.add(Event.binary(payload));
				}
				int fragments = (random.nextInt(3) == 0) ? 1 + random.nextInt(5) : 1;
				int[] cuts = new int[fragments + 1];
				cuts[fragments] = payload.length;
				for (int f = 1; f < fragments; f++) {
					cuts[f] = random.nextInt(payload.length + 1);
				}
				Arrays.sort(cuts);
				for (int f = 0; f < fragments; f++) {
					if (f > 0 || random.nextInt(8) == 0) {
						int before = expected.size() - 1;
						writeControl(random, out, expected, before);
					}
					out.writeBytes(frame(random, f == fragments - 1, (f == 0) ? (text ? TEXT : BINARY) : CONTINUATION,
							Arrays.copyOfRange(payload, cuts[f], cuts[f + 1])));
				}
			}
			boolean close = random.nextBoolean();
			if (close) {
				out.writeBytes(frame(random, true, CLOSE, concat(hex("03 e8"), utf8("done"))));
				expected.add(Event.close(1000, "done"));
			}
			byte[] data = out.toByteArray();
			byte[] original = data.clone();
			int at = 0;
			while (at < data.length) {
				int chunk = (random.nextInt(10) == 0) ? 1 : 1 + random.nextInt(Math.max(1, data.length / 3));
				int end = Math.min(data.length, at + chunk);
				while (at < end && !reader.isDone()) {
					int consumed = reader.read(data, at, end - at);
					at += consumed;
				}
				if (reader.isDone()) {
					break;
				}
			}
			if (!recorder.events.equals(expected)) {
				assertThat(recorder.events).as("iteration %d, frames %s", iteration, HexFormat.of().formatHex(original))
					.containsExactlyElementsOf(expected);
			}
			assertThat(reader.isDone()).as("iteration %d", iteration).isEqualTo(close);
		}
	}

	/**
	 * Write a ping or pong, moving a ping's event before the message whose fragments it
	 * comes between.
	 */
	private void writeControl(Random random, ByteArrayOutputStream out, List<Event> expected, int messageIndex) {
		byte[] payload = new byte[random.nextInt(126)];
		random.nextBytes(payload);
		if (random.nextBoolean()) {
			out.writeBytes(frame(random, true, PING, payload));
			expected.add(messageIndex, Event.ping(payload));
		}
		else {
			out.writeBytes(frame(random, true, PONG, payload));
		}
	}

	private static int randomLength(Random random) {
		int kind = random.nextInt(100);
		if (kind < 60) {
			return random.nextInt(126);
		}
		if (kind < 95) {
			return 100 + random.nextInt(1000);
		}
		if (kind < 99) {
			return 65530 + random.nextInt(12);
		}
		return 65536 + random.nextInt(100_000);
	}

	// --- helpers

	private WebSocketFrameReader reader(int maxMessageSize) {
		return new WebSocketFrameReader(maxMessageSize, this.recorder);
	}

	private byte[] frame(boolean fin, int opcode, byte[] payload) {
		return frame(this.random, fin, opcode, payload);
	}

	private static byte[] frame(Random random, boolean fin, int opcode, byte[] payload) {
		byte[] mask = new byte[4];
		random.nextBytes(mask);
		return rawFrame((fin ? 0x80 : 0) | opcode, payload, mask);
	}

	private byte[] closeFrame(int code, String reason) {
		return closeFrame(concat(new byte[] { (byte) (code >>> 8), (byte) code }, utf8(reason)));
	}

	private byte[] closeFrame(byte[] payload) {
		return frame(true, CLOSE, payload);
	}

	private byte[] randomMask() {
		byte[] mask = new byte[4];
		this.random.nextBytes(mask);
		return mask;
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * Build a client frame.
	 * @param first the first header byte (FIN, RSV, opcode)
	 * @param payload the payload
	 * @param mask the masking key, or {@code null} for an unmasked frame
	 * @return the frame
	 */
	static byte[] rawFrame(int first, byte[] payload, byte @Nullable [] mask) {
		byte[] header = header(first, payload.length, mask != null);
		byte[] frame = Arrays.copyOf(header, header.length + payload.length);
		if (mask != null) {
			System.arraycopy(mask, 0, frame, header.length - 4, 4);
		}
		for (int i = 0; i < payload.length; i++) {
			frame[header.length + i] = (byte) (payload[i] ^ ((mask != null) ? mask[i & 3] : 0));
		}
		return frame;
	}

	/**
	 * Build a frame header with the shortest length encoding (and a zero mask key when
	 * masked).
	 */
	static byte[] header(int first, long length, boolean masked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(first);
		int maskBit = masked ? 0x80 : 0;
		if (length >= 0 && length < 126) {
			out.write(maskBit | (int) length);
		}
		else if (length >= 0 && length <= 0xFFFF) {
			out.write(maskBit | 126);
			out.write((int) (length >>> 8));
			out.write((int) length);
		}
		else {
			out.write(maskBit | 127);
			for (int i = 7; i >= 0; i--) {
				out.write((int) (length >>> (8 * i)));
			}
		}
		if (masked) {
			out.writeBytes(new byte[4]);
		}
		return out.toByteArray();
	}

	/**
	 * Return the unmasked payload of the {@code index}th frame in a sequence of masked
	 * frames.
	 */
	private static byte[] unmaskedPayloadOf(byte[] frames, int index) {
		int at = 0;
		for (int i = 0;; i++) {
			int length7 = frames[at + 1] & 0x7F;
			int headerSize = (length7 == 126) ? 4 : (length7 == 127) ? 10 : 2;
			long length = (length7 == 126) ? ((frames[at + 2] & 0xFF) << 8) | (frames[at + 3] & 0xFF)
					: (length7 == 127) ? -1 : length7;
			int payloadAt = at + headerSize + 4;
			if (i == index) {
				byte[] payload = new byte[(int) length];
				for (int j = 0; j < payload.length; j++) {
					payload[j] = (byte) (frames[payloadAt + j] ^ frames[at + headerSize + (j & 3)]);
				}
				return payload;
			}
			at = payloadAt + (int) length;
		}
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex.replace(" ", ""));
	}

	private static String randomText(Random random, int maxBytes) {
		StringBuilder text = new StringBuilder();
		int bytes = 0;
		while (true) {
			int kind = random.nextInt(10);
			String next;
			if (kind < 5) {
				next = String.valueOf((char) (0x20 + random.nextInt(0x5F)));
			}
			else if (kind < 7) {
				next = String.valueOf((char) (0x80 + random.nextInt(0x780)));
			}
			else if (kind < 9) {
				char c = (char) (0x800 + random.nextInt(0xD000));
				next = String.valueOf(Character.isSurrogate(c) ? 'x' : c);
			}
			else {
				next = new String(Character.toChars(0x10000 + random.nextInt(0x100000)));
			}
			int size = utf8(next).length;
			if (bytes + size > maxBytes) {
				return text.toString();
			}
			text.append(next);
			bytes += size;
		}
	}

	/**
	 * What the listener received.
	 */
	static final class Event {

		final String kind;

		final byte[] bytes;

		final int code;

		final String reason;

		private Event(String kind, byte[] bytes, int code, String reason) {
			this.kind = kind;
			this.bytes = bytes;
			this.code = code;
			this.reason = reason;
		}

		static Event text(String text) {
			return new Event("text", utf8(text), 0, "");
		}

		static Event text(byte[] bytes) {
			return new Event("text", bytes, 0, "");
		}

		static Event binary(byte[] bytes) {
			return new Event("binary", bytes.clone(), 0, "");
		}

		static Event ping(byte[] bytes) {
			return new Event("ping", bytes.clone(), 0, "");
		}

		static Event close(int code, String reason) {
			return new Event("close", new byte[0], code, reason);
		}

		static Event error(int code) {
			return new Event("error", new byte[0], code, "");
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Event event && this.kind.equals(event.kind)
					&& Arrays.equals(this.bytes, event.bytes) && this.code == event.code
					&& this.reason.equals(event.reason);
		}

		@Override
		public int hashCode() {
			return this.kind.hashCode() * 31 + Arrays.hashCode(this.bytes) + this.code;
		}

		@Override
		public String toString() {
			return switch (this.kind) {
				case "text" -> "text(" + abbreviate(new String(this.bytes, StandardCharsets.UTF_8)) + ")";
				case "close" -> "close(" + this.code + ", " + this.reason + ")";
				case "error" -> "error(" + this.code + ")";
				default ->
					this.kind + "[" + this.bytes.length + "](" + abbreviate(HexFormat.of().formatHex(this.bytes)) + ")";
			};
		}

		private static String abbreviate(String text) {
			return (text.length() <= 60) ? text
					: text.substring(0, 40) + "…(" + text.length() + " chars, hash " + text.hashCode() + ")";
		}

	}

	/**
	 * Records what a reader reports.
	 */
	static final class Recorder implements WebSocketFrameReader.Listener {

		final List<Event> events = new ArrayList<>();

		final List<byte[]> rawPings = new ArrayList<>();

		Predicate<Event> stopWhen = (event) -> false;

		@Override
		public boolean text(byte[] utf8, int offset, int length) {
			return record(Event.text(Arrays.copyOfRange(utf8, offset, offset + length)));
		}

		@Override
		public boolean binary(byte[] data, int offset, int length) {
			return record(Event.binary(Arrays.copyOfRange(data, offset, offset + length)));
		}

		@Override
		public void ping(byte[] payload) {
			this.rawPings.add(payload);
			this.events.add(Event.ping(payload));
		}

		@Override
		public void closeReceived(int code, String reason) {
			this.events.add(Event.close(code, reason));
		}

		@Override
		public void protocolError(int code, String reason) {
			assertThat(reason).isNotBlank();
			this.events.add(Event.error(code));
		}

		private boolean record(Event event) {
			this.events.add(event);
			return !this.stopWhen.test(event);
		}

	}

}
