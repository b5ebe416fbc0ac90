package dev.wse.protocol.codec;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.MessageCategory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generators for {@link PropertyCheck}: random bytes and text, random valid envelopes,
 * mutations of valid frames, and shrinkers for byte arrays and strings.
 */
final class RandomInputs {

	/** Bytes that mean something to one of the decoders. */
	private static final byte[] INTERESTING_BYTES = { 0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0x8f,
			(byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1, (byte) 0xc4, (byte) 0xc5,
			(byte) 0xc6, (byte) 0xc7, (byte) 0xc8, (byte) 0xc9, (byte) 0xcf, (byte) 0xd9, (byte) 0xda, (byte) 0xdb,
			(byte) 0xdc, (byte) 0xdd, (byte) 0xde, (byte) 0xdf, (byte) 0xe0, (byte) 0xed, (byte) 0xf0, (byte) 0xf4,
			(byte) 0xf8, (byte) 0xff, '{', '}', '[', ']', '"', ':', ',', '\\', 'C', 'M', 'E', 'W', 'S', 'U', 'x', 0x78,
			(byte) 0x9c, (byte) 0xda, 0x01 };

	/** JSON fragments that, glued together, make text close to JSON. */
	private static final String[] JSON_TOKENS = { "{", "}", "[", "]", ":", ",", "\"", "\"t\"", "\"p\"", "\"type\"",
			"\"payload\"", "\"c\"", "\"seq\"", "\"o\"", "\"pri\"", "\"v\"", "\"echo\"", "0", "-1", "1.5e308", "1e99999",
			"-0", "123456789012345678901234567890", "true", "false", "null", "\"\\u0000\"", "\"\\ud800\"",
			"\"\\udc00\\ud800\"", "\"\\uZZZZ\"", "\\", "\"\\\"", " ", "\n", "\t", "/*", "//", "NaN", "Infinity", "'",
			"WSE", "S", "U", "\u00e9", "\ud83d\ude00", "\ud800", "\u0000", "\ufeff" };

	/**
	 * Lengths that msgpack headers may claim: huge, just over the frame, negative as int.
	 */
	private static final long[] HUGE_LENGTHS = { 0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0x10000000L, 1 << 20,
			(1 << 20) + 1, 65_535, 1_000_000 };

	/** Characters JSON escapes or that are easy to mishandle. */
	private static final String SPECIAL_CHARS = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028\ufffd";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final HexFormat HEX = HexFormat.of();

	private RandomInputs() {
	}

	// Bytes and text

	/**
	 * Random bytes, mostly short, sometimes up to {@code maxLength}, with a bias towards
	 * bytes the decoders treat specially.
	 */
	static byte[] bytes(Random random, int maxLength) {
		int length = random.nextInt(4) > 0 ? random.nextInt(Math.min(32, maxLength) + 1)
				: random.nextInt(maxLength + 1);
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		if (random.nextBoolean()) {
			for (int i = 0; i < length; i++) {
				if (random.nextInt(3) == 0) {
					bytes[i] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
				}
			}
		}
		return bytes;
	}

	/**
	 * Random text: arbitrary UTF-16 (lone surrogates included), or glued JSON tokens,
	 * optionally behind a legacy prefix.
	 */
	static String text(Random random, int maxLength) {
		StringBuilder text = new StringBuilder();
		switch (random.nextInt(4)) {
			case 0 -> text.append("{");
			case 1 -> text.append(new String[] { "WSE{", "S{", "U{", "WSE", "{\"t\":" }[random.nextInt(5)]);
			default -> {
			}
		}
		int length = random.nextInt(maxLength + 1);
		boolean tokens = random.nextBoolean();
		while (text.length() < length) {
			if (tokens) {
				text.append(JSON_TOKENS[random.nextInt(JSON_TOKENS.length)]);
			}
			else {
				text.append(randomChar(random));
			}
		}
		return text.toString();
	}

	private static char randomChar(Random random) {
		return switch (random.nextInt(5)) {
			case 0 -> (char) random.nextInt(0x20);
			case 1, 2 -> (char) (0x20 + random.nextInt(0x60));
			case 3 -> (char) (0xD800 + random.nextInt(0x800));
			default -> (char) random.nextInt(0x10000);
		};
	}

	// Valid envelopes

	/**
	 * A random envelope whose every field survives every encoding: no lone surrogates, no
	 * integers beyond unsigned 64 bits, no non-finite doubles.
	 */
	static Envelope envelope(Random random) {
		Envelope.Builder builder = Envelope.builder(string(random, 24));
		if (random.nextBoolean()) {
			builder.payload(json(random, 1 + random.nextInt(5)));
		}
		if (random.nextBoolean()) {
			builder.category(MessageCategory.values()[random.nextInt(MessageCategory.values().length)]);
		}
		if (random.nextInt(3) == 0) {
			builder.stamp(string(random, 16), random.nextBoolean() ? String.format("%08x", random.nextInt()) : null,
					random.nextBoolean() ? random.nextLong() : null);
		}
		builder.id(random.nextBoolean() ? string(random, 36) : null);
		builder.timestamp(random.nextBoolean() ? "2026-11-26T09:00:00.000Z" : null);
		builder.seq(random.nextBoolean() ? (long) random.nextInt(1_000_000) : null);
		builder.version(random.nextBoolean() ? 1 : null);
		builder.correlationId(random.nextBoolean() ? string(random, 12) : null);
		builder.signature(random.nextInt(4) == 0 ? string(random, 44) : null);
		builder.priority(random.nextBoolean() ? new int[] { 1, 3, 5, 8, 10 }[random.nextInt(5)] : null);
		if (random.nextInt(3) == 0) {
			ObjectNode extras = NODES.objectNode();
			int count = 1 + random.nextInt(3);
			for (int i = 0; i < count; i++) {
				String name = "x_" + string(random, 8);
				extras.set(name, json(random, 2));
			}
			builder.extras(extras);
		}
		return builder.build();
	}

	/**
	 * The envelope a decoder returns for a random envelope: the category it was written
	 * with is the effective one.
	 */
	static Envelope asDecoded(Envelope envelope) {
		return envelope.toBuilder().category(envelope.effectiveCategory()).build();
	}

	/**
	 * A random JSON value at most {@code depth} containers deep.
	 */
	static JsonNode json(Random random, int depth) {
		int kind = random.nextInt((depth > 0) ? 9 : 7);
		return switch (kind) {
			case 0 -> NODES.nullNode();
			case 1 -> NODES.booleanNode(random.nextBoolean());
			case 2 -> NODES.numberNode(random.nextInt());
			case 3 -> number(random);
			case 4 -> NODES.numberNode(finiteDouble(random));
			case 5, 6 -> NODES.stringNode(string(random, 20));
			case 7 -> {
				ArrayNode array = NODES.arrayNode();
				int size = random.nextInt(5);
				for (int i = 0; i < size; i++) {
					array.add(json(random, depth - 1));
				}
				yield array;
			}
			default -> {
				ObjectNode object = NODES.objectNode();
				int size = random.nextInt(5);
				for (int i = 0; i < size; i++) {
					object.set(string(random, 10), json(random, depth - 1));
				}
				yield object;
			}
		};
	}

	private static JsonNode number(Random random) {
		return switch (random.nextInt(3)) {
			// Only outside the int range: Jackson reads smaller literals as int nodes.
			case 0 -> NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(1000)
					: Integer.MIN_VALUE - 1L - (random.nextLong() >>> 2));
			case 1 ->
				NODES.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + random.nextInt(1000))));
			default -> NODES.numberNode(Integer.MAX_VALUE + 1L + random.nextInt(Integer.MAX_VALUE));
		};
	}

	private static double finiteDouble(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> random.nextDouble();
			case 1 -> (random.nextDouble() - 0.5) * 1e12;
			case 2 ->
				Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (random.nextBoolean() ? 1 : -1);
			default ->
				new double[] { 0.0, -0.0, 1.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 187.42 }[random.nextInt(7)];
		};
	}

	/**
	 * A random string of valid Unicode: ASCII, JSON's special characters, control
	 * characters, BMP letters and surrogate pairs.
	 */
	static String string(Random random, int maxLength) {
		int length = random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			switch (random.nextInt(6)) {
				case 0 -> text.append(SPECIAL_CHARS.charAt(random.nextInt(SPECIAL_CHARS.length())));
				case 1 -> {
					int codePoint = 0x10000 + random.nextInt(0x10FFFF - 0x10000);
					text.appendCodePoint(codePoint);
				}
				case 2 -> {
					char c = (char) (0x80 + random.nextInt(0xD800 - 0x80));
					text.append(c);
				}
				default -> text.append((char) (0x20 + random.nextInt(0x5F)));
			}
		}
		return text.toString();
	}

	// Frames

	/**
	 * The kinds of valid frame an envelope can be sent as.
	 */
	enum FrameKind {

		/** UTF-8 JSON in a binary frame. */
		JSON,

		/** {@code C:} + zlib. */
		COMPRESSED,

		/** {@code M:} + MessagePack. */
		MSGPACK,

		/** MessagePack without a prefix (on {@code format=msgpack} connections). */
		RAW_MSGPACK,

		/** {@code E:} + AES-GCM over JSON. */
		ENCRYPTED_JSON,

		/** {@code E:} + AES-GCM over an {@code M:} frame. */
		ENCRYPTED_MSGPACK

	}

	/**
	 * Mutate a frame: flip bits, overwrite, insert, delete, duplicate or truncate, or
	 * write a huge length where a length header may be.
	 */
	static byte[] mutate(Random random, byte[] frame) {
		byte[] result = frame.clone();
		int mutations = 1 + random.nextInt(4);
		for (int m = 0; m < mutations; m++) {
			if (result.length == 0) {
				result = bytes(random, 8);
				continue;
			}
			int at = random.nextInt(result.length);
			switch (random.nextInt(8)) {
				case 0 -> result[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> result[at] = (byte) random.nextInt(256);
				case 2 -> result[at] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
				case 3 -> result = splice(result, at, 0, bytes(random, 16));
				case 4 ->
					result = splice(result, at, Math.min(result.length - at, 1 + random.nextInt(16)), new byte[0]);
				case 5 -> {
					int length = Math.min(result.length - at, 1 + random.nextInt(32));
					result = splice(result, at, 0, Arrays.copyOfRange(result, at, at + length));
				}
				case 6 -> result = Arrays.copyOf(result, at);
				default -> {
					byte[] huge = ByteBuffer.allocate(4)
						.putInt((int) HUGE_LENGTHS[random.nextInt(HUGE_LENGTHS.length)])
						.array();
					byte[] header = random.nextBoolean() ? huge : Arrays.copyOfRange(huge, 2, 4);
					for (int i = 0; i < header.length && at + i < result.length; i++) {
						result[at + i] = header[i];
					}
				}
			}
		}
		return result;
	}

	private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
		byte[] result = new byte[bytes.length - remove + insert.length];
		System.arraycopy(bytes, 0, result, 0, at);
		System.arraycopy(insert, 0, result, at, insert.length);
		System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
		return result;
	}

	// Shrinking and reporting

	/**
	 * Smaller byte arrays to try: halves, then without one chunk, then truncated by one.
	 */
	static List<byte[]> shrink(byte[] bytes) {
		List<byte[]> candidates = new ArrayList<>();
		if (bytes.length == 0) {
			return candidates;
		}
		candidates.add(Arrays.copyOf(bytes, bytes.length / 2));
		candidates.add(Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length));
		for (int chunk = Math.max(1, bytes.length / 8); chunk >= 1; chunk /= 2) {
			for (int at = 0; at + chunk <= bytes.length; at += chunk) {
				candidates.add(splice(bytes, at, chunk, new byte[0]));
			}
			if (chunk == 1) {
				break;
			}
		}
		return candidates;
	}

	/**
	 * Smaller strings to try, as {@link #shrink(byte[])} does for bytes.
	 */
	static List<String> shrink(String text) {
		List<String> candidates = new ArrayList<>();
		if (text.isEmpty()) {
			return candidates;
		}
		candidates.add(text.substring(0, text.length() / 2));
		candidates.add(text.substring(text.length() / 2));
		for (int chunk = Math.max(1, text.length() / 8); chunk >= 1; chunk /= 2) {
			for (int at = 0; at + chunk <= text.length(); at += chunk) {
				candidates.add(text.substring(0, at) + text.substring(at + chunk));
			}
			if (chunk == 1) {
				break;
			}
		}
		return candidates;
	}

	/**
	 * Describe bytes for a failure report: length, hex and the printable form.
	 */
	static String describe(byte[] bytes) {
		byte[] shown = Arrays.copyOf(bytes, Math.min(bytes.length, 256));
		return bytes.length + " bytes: " + HEX.formatHex(shown) + ((bytes.length > shown.length) ? "…" : "") + " ("
				+ new String(shown, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".") + ")";
	}

	/**
	 * Describe text for a failure report, escaping everything outside printable ASCII.
	 */
	static String describe(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		text.chars()
			.limit(512)
			.forEach((c) -> out
				.append((c >= 0x20 && c < 0x7f) ? String.valueOf((char) c) : String.format("\\u%04x", c)));
		return out.append('"').append((text.length() > 512) ? "… (" + text.length() + " chars)" : "").toString();
	}

}
