package dev.wse.protocol.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.io.NumberInput;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON object from valid UTF-8 bytes straight into a tree, for a mapper that
 * reads JSON and trees the way Jackson does by default: strict RFC 8259 syntax (no
 * comments, single quotes, unquoted names, trailing commas, leading zeros, {@code NaN}),
 * duplicate names allowed (the later value wins, in the first one's place), integers as
 * the smallest of int, long and big integer, other numbers as doubles, nulls kept. The
 * nodes are the ones the mapper's {@code JsonNode} deserializer makes from the same text;
 * the nesting depth and the lengths of numbers, strings and names are capped as the
 * mapper's parser caps them.
 * <p>
 * It exists because parsing is a message's largest cost on an I/O thread: Jackson's
 * parser and tree deserializer set up a parser, an I/O context, a deserialization context
 * and a name table per message, and keep track of locations this reader does not need.
 * {@link #supports(JsonMapper, int)} says whether a mapper reads as this reader does; for
 * any other the codec lets the mapper parse.
 * <p>
 * The bytes must be valid UTF-8, as the transports check text frames to be before they
 * hand them over; a malformed sequence inside a string would be read as U+FFFD, where
 * Jackson rejects it. Thread-safe: each call reads with its own cursor.
 */
final class Utf8JsonTreeReader {

	/** Deeper limits than this are left to Jackson, which does not recurse. */
	static final int MAX_SUPPORTED_DEPTH = 1_000;

	private static final int LONG_DIGITS = 18;

	/** Every integer up to this one is exact as a double. */
	private static final long EXACT_MANTISSA = 1L << 53;

	/** The powers of ten that are exact as doubles: 10^0 to 10^22. */
	private static final double[] EXACT_POWERS = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
			1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	/**
	 * Names and types up to this many bytes are looked up in (and added to) their tables.
	 */
	private static final int MAX_CACHED_LENGTH = 32;

	/** The longest text {@code shortAscii} finds with two eight-byte reads. */
	private static final int WORDS_LENGTH = 2 * Long.BYTES - 1;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGHS = 0x8080808080808080L;

	private static final int NAME_TABLE_SIZE = 1024;

	private static final int TYPE_TABLE_SIZE = 256;

	private final JsonNodeFactory nodes;

	private final int maxDepth;

	private final int maxNumberLength;

	private final int maxStringLength;

	private final int maxNameLength;

	/**
	 * Recently read short ASCII property names by hash, so that the names messages repeat
	 * are neither copied nor hashed again. Racy by design: a slot holds an immutable
	 * entry or null, and a lost update only costs a copy. It starts with the envelope's
	 * own field names ({@link EnvelopeFields#NAMES}), so that a message's {@code t} or
	 * {@code p} is the very constant {@link EnvelopeTreeReader} looks up, found by
	 * identity.
	 */
	private final CachedText[] names = new CachedText[NAME_TABLE_SIZE];

	/**
	 * Recently read message types (short ASCII string values of a top-level {@code t} or
	 * {@code type}), in the same racy way: a message's type is compared, switched on and
	 * looked up by the router, so a type seen before comes with its hash computed.
	 */
	private final CachedText[] types = new CachedText[TYPE_TABLE_SIZE];

	Utf8JsonTreeReader(JsonMapper mapper, int maxDepth) {
		StreamReadConstraints constraints = mapper.tokenStreamFactory().streamReadConstraints();
		this.nodes = mapper.deserializationConfig().getNodeFactory();
		this.maxDepth = maxDepth;
		this.maxNumberLength = constraints.getMaxNumberLength();
		this.maxStringLength = constraints.getMaxStringLength();
		this.maxNameLength = constraints.getMaxNameLength();
		for (String name : EnvelopeFields.NAMES) {
			CachedText entry = CachedText.of(name, name.getBytes(StandardCharsets.ISO_8859_1));
			this.names[slot(entry.hash(), this.names)] = entry;
		}
	}

	private static int slot(int hash, CachedText[] table) {
		return (hash ^ (hash >>> 16)) & (table.length - 1);
	}

	/**
	 * Whether a mapper reads JSON objects into trees as this reader does.
	 * @param mapper the mapper
	 * @param maxDepth the nesting depth cap
	 * @return true when its parser features and the tree-related deserialization features
	 * are Jackson's defaults, it has the standard node factory, no document length or
	 * token count limit, and the depth cap is at most {@link #MAX_SUPPORTED_DEPTH}
	 */
	static boolean supports(JsonMapper mapper, int maxDepth) {
		TokenStreamFactory factory = mapper.tokenStreamFactory();
		StreamReadConstraints constraints = factory.streamReadConstraints();
		StreamReadConstraints defaults = StreamReadConstraints.defaults();
		DeserializationConfig config = mapper.deserializationConfig();
		return maxDepth <= MAX_SUPPORTED_DEPTH && factory.getFormatReadFeatures() == JsonReadFeature.collectDefaults()
				&& !StreamReadFeature.STRICT_DUPLICATE_DETECTION.enabledIn(factory.getStreamReadFeatures())
				&& constraints.getMaxDocumentLength() == defaults.getMaxDocumentLength()
				&& constraints.getMaxTokenCount() == defaults.getMaxTokenCount()
				&& !config.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
				&& !config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
				&& !config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
				&& !config.isEnabled(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
				&& config.isEnabled(JsonNodeFeature.READ_NULL_PROPERTIES)
				&& config.getNodeFactory().getClass() == JsonNodeFactory.class;
	}

	/**
	 * Read the object that starts at {@code offset} (a <code>{</code>) and is followed by
	 * nothing but whitespace up to {@code offset + length}.
	 * @param utf8 valid UTF-8 bytes
	 * @param offset where the object starts
	 * @param length the length up to the end of the text
	 * @return the object
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for malformed JSON, content
	 * after the object, too deep nesting or a number, string or name over its limit
	 */
	ObjectNode read(byte[] utf8, int offset, int length) {
		ObjectNode object = this.nodes.objectNode();
		read(utf8, offset, length, object::set);
		return object;
	}

	/**
	 * Read the object as {@link #read(byte[], int, int)} does, its own properties into
	 * {@link TopLevelProperties} rather than an object node.
	 * @param utf8 valid UTF-8 bytes
	 * @param offset where the object starts
	 * @param length the length up to the end of the text
	 * @return the properties
	 * @throws ProtocolException as {@link #read(byte[], int, int)} does
	 */
	TopLevelProperties readTopLevel(byte[] utf8, int offset, int length) {
		TopLevelProperties properties = new TopLevelProperties();
		read(utf8, offset, length, properties::put);
		return properties;
	}

	private void read(byte[] utf8, int offset, int length, PropertySink root) {
		Cursor cursor = new Cursor(utf8, offset, offset + length);
		cursor.properties(1, root);
		cursor.skipWhitespace();
		if (cursor.position < cursor.end) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Trailing content after the JSON object");
		}
	}

	private static ProtocolException malformed(String detail) {
		return new ProtocolException(ErrorCode.INVALID_MESSAGE, "Malformed JSON: " + detail);
	}

	private static ProtocolException overLimit() {
		return new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message exceeds a JSON parser limit");
	}

	/** Where the properties of an object go. */
	@FunctionalInterface
	private interface PropertySink {

		void put(String name, JsonNode value);

	}

	private final class Cursor {

		private final byte[] bytes;

		private final int end;

		private int position;

		Cursor(byte[] bytes, int position, int end) {
			this.bytes = bytes;
			this.position = position;
			this.end = end;
		}

		private ObjectNode object(int depth) {
			ObjectNode object = Utf8JsonTreeReader.this.nodes.objectNode();
			properties(depth, object::set);
			return object;
		}

		/** Read the properties of the object the cursor is at into the sink. */
		void properties(int depth, PropertySink sink) {
			checkDepth(depth);
			this.position++;
			if (next() == '}') {
				this.position++;
				return;
			}
			while (true) {
				if (next() != '"') {
					throw malformed("expected a property name in double quotes at byte " + this.position);
				}
				this.position++;
				String name = name();
				if (next() != ':') {
					throw malformed("expected ':' after a property name at byte " + this.position);
				}
				this.position++;
				sink.put(name, (depth == 1 && next() == '"' && isType(name)) ? type() : value(depth));
				int separator = next();
				this.position++;
				if (separator == '}') {
					return;
				}
				if (separator != ',') {
					throw malformed("expected ',' or '}' in an object at byte " + (this.position - 1));
				}
			}
		}

		private static boolean isType(String name) {
			return name.equals(EnvelopeFields.TYPE) || name.equals(EnvelopeFields.TYPE_ALIAS);
		}

		/** The string value of a top-level type property, at its opening quote. */
		private JsonNode type() {
			this.position++;
			Utf8JsonTreeReader reader = Utf8JsonTreeReader.this;
			String type = shortAscii(reader.types, reader.maxStringLength);
			return reader.nodes.stringNode((type != null) ? type : string(reader.maxStringLength));
		}

		private ArrayNode array(int depth) {
			checkDepth(depth);
			this.position++;
			ArrayNode array = Utf8JsonTreeReader.this.nodes.arrayNode();
			if (next() == ']') {
				this.position++;
				return array;
			}
			while (true) {
				array.add(value(depth));
				int separator = next();
				this.position++;
				if (separator == ']') {
					return array;
				}
				if (separator != ',') {
					throw malformed("expected ',' or ']' in an array at byte " + (this.position - 1));
				}
			}
		}

		private void checkDepth(int depth) {
			if (depth > Utf8JsonTreeReader.this.maxDepth) {
				throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
						"Message is nested deeper than " + Utf8JsonTreeReader.this.maxDepth + " levels");
			}
		}

		private JsonNode value(int depth) {
			int first = next();
			JsonNodeFactory nodes = Utf8JsonTreeReader.this.nodes;
			switch (first) {
				case '{':
					return object(depth + 1);
				case '[':
					return array(depth + 1);
				case '"':
					this.position++;
					return nodes.stringNode(string(Utf8JsonTreeReader.this.maxStringLength));
				case 't':
					literal("true");
					return nodes.booleanNode(true);
				case 'f':
					literal("false");
					return nodes.booleanNode(false);
				case 'n':
					literal("null");
					return nodes.nullNode();
				default:
					if (first == '-' || (first >= '0' && first <= '9')) {
						return number();
					}
					throw (first == -1) ? malformed("unexpected end of input")
							: malformed("unexpected character at byte " + this.position);
			}
		}

		/** The next byte (0-255) that is not whitespace, not consumed; -1 at the end. */
		private int next() {
			skipWhitespace();
			return (this.position < this.end) ? (this.bytes[this.position] & 0xFF) : -1;
		}

		void skipWhitespace() {
			while (this.position < this.end) {
				byte b = this.bytes[this.position];
				// every JSON whitespace byte is at most a space: one comparison for the
				// usual case, compact JSON
				if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) {
					return;
				}
				this.position++;
			}
		}

		private void literal(String word) {
			int length = word.length();
			if (this.end - this.position < length) {
				throw malformed("unexpected end of input");
			}
			for (int i = 0; i < length; i++) {
				if (this.bytes[this.position + i] != word.charAt(i)) {
					throw malformed("unrecognized token at byte " + this.position);
				}
			}
			this.position += length;
			// "truex" is one unrecognized token to a JSON parser, not "true" then "x".
			if (this.position < this.end && isIdentifierPart(this.bytes[this.position])) {
				throw malformed("unrecognized token at byte " + (this.position - length));
			}
		}

		private static boolean isIdentifierPart(byte b) {
			return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
		}

		/**
		 * A property name whose opening quote has been read: a short ASCII name without
		 * escapes comes from the name table when it is there.
		 */
		private String name() {
			Utf8JsonTreeReader reader = Utf8JsonTreeReader.this;
			String name = shortAscii(reader.names, reader.maxNameLength);
			if (name == null) {
				name = string(Integer.MAX_VALUE);
				// Jackson's UTF-8 parser caps a name's bytes, not its characters
				if (name.length() > reader.maxNameLength
						|| (name.length() * 3 > reader.maxNameLength && utf8Length(name) > reader.maxNameLength)) {
					throw overLimit();
				}
			}
			return name;
		}

		private static int utf8Length(String text) {
			int length = text.length();
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c >= 0x80) {
					// two more bytes for U+0800 and up; a surrogate pair's four bytes are
					// two
					// for each half
					length += (c < 0x800 || Character.isSurrogate(c)) ? 1 : 2;
				}
			}
			return length;
		}

		/**
		 * A string whose opening quote has been read, when it is ASCII of at most
		 * {@link #MAX_CACHED_LENGTH} bytes without escapes: from the table if there, else
		 * read and put in the table. Otherwise null, nothing read.
		 * <p>
		 * A text of up to seven bytes (most names) is found with one eight-byte read, one
		 * of up to {@link #WORDS_LENGTH} (most types) with two: the closing quote and any
		 * byte that stops the fast path (an escape, a control character, a byte of a
		 * multi-byte character) are located in a word at once, and the text's bytes, as
		 * two numbers, are both its hash and what the table entry is compared with.
		 */
		private @Nullable String shortAscii(CachedText[] table, int maxLength) {
			byte[] bytes = this.bytes;
			int start = this.position;
			if (this.end - start >= Long.BYTES) {
				long word = (long) LONGS.get(bytes, start);
				long stops = stops(word);
				if (stops != 0) {
					int length = quoteAt(word, stops);
					return (length >= 0) ? cachedWords(table, start, length, word & below(length), 0, maxLength) : null;
				}
				if (this.end - start >= 2 * Long.BYTES) {
					long word2 = (long) LONGS.get(bytes, start + Long.BYTES);
					long stops2 = stops(word2);
					if (stops2 != 0) {
						int length2 = quoteAt(word2, stops2);
						return (length2 >= 0) ? cachedWords(table, start, Long.BYTES + length2, word,
								word2 & below(length2), maxLength) : null;
					}
				}
			}
			int limit = Math.min(this.end, start + MAX_CACHED_LENGTH + 1);
			for (int i = start; i < limit; i++) {
				byte b = bytes[i];
				if (b == '"') {
					int length = i - start;
					if (length > WORDS_LENGTH) {
						return cached(table, start, i, maxLength);
					}
					int first = Math.min(length, Long.BYTES);
					return cachedWords(table, start, length, littleEndianWord(bytes, start, first),
							littleEndianWord(bytes, start + first, length - first), maxLength);
				}
				if (b < 0x20 || b == '\\') {
					break;
				}
			}
			return null;
		}

		private String cachedWords(CachedText[] table, int start, int length, long word, long word2, int maxLength) {
			if (length > maxLength) {
				throw overLimit();
			}
			int slot = slot(wordsHash(word, word2), table);
			CachedText cached = table[slot];
			this.position = start + length + 1;
			if (cached != null && cached.word == word && cached.word2 == word2 && cached.bytes.length == length) {
				return cached.text;
			}
			CachedText entry = CachedText.of(Arrays.copyOfRange(this.bytes, start, start + length));
			table[slot] = entry;
			return entry.text;
		}

		private String cached(CachedText[] table, int start, int quote, int maxLength) {
			int length = quote - start;
			if (length > maxLength) {
				throw overLimit();
			}
			int hash = textHash(this.bytes, start, length);
			int slot = slot(hash, table);
			CachedText cached = table[slot];
			this.position = quote + 1;
			if (cached != null && cached.hash == hash && sameBytes(cached.bytes, start, length)) {
				return cached.text;
			}
			CachedText entry = CachedText.of(Arrays.copyOfRange(this.bytes, start, quote));
			table[slot] = entry;
			return entry.text;
		}

		/**
		 * Whether the bytes at {@code start} are those of a cached text: a plain loop,
		 * which for the few bytes of a name costs less than {@code Arrays.equals} with
		 * its range checks and vectorized mismatch search.
		 */
		private boolean sameBytes(byte[] cached, int start, int length) {
			if (cached.length != length) {
				return false;
			}
			byte[] bytes = this.bytes;
			for (int i = 0; i < length; i++) {
				if (cached[i] != bytes[start + i]) {
					return false;
				}
			}
			return true;
		}

		/**
		 * A string whose opening quote has been read, up to and past its closing quote.
		 */
		private String string(int maxLength) {
			byte[] bytes = this.bytes;
			int start = this.position;
			int i = start;
			while (i < this.end) {
				byte b = bytes[i];
				if (b == '"') {
					this.position = i + 1;
					return limited(new String(bytes, start, i - start, StandardCharsets.UTF_8), maxLength);
				}
				if (b == '\\') {
					return escapedString(start, i, maxLength);
				}
				if (b >= 0 && b < 0x20) {
					throw malformed("unescaped control character in a string at byte " + i);
				}
				i++;
			}
			throw malformed("unexpected end of input in a string");
		}

		private String escapedString(int start, int firstEscape, int maxLength) {
			byte[] bytes = this.bytes;
			StringBuilder text = new StringBuilder(firstEscape - start + 16);
			text.append(new String(bytes, start, firstEscape - start, StandardCharsets.UTF_8));
			int i = firstEscape;
			int run = i;
			while (i < this.end) {
				byte b = bytes[i];
				if (b == '"') {
					text.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
					this.position = i + 1;
					return limited(text.toString(), maxLength);
				}
				if (b >= 0 && b < 0x20) {
					throw malformed("unescaped control character in a string at byte " + i);
				}
				if (b != '\\') {
					i++;
					continue;
				}
				text.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
				if (i + 1 >= this.end) {
					break;
				}
				byte escape = bytes[i + 1];
				i += 2;
				switch (escape) {
					case '"' -> text.append('"');
					case '\\' -> text.append('\\');
					case '/' -> text.append('/');
					case 'b' -> text.append('\b');
					case 'f' -> text.append('\f');
					case 'n' -> text.append('\n');
					case 'r' -> text.append('\r');
					case 't' -> text.append('\t');
					case 'u' -> {
						text.append(unicodeEscape(i));
						i += 4;
					}
					default -> throw malformed("unrecognized character escape at byte " + (i - 1));
				}
				run = i;
			}
			throw malformed("unexpected end of input in a string");
		}

		private char unicodeEscape(int at) {
			if (this.end - at < 4) {
				throw malformed("unexpected end of input in a unicode escape");
			}
			int value = 0;
			for (int k = 0; k < 4; k++) {
				int digit = Character.digit(this.bytes[at + k], 16);
				if (digit < 0) {
					throw malformed("expected a hex digit in a unicode escape at byte " + (at + k));
				}
				value = (value << 4) | digit;
			}
			return (char) value;
		}

		private String limited(String text, int maxLength) {
			if (text.length() > maxLength) {
				throw overLimit();
			}
			return text;
		}

		private JsonNode number() {
			byte[] bytes = this.bytes;
			int start = this.position;
			int i = start;
			boolean negative = bytes[i] == '-';
			if (negative) {
				i++;
			}
			int integerStart = i;
			// the integer's value is summed as its digits are found (used when it has
			// at most LONG_DIGITS of them and nothing follows that makes it a float)
			long integer = 0;
			if (i < this.end && bytes[i] == '0') {
				i++;
			}
			else {
				while (i < this.end) {
					int digit = bytes[i] - '0';
					if (digit < 0 || digit > 9) {
						break;
					}
					integer = integer * 10 + digit;
					i++;
				}
			}
			int integerDigits = i - integerStart;
			if (integerDigits == 0) {
				throw malformed("expected a digit at byte " + i);
			}
			boolean floating = false;
			if (i < this.end && bytes[i] == '.') {
				floating = true;
				i = digits(i + 1, "a decimal point");
			}
			if (i < this.end && (bytes[i] == 'e' || bytes[i] == 'E')) {
				floating = true;
				i++;
				if (i < this.end && (bytes[i] == '+' || bytes[i] == '-')) {
					i++;
				}
				i = digits(i, "an exponent");
			}
			if (i < this.end && (isDigit(bytes[i]) || isIdentifierPart(bytes[i]) || bytes[i] == '.')) {
				// "01", "1.5.3", "12abc": one malformed number token to a JSON parser.
				throw malformed("invalid number at byte " + start);
			}
			this.position = i;
			if ((floating ? i - integerStart : integerDigits) > Utf8JsonTreeReader.this.maxNumberLength) {
				throw overLimit();
			}
			JsonNodeFactory nodes = Utf8JsonTreeReader.this.nodes;
			if (floating) {
				double exact = exactDouble(integerStart, i);
				return nodes.numberNode(!Double.isNaN(exact) ? (negative ? -exact : exact) : NumberInput
					.parseDouble(new String(bytes, start, i - start, StandardCharsets.ISO_8859_1), true));
			}
			if (integerDigits <= LONG_DIGITS) {
				long value = negative ? -integer : integer;
				return (value == (int) value) ? nodes.numberNode((int) value) : nodes.numberNode(value);
			}
			BigInteger value = new BigInteger(new String(bytes, start, i - start, StandardCharsets.ISO_8859_1));
			return (value.bitLength() < 64) ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
		}

		/**
		 * The value of the unsigned decimal between {@code from} and {@code to} when one
		 * IEEE operation gives it correctly rounded: at most 2<sup>53</sup> as an integer
		 * of all its digits, times or divided by a power of ten up to 10<sup>22</sup>
		 * (both exact as doubles); NaN otherwise, for Jackson's fast double parser.
		 */
		private double exactDouble(int from, int to) {
			byte[] bytes = this.bytes;
			long mantissa = 0;
			int scale = 0;
			boolean fraction = false;
			int i = from;
			for (; i < to; i++) {
				byte b = bytes[i];
				if (b == '.') {
					fraction = true;
					continue;
				}
				if (b == 'e' || b == 'E') {
					break;
				}
				mantissa = mantissa * 10 + (b - '0');
				if (mantissa > EXACT_MANTISSA) {
					return Double.NaN;
				}
				if (fraction) {
					scale--;
				}
			}
			if (i < to) {
				i++;
				boolean negativeExponent = bytes[i] == '-';
				if (bytes[i] == '-' || bytes[i] == '+') {
					i++;
				}
				int exponent = 0;
				for (; i < to; i++) {
					exponent = exponent * 10 + (bytes[i] - '0');
					if (exponent > EXACT_POWERS.length * 2) {
						return Double.NaN;
					}
				}
				scale += negativeExponent ? -exponent : exponent;
			}
			if (scale < -(EXACT_POWERS.length - 1) || scale > EXACT_POWERS.length - 1) {
				return Double.NaN;
			}
			return (scale >= 0) ? mantissa * EXACT_POWERS[scale] : mantissa / EXACT_POWERS[-scale];
		}

		private int digits(int from, String after) {
			int i = from;
			while (i < this.end && isDigit(this.bytes[i])) {
				i++;
			}
			if (i == from) {
				throw malformed("expected a digit after " + after + " at byte " + i);
			}
			return i;
		}

		private static boolean isDigit(byte b) {
			return b >= '0' && b <= '9';
		}

	}

	/** One flag (the high bit) in each byte of a word that is zero. */
	private static long zeroBytes(long word) {
		return (word - ONES) & ~word & HIGHS;
	}

	/**
	 * Flags on the bytes of a word that end the fast path: a quote, a backslash, a
	 * control character or a byte of a multi-byte character. The lowest flag of each term
	 * is exact (a false one only appears above a true one), so the lowest of all marks
	 * the first such byte.
	 */
	private static long stops(long word) {
		return zeroBytes(word ^ (ONES * '"')) | zeroBytes(word ^ (ONES * '\\')) | ((word - ONES * 0x20) & ~word & HIGHS)
				| (word & HIGHS);
	}

	/**
	 * Where the first byte that stops the fast path is, when it is a quote.
	 * @return its index in the word, or -1 when that byte is not a quote
	 */
	private static int quoteAt(long word, long stops) {
		int first = Long.numberOfTrailingZeros(stops);
		return ((zeroBytes(word ^ (ONES * '"')) & (1L << first)) != 0) ? first >>> 3 : -1;
	}

	/** A mask of the lowest {@code bytes} bytes of a word (0 to 7). */
	private static long below(int bytes) {
		return (1L << (bytes << 3)) - 1;
	}

	/** The bytes of a text of at most eight bytes as a little-endian word. */
	private static long littleEndianWord(byte[] bytes, int start, int length) {
		long word = 0;
		for (int i = length - 1; i >= 0; i--) {
			word = (word << 8) | (bytes[start + i] & 0xFF);
		}
		return word;
	}

	private static int wordsHash(long word, long word2) {
		return (int) ((word * 0x9E3779B97F4A7C15L + word2 * 0xC2B2AE3D27D4EB4FL) >>> 32);
	}

	private static int textHash(byte[] bytes, int start, int length) {
		int hash = 0;
		for (int i = start; i < start + length; i++) {
			hash = 31 * hash + bytes[i];
		}
		return hash;
	}

	/**
	 * A table entry: the text, its bytes (compared without decoding), its hash and, for a
	 * text of at most {@link #WORDS_LENGTH} bytes, those bytes as two little-endian words
	 * (the first eight, the rest; a text here has no zero byte, so the words alone tell
	 * it apart). One immutable object per slot, so that a racing reader sees all of it or
	 * none.
	 */
	private record CachedText(String text, byte[] bytes, int hash, long word, long word2) {

		static CachedText of(byte[] bytes) {
			return of(new String(bytes, StandardCharsets.ISO_8859_1), bytes);
		}

		static CachedText of(String text, byte[] bytes) {
			int length = bytes.length;
			if (length <= WORDS_LENGTH) {
				int first = Math.min(length, Long.BYTES);
				long word = littleEndianWord(bytes, 0, first);
				long word2 = littleEndianWord(bytes, first, length - first);
				return new CachedText(text, bytes, wordsHash(word, word2), word, word2);
			}
			return new CachedText(text, bytes, textHash(bytes, 0, length), 0, 0);
		}

	}

}
