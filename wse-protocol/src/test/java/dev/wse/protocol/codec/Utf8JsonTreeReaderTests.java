package dev.wse.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Utf8JsonTreeReader} against the mapper it stands in for: for the same UTF-8
 * bytes, both give equal trees made of the same node classes, or both reject them with
 * {@code INVALID_MESSAGE}; and mappers that read differently from Jackson's defaults keep
 * parsing themselves.
 */
class Utf8JsonTreeReaderTests {

	private static final int DEPTH = 64;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonObjectParser ours = new JsonObjectParser(this.mapper, DEPTH);

	private final JsonObjectParser jackson = JsonObjectParser.withMapperOnly(this.mapper, DEPTH);

	@ParameterizedTest
	@ValueSource(strings = { "{}", " {} ", "{\"t\":\"a\"}", "{\"t\":\"a\",\"p\":{\"x\":[1,2,[3,{}],[]],\"y\":null}}",
			"{\"a\":0,\"b\":-0,\"c\":2147483647,\"d\":2147483648,\"e\":-2147483648,\"f\":-2147483649}",
			"{\"a\":9223372036854775807,\"b\":9223372036854775808,\"c\":-9223372036854775808,\"d\":-9223372036854775809}",
			"{\"a\":123456789012345678,\"b\":1234567890123456789,\"c\":123456789012345678901234567890}",
			"{\"a\":1.5,\"b\":-0.0,\"c\":1e3,\"d\":1E-3,\"e\":1.5e+308,\"f\":1e99999,\"g\":-1e-99999,\"h\":0.1}",
			"{\"a\":true,\"b\":false,\"c\":null,\"d\":[true,false,null]}",
			"{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u20AC\\ud83d\\ude00\",\"lone\":\"\\ud800x\\udc00\"}",
			"{\"\u00e9t\u00e9\":\"\u20ac \ud83d\ude00\",\"\":\"\",\"k\\u0041\":1}",
			"{\"a\":1,\"a\":{\"b\":2},\"c\":3,\"a\":[4]}", "{\"t\":\"x\"}\n\t\r ",
			"{ \"t\" : \"x\" , \"p\" : [ 1 , 2 ] }",
			// malformed
			"{", "{\"t\"", "{\"t\":", "{\"t\":\"x\"", "{\"t\":\"x\",}", "{,}", "{\"t\":\"x\"}}", "{\"t\":\"x\"} x",
			"{\"t\":\"x\"}{}", "{'t':'x'}", "{t:\"x\"}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":00}", "{\"a\":1.}",
			"{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":-}", "{\"a\":1.5.3}", "{\"a\":12abc}",
			"{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}",
			"{\"a\":True}", "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":[1 2]}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
			"{\"a\":\"\\u12G4\"}", "{\"a\":\"\\", "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}", "{\"a\" \"b\"}",
			"{\"a\":1 /* c */}", "{\"a\":1} // c", "{\"a\":[1}", "{\"a\":{]}", "{\"a\":\"\u0000\"}", "{\"a\":1\u0000}",
			"{\"a\":1,\"b\":}", "{\"a\":\u00e9}" })
	void readsAsTheMapperDoes(String text) {
		sameAsJackson(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void nestingIsCappedAtTheSameDepth() {
		for (int depth = DEPTH - 2; depth <= DEPTH + 2; depth++) {
			String objects = "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
			String arrays = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
			sameAsJackson(objects.getBytes(StandardCharsets.US_ASCII));
			sameAsJackson(arrays.getBytes(StandardCharsets.US_ASCII));
		}
		String tooDeep = "{\"a\":".repeat(DEPTH) + "{}" + "}".repeat(DEPTH);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> parse(this.ours, tooDeep))
			.withMessage("Message is nested deeper than 64 levels");
	}

	@Test
	void numbersAreCappedAtTheSameLength() {
		int max = StreamReadConstraints.defaults().getMaxNumberLength();
		for (int digits : new int[] { max - 1, max, max + 1 }) {
			String integer = "7".repeat(digits);
			sameAsJackson(("{\"a\":" + integer + "}").getBytes(StandardCharsets.US_ASCII));
			sameAsJackson(("{\"a\":-" + integer + "}").getBytes(StandardCharsets.US_ASCII));
		}
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> parse(this.ours, "{\"a\":" + "7".repeat(max + 1) + "}"))
			.withMessage("Message exceeds a JSON parser limit");
	}

	@Test
	void randomJsonLikeTextReadsAsTheMapperDoes() {
		PropertyCheck.forAll((random) -> RandomInputs.text(random, 200))
			.tries(30_000)
			.seed(11)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check((text) -> sameAsJackson(text.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void randomTreesAndTheirMutationsReadAsTheMapperDoes() {
		PropertyCheck.forAll(Utf8JsonTreeReaderTests::mutatedTree)
			.tries(20_000)
			.seed(12)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check((text) -> sameAsJackson(text.getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.1", "0.3", "187.42", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014E-308",
			"9007199254740993.0", "9007199254740992.5", "900719925474099.3e1", "1e22", "1e23", "1e-22", "1e-23",
			"123456789012345678e-5", "0.000000000000000000000000000001", "12345.6789e-30", "5e-1", "1.0000000000000002",
			"0e0", "0.0e-400", "1E+2", "1e0000000000000000000000001", "-0.0", "-1.5e-7" })
	void floatsAreTheSameDoubles(String number) {
		sameAsJackson(("{\"a\":" + number + ",\"b\":[" + number + "]}").getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void randomDecimalsAreTheSameDoubles() {
		PropertyCheck.forAll(Utf8JsonTreeReaderTests::decimal)
			.tries(50_000)
			.seed(13)
			.check((number) -> sameAsJackson(("{\"a\":" + number + "}").getBytes(StandardCharsets.US_ASCII)));
	}

	private static String decimal(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
			case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
			default -> {
				String digits = Long.toString(Math.abs(random.nextLong()) >>> random.nextInt(64));
				int point = random.nextInt(digits.length() + 1);
				String number = ((point == 0) ? "0" : digits.substring(0, point)) + "." + digits.substring(point)
						+ "0".repeat(random.nextInt(2));
				if (number.endsWith(".")) {
					number += "5";
				}
				yield (random.nextBoolean() ? number : number + "e" + (random.nextInt(60) - 30));
			}
		};
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":\"a\",\"t\":\"b\"}", "{\"t\":\"a\",\"type\":\"b\"}", "{\"type\":\"a\"}",
			"{\"payload\":1,\"p\":2,\"t\":\"x\"}", "{\"t\":\"x\",\"p\":1,\"payload\":2}",
			"{\"t\":\"x\",\"payload\":[1]}", "{\"t\":\"a\",\"t\":\"b\"}", "{\"t\":\"a\",\"t\":1}",
			"{\"t\":1,\"t\":\"a\"}",
			"{\"t\":\"a\",\"x\":1,\"y\":2,\"x\":3,\"seq\":\"5\",\"seq\":6.0,\"id\":7,\"id\":{}}",
			"{\"t\":\"a\",\"tp\":\"q\",\"e\":\"E\",\"o\":\"12\",\"c\":\"S\",\"ts\":3,\"v\":2,\"cid\":\"c\",\"sig\":\"s\",\"pri\":9}",
			"{\"t\":\"a\",\"type\":\"b\",\"payload\":0,\"z\":null,\"type\":\"c\"}", "{}", "{\"p\":1}",
			"{\"type\":null}" })
	void envelopesAreReadAsFromTheMappersTree(String text) {
		sameEnvelopeAsJackson(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void randomEnvelopesAndTheirMutationsAreReadAsFromTheMappersTree() {
		FrameCodec codec = FrameCodec.withDefaults();
		PropertyCheck.forAll((random) -> {
			byte[] json = codec.encodeJson(RandomInputs.envelope(random));
			return new String((random.nextInt(3) == 0) ? json : RandomInputs.mutate(random, json),
					StandardCharsets.UTF_8);
		})
			.tries(20_000)
			.seed(14)
			.describedBy(RandomInputs::describe)
			.shrinkingWith(RandomInputs::shrink)
			.check((text) -> sameEnvelopeAsJackson(text.getBytes(StandardCharsets.UTF_8)));
	}

	private void sameEnvelopeAsJackson(byte[] utf8) {
		Envelope expected;
		try {
			expected = EnvelopeTreeReader.read(this.jackson.parse(utf8, 0, utf8.length));
		}
		catch (ProtocolException ex) {
			assertThatExceptionOfType(ProtocolException.class)
				.isThrownBy(() -> EnvelopeTreeReader.read(this.ours.parseTopLevel(utf8, 0, utf8.length)))
				.satisfies((failure) -> assertThat(failure.code()).isEqualTo(ex.code()));
			return;
		}
		assertThat(EnvelopeTreeReader.read(this.ours.parseTopLevel(utf8, 0, utf8.length))).isEqualTo(expected);
	}

	@Test
	void repeatedNamesAreTheSameStrings() {
		ObjectNode first = parse(this.ours, "{\"symbol\":\"A\",\"price\":1}");
		ObjectNode second = parse(this.ours, "{\"price\":2,\"symbol\":\"B\"}");
		assertThat(second.propertyNames().iterator().next())
			.isSameAs(first.propertyNames().stream().skip(1).findFirst().get());
		assertThat(second.path("symbol").asString()).isEqualTo("B");
	}

	@Test
	void repeatedTypesAreTheSameStringsAndOnlyTopLevelTypesAreTaken() {
		ObjectNode first = parse(this.ours, "{\"t\":\"bench.noop\",\"p\":{\"t\":\"inner\"}}");
		ObjectNode second = parse(this.ours, "{\"p\":{},\"t\":\"bench.noop\"}");
		ObjectNode alias = parse(this.ours, "{\"type\":\"bench.noop\"}");
		assertThat(second.get("t").stringValue()).isSameAs(first.get("t").stringValue())
			.isSameAs(alias.get("type").stringValue())
			.isEqualTo("bench.noop");
		ObjectNode other = parse(this.ours, "{\"t\":\"bench.echo\",\"x\":\"bench.noop\"}");
		assertThat(other.get("t").stringValue()).isEqualTo("bench.echo");
		assertThat(other.get("x").stringValue()).isEqualTo("bench.noop").isNotSameAs(first.get("t").stringValue());
		assertThat(parse(this.ours, "{\"p\":{\"t\":\"inner\"}}").get("p").get("t").stringValue()).isEqualTo("inner")
			.isNotSameAs(first.get("p").get("t").stringValue());
		for (String text : new String[] { "{\"t\":\"a\\\"b\"}", "{\"t\":\"\u00e9\"}", "{\"t\":\"\\u0041\"}",
				"{\"t\":\"" + "x".repeat(40) + "\"}", "{\"t\":\"\"}", "{\"t\":\"tab\there\"}", "{\"t\":\"open",
				"{\"t\":null}", "{\"t\" : \"spaced\" }" }) {
			sameAsJackson(text.getBytes(StandardCharsets.UTF_8));
			sameAsJackson(text.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void shortNamesAndTypesAreCappedAsTheMappersParserCapsThem() {
		JsonMapper capped = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxNameLength(8).maxStringLength(8).build())
				.build())
			.build();
		assertThat(Utf8JsonTreeReader.supports(capped, DEPTH)).isTrue();
		JsonObjectParser ours = new JsonObjectParser(capped, DEPTH);
		JsonObjectParser jackson = JsonObjectParser.withMapperOnly(capped, DEPTH);
		for (int length = 6; length <= 10; length++) {
			String word = "n".repeat(length);
			for (String text : new String[] { "{\"" + word + "\":1}", "{\"t\":\"" + word + "\"}",
					"{\"type\":\"" + word + "\"}", "{\"p\":\"" + word + "\"}" }) {
				// twice: the second read finds the name or type in its table
				for (int pass = 0; pass < 2; pass++) {
					readAsCapped(ours, jackson, text, length <= 8);
				}
			}
		}
	}

	@Test
	void nonAsciiNamesAreCappedInUtf8BytesAsTheMappersParserCapsThem() {
		JsonMapper capped = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxNameLength(8).build())
				.build())
			.build();
		JsonObjectParser ours = new JsonObjectParser(capped, DEPTH);
		JsonObjectParser jackson = JsonObjectParser.withMapperOnly(capped, DEPTH);
		List<String> rejected = new ArrayList<>();
		for (String name : new String[] { "\u00e9\u00e9\u00e9\u00e9", "\u00e9\u00e9\u00e9\u00e9a", "\u20ac\u20aca",
				"\u20ac\u20ac\u20ac", "\ud83d\ude00\ud83d\ude00", "\ud83d\ude00\ud83d\ude00a", "a\u00e9\u00e9\u00e9",
				"aa\u00e9\u00e9\u00e9" }) {
			byte[] utf8 = ("{\"" + name + "\":1}").getBytes(StandardCharsets.UTF_8);
			boolean jacksonRejects;
			try {
				jackson.parse(utf8, 0, utf8.length);
				jacksonRejects = false;
			}
			catch (ProtocolException ex) {
				jacksonRejects = true;
				rejected.add(name);
			}
			if (jacksonRejects) {
				assertThatExceptionOfType(ProtocolException.class).as(name)
					.isThrownBy(() -> ours.parse(utf8, 0, utf8.length));
			}
			else {
				assertThat(ours.parse(utf8, 0, utf8.length)).as(name).isEqualTo(jackson.parse(utf8, 0, utf8.length));
			}
		}
		assertThat(rejected).as("names over 8 UTF-8 bytes")
			.containsExactly("\u00e9\u00e9\u00e9\u00e9a", "\u20ac\u20ac\u20ac", "\ud83d\ude00\ud83d\ude00a");
	}

	@Test
	void shortTextsWithEveryStoppingByteAtEveryPlaceReadAsTheMapperDoes() {
		// the fast path sees 8 bytes at once, twice at most: every length around and
		// past them, every byte that must stop it at every place, and texts that end the
		// input early
		String[] stops = { "\\\"", "\\\\", "\\n", "\\u0041", "\u0000", "\u0001", "\u001f", " ", "~", "\u007f", "\u00e9",
				"\u20ac", "\ud83d\ude00" };
		for (int length = 0; length <= 20; length++) {
			String plain = "abcdefghijklmnopqrst".substring(0, length);
			List<String> texts = new ArrayList<>();
			texts.add(plain);
			for (int at = 0; at <= length; at++) {
				for (String stop : stops) {
					texts.add(plain.substring(0, at) + stop + plain.substring(at));
				}
			}
			for (String text : texts) {
				for (String json : new String[] { "{\"" + text + "\":1}", "{\"" + text + "\":1,\"zz\":[2]}",
						"{\"t\":\"" + text + "\"}",
						"{\"t\":\"" + text + "\",\"p\":{\"" + text + "\":\"" + text + "\"}}", "{\"" + text + "\"",
						"{\"t\":\"" + text }) {
					// twice: the second read may find the text in its table
					sameAsJackson(json.getBytes(StandardCharsets.UTF_8));
					sameAsJackson(json.getBytes(StandardCharsets.UTF_8));
				}
			}
		}
	}

	@Test
	void envelopeNamesAreTheEnvelopeReadersOwnConstants() {
		// each name read in the middle of a message (one eight-byte read) and as the
		// last name (a name of up to three bytes is then too close to the end for that
		// read and is read byte by byte): the same constant either way
		for (String name : EnvelopeFields.NAMES) {
			for (String text : new String[] { "{\"" + name + "\":1,\"zzzzzzzz\":2}",
					"{\"zz\":1,\"" + name + "\":2}" }) {
				List<String> names = new ArrayList<>(parse(this.ours, text).propertyNames());
				assertThat(names).as(text).contains(name);
				assertThat(names.get(names.indexOf(name))).as(text).isSameAs(name);
			}
		}
	}

	@Test
	void aNameIsTheSameStringWhicheverWayItWasFound() {
		// 1 to 20 bytes: as the first name, with 16 bytes or more behind its start
		// (eight-
		// byte reads), and as the last one, with fewer (byte by byte), in either order
		for (int length = 1; length <= 20; length++) {
			String name = "abcdefghijklmnopqrst".substring(0, length);
			String ahead = "{\"" + name + "\":1,\"zzzzzzzzzzzzzzzz\":2}";
			String last = "{\"zz\":1,\"" + name + "\":2}";
			JsonObjectParser parser = new JsonObjectParser(this.mapper, DEPTH);
			String first = parse(parser, ahead).propertyNames().iterator().next();
			assertThat(new ArrayList<>(parse(parser, last).propertyNames()).get(1)).as(name).isSameAs(first);
			parser = new JsonObjectParser(this.mapper, DEPTH);
			String second = new ArrayList<>(parse(parser, last).propertyNames()).get(1);
			String again = parse(parser, ahead).propertyNames().iterator().next();
			assertThat(again).as(name).isEqualTo(name).isSameAs(second);
		}
	}

	@Test
	void aNameCutOffByTheEndOfTheGivenRangeIsNotReadPastIt() {
		// the closing quote lies just past the range: the text ends inside the name
		for (String name : new String[] { "abc", "abcdefg", "abcdefgh", "abcdefghijk" }) {
			byte[] bytes = ("xx{\"" + name + "\":1}").getBytes(StandardCharsets.US_ASCII);
			int length = 2 + name.length();
			assertThatExceptionOfType(ProtocolException.class).as(name)
				.isThrownBy(() -> this.jackson.parse(bytes, 2, length));
			assertThatExceptionOfType(ProtocolException.class).as(name)
				.isThrownBy(() -> this.ours.parse(bytes, 2, length));
			assertThat(this.ours.parse(bytes, 2, bytes.length - 2)).as(name)
				.isEqualTo(this.jackson.parse(bytes, 2, bytes.length - 2));
		}
	}

	@Test
	void namesUnderEightBytesAreCappedAsTheMappersParserCapsThem() {
		JsonMapper capped = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxNameLength(4).build())
				.build())
			.build();
		JsonObjectParser ours = new JsonObjectParser(capped, DEPTH);
		JsonObjectParser jackson = JsonObjectParser.withMapperOnly(capped, DEPTH);
		for (int length = 2; length <= 7; length++) {
			String text = "{\"" + "n".repeat(length) + "\":1,\"zzzz\":2}";
			for (int pass = 0; pass < 2; pass++) {
				readAsCapped(ours, jackson, text, length <= 4);
			}
		}
	}

	/**
	 * Both parsers read the text alike when it is within the mapper's caps; otherwise
	 * both refuse it, ours with the over-limit message.
	 */
	private static void readAsCapped(JsonObjectParser ours, JsonObjectParser jackson, String text, boolean withinCaps) {
		byte[] utf8 = text.getBytes(StandardCharsets.US_ASCII);
		if (withinCaps) {
			assertThat(ours.parse(utf8, 0, utf8.length)).as(text).isEqualTo(jackson.parse(utf8, 0, utf8.length));
			return;
		}
		assertThatExceptionOfType(ProtocolException.class).as(text)
			.isThrownBy(() -> jackson.parse(utf8, 0, utf8.length));
		assertThatExceptionOfType(ProtocolException.class).as(text)
			.isThrownBy(() -> ours.parse(utf8, 0, utf8.length))
			.withMessage("Message exceeds a JSON parser limit");
	}

	@Test
	void namesAndTypesWithTheSameHashStayApart() {
		assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
		for (int pass = 0; pass < 3; pass++) {
			ObjectNode first = parse(this.ours, "{\"t\":\"Aa\",\"Aa\":1,\"BB\":2}");
			ObjectNode second = parse(this.ours, "{\"t\":\"BB\",\"BB\":3,\"Aa\":4}");
			assertThat(first.get("t").stringValue()).isEqualTo("Aa");
			assertThat(second.get("t").stringValue()).isEqualTo("BB");
			assertThat(first.propertyNames()).containsExactly("t", "Aa", "BB");
			assertThat(second.propertyNames()).containsExactly("t", "BB", "Aa");
		}
		for (int length = 30; length <= 34; length++) {
			String word = "w".repeat(length);
			sameAsJackson(("{\"t\":\"" + word + "\",\"" + word + "\":1}").getBytes(StandardCharsets.US_ASCII));
			sameAsJackson(("{\"t\":\"" + word + "\",\"" + word + "\":1}").getBytes(StandardCharsets.US_ASCII));
		}
	}

	@Test
	void mappersThatReadDifferentlyParseThemselves() {
		JsonMapper decimals = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		assertThat(Utf8JsonTreeReader.supports(decimals, DEPTH)).isFalse();
		assertThat(parse(new JsonObjectParser(decimals, DEPTH), "{\"a\":1.5}").get("a"))
			.isInstanceOf(DecimalNode.class);
		JsonMapper comments = JsonMapper
			.builder(JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build())
			.build();
		assertThat(Utf8JsonTreeReader.supports(comments, DEPTH)).isFalse();
		assertThat(parse(new JsonObjectParser(comments, DEPTH), "{\"a\":1 /* c */}").get("a").intValue()).isEqualTo(1);
		JsonMapper strictKeys = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.build();
		assertThat(Utf8JsonTreeReader.supports(strictKeys, DEPTH)).isFalse();
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> parse(new JsonObjectParser(strictKeys, DEPTH), "{\"a\":1,\"a\":2}"));
		assertThat(Utf8JsonTreeReader.supports(this.mapper, DEPTH)).isTrue();
		assertThat(Utf8JsonTreeReader.supports(this.mapper, Utf8JsonTreeReader.MAX_SUPPORTED_DEPTH + 1)).isFalse();
	}

	private static String mutatedTree(Random random) {
		ObjectNode root = JsonMapper.builder().build().createObjectNode();
		root.put("t", RandomInputs.string(random, 12));
		root.set("p", RandomInputs.json(random, 1 + random.nextInt(5)));
		String text = root.toString();
		if (random.nextInt(3) == 0) {
			return text;
		}
		byte[] mutated = RandomInputs.mutate(random, text.getBytes(StandardCharsets.UTF_8));
		// The reader is given valid UTF-8 only: the transports check it first.
		return new String(mutated, StandardCharsets.UTF_8);
	}

	private static ObjectNode parse(JsonObjectParser parser, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return parser.parse(bytes, 0, bytes.length);
	}

	private void sameAsJackson(byte[] utf8) {
		ObjectNode expected = null;
		ProtocolException expectedFailure = null;
		try {
			expected = this.jackson.parse(utf8, 0, utf8.length);
		}
		catch (ProtocolException ex) {
			expectedFailure = ex;
		}
		if (expectedFailure != null) {
			ProtocolException failure = null;
			try {
				ObjectNode read = this.ours.parse(utf8, 0, utf8.length);
				throw new AssertionError("Jackson rejects (" + expectedFailure.getMessage() + ") but we read " + read);
			}
			catch (ProtocolException ex) {
				failure = ex;
			}
			assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
			return;
		}
		ObjectNode actual = this.ours.parse(utf8, 0, utf8.length);
		assertThat(actual).isEqualTo(expected);
		sameNodeClasses(actual, expected, "$");
	}

	private static void sameNodeClasses(JsonNode actual, JsonNode expected, String path) {
		assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
		if (expected.isObject()) {
			Iterator<Map.Entry<String, JsonNode>> ours = actual.properties().iterator();
			for (Map.Entry<String, JsonNode> property : expected.properties()) {
				Map.Entry<String, JsonNode> our = ours.next();
				assertThat(our.getKey()).as(path + " order").isEqualTo(property.getKey());
				sameNodeClasses(our.getValue(), property.getValue(), path + "." + property.getKey());
			}
		}
		else if (expected.isArray()) {
			for (int i = 0; i < expected.size(); i++) {
				sameNodeClasses(actual.get(i), expected.get(i), path + "[" + i + "]");
			}
		}
	}

}
