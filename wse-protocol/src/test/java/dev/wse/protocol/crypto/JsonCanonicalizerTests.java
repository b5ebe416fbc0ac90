package dev.wse.protocol.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JsonCanonicalizer}: RFC 8785 ordering, escaping and ECMAScript number
 * formatting.
 */
class JsonCanonicalizerTests {

	private final JsonMapper mapper = JsonMapper.shared();

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "0|0", "-0.0|0", "1|1", "-1|-1", "0.1|0.1", "1e21|1e+21",
			"1e20|100000000000000000000", "123456789012345680000|123456789012345680000", "1e-7|1e-7", "1e-6|0.000001",
			"0.000001234|0.000001234", "1.5e-7|1.5e-7", "9007199254740992|9007199254740992",
			"9007199254740993|9007199254740992", "-9007199254740991|-9007199254740991", "5e-324|5e-324",
			"1.7976931348623157e308|1.7976931348623157e+308", "333333333.33333329|333333333.3333333", "1e30|1e+30",
			"4.50|4.5", "2e-3|0.002", "0.000000000000000000000000001|1e-27", "187.42|187.42", "100|100", "1e23|1e+23",
			"2.82879384806159E17|282879384806159000", "1.0E23|1e+23", "5.0E-324|5e-324",
			"2.2250738585072014E-308|2.2250738585072014e-308", "4.940656458412465e-324|5e-324", "123e-20|1.23e-18",
			"0.3|0.3", "0.30000000000000004|0.30000000000000004", "295147905179352830000|295147905179352830000",
			"-1.5e300|-1.5e+300" })
	void formatsNumbersAsEcmaScript(String input, String expected) {
		assertThat(JsonCanonicalizer.formatNumber(Double.parseDouble(input))).isEqualTo(expected);
	}

	@Test
	void shortestDigitsWhereJava17DoubleToStringIsLonger() {
		// Java 17 prints 2.0E-3 fine but some values with extra digits (JDK-4511638)
		assertThat(JsonCanonicalizer.formatNumber(2.82879384806159E17)).isEqualTo("282879384806159000");
		assertThat(JsonCanonicalizer.formatNumber(1.0E-5)).isEqualTo("0.00001");
		assertThat(JsonCanonicalizer.formatNumber(1.0E-7)).isEqualTo("1e-7");
		assertThat(JsonCanonicalizer.formatNumber(Math.pow(2, 60))).isEqualTo("1152921504606847000");
	}

	@Test
	void rejectsNaNAndInfinity() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonCanonicalizer.formatNumber(Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> JsonCanonicalizer.formatNumber(Double.POSITIVE_INFINITY));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonCanonicalizer.canonicalize(JsonNodeFactory.instance.binaryNode(new byte[] { 1 })));
	}

	@Test
	void sortsKeysByUtf16CodeUnitsAndDropsWhitespace() {
		// RFC 8785 section 3.2.3 example of property sorting
		String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
				+ " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
				+ " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
		String canonical = JsonCanonicalizer.canonicalize(this.mapper.readTree(input));
		assertThat(canonical).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
				+ "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
				+ "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
	}

	@Test
	void rfc8785Example() {
		String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
				+ "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}";
		assertThat(JsonCanonicalizer.canonicalize(this.mapper.readTree(input)))
			.isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
					+ "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	}

	@Test
	void escapesControlCharactersAndUnpairedSurrogates() {
		StringBuilder out = new StringBuilder();
		JsonCanonicalizer.writeString("a\u0001\b\t\n\f\r\u001f\"\\\ud800x\udc00\ud83d\ude00", out);
		assertThat(out).hasToString("\"a\\u0001\\b\\t\\n\\f\\r\\u001f\\\"\\\\\\ud800x\\udc00\ud83d\ude00\"");
	}

	@Test
	void nestedStructuresAndIntegers() {
		String canonical = JsonCanonicalizer
			.canonicalize(this.mapper.readTree("{ \"b\" : [ 1 , 2.0 , {\"z\":1,\"a\":-0.0} ], \"a\" : {} , \"c\":[]}"));
		assertThat(canonical).isEqualTo("{\"a\":{},\"b\":[1,2,{\"a\":0,\"z\":1}],\"c\":[]}");
	}

}
