package dev.wse.engine.filter;

import org.junit.jupiter.api.Test;

import static dev.wse.engine.filter.Json.filter;
import static dev.wse.engine.filter.Json.json;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InvalidFilterTests {

	private static final FilterLimits SMALL = new FilterLimits(2, 3, 10, 2);

	@Test
	void nonObjectFilterIsRejected() {
		assertRejected("['a']", "must be a JSON object, got array");
		assertRejected("'status'", "must be a JSON object, got string");
		assertRejected("null", "must be a JSON object, got null");
		assertRejected("{'$or': [{'a': 1}, 7]}", "at '$or[1]': a filter must be a JSON object, got number");
	}

	@Test
	void unknownOperatorIsRejected() {
		assertRejected("{'a': {'$foo': 1}}", "at 'a.$foo': unknown operator '$foo'");
		assertRejected("{'$nor': [{'a': 1}]}", "at '$nor': unknown operator '$nor'");
		assertRejected("{'$or': [{'a': {'$gt': 1, '$like': 'x'}}]}", "at '$or[0].a.$like': unknown operator '$like'");
	}

	@Test
	void operatorsMixedWithPlainPropertiesAreRejected() {
		assertRejected("{'a': {'$gt': 1, 'b': 2}}", "at 'a': cannot mix operators and plain property 'b'");
	}

	@Test
	void badOperandTypesAreRejected() {
		assertRejected("{'a': {'$in': 'x'}}", "at 'a.$in': expects an array, got string");
		assertRejected("{'a': {'$nin': {'x': 1}}}", "at 'a.$nin': expects an array, got object");
		assertRejected("{'a': {'$regex': 5}}", "at 'a.$regex': expects a string, got number");
		assertRejected("{'a': {'$exists': 'yes'}}", "at 'a.$exists': expects a boolean, got string");
		assertRejected("{'a': {'$gt': true}}", "at 'a.$gt': expects a number or a string, got boolean");
		assertRejected("{'a': {'$lte': [1]}}", "at 'a.$lte': expects a number or a string, got array");
		assertRejected("{'a': {'$startswith': 1}}", "at 'a.$startswith': expects a string, got number");
		assertRejected("{'a': {'$endswith': null}}", "at 'a.$endswith': expects a string, got null");
		assertRejected("{'a': {'$regex': 'x', '$options': 1}}", "at 'a.$options': expects a string, got number");
		assertRejected("{'$and': {'a': 1}}", "at '$and': expects a non-empty array of filter objects, got object");
	}

	@Test
	void emptyLogicalArraysAreRejected() {
		assertRejected("{'$or': []}", "at '$or': expects a non-empty array of filter objects, got an empty array");
		assertRejected("{'$and': []}", "at '$and': expects a non-empty array");
	}

	@Test
	void badRegexOptionsAreRejected() {
		assertRejected("{'a': {'$regex': 'x', '$options': 'ix'}}", "$options may only contain the letters i, m and s");
		assertRejected("{'a': {'$options': 'i'}}", "at 'a.$options': $options requires $regex");
		assertRejected("{'a': {'$eq': 'x', '$options': 'i'}}", "at 'a.$options': $options requires $regex");
	}

	@Test
	void invalidRegexIsRejected() {
		assertRejected("{'a': {'$regex': '[a-'}}", "at 'a.$regex': $regex is not a valid RE2 pattern");
		assertRejected("{'a': {'$regex': '(a'}}", "$regex is not a valid RE2 pattern");
		// backreferences need backtracking, which RE2 does not do
		assertRejected("{'a': {'$regex': '(a)\\\\1'}}", "$regex is not a valid RE2 pattern");
	}

	@Test
	void tooLongRegexIsRejected() {
		assertRejected("{'a': {'$regex': '" + "a".repeat(257) + "'}}",
				"at 'a.$regex': $regex is 257 characters long, more than the limit of 256");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> MessageFilter.compile(json("{'a': {'$regex': 'abcdefghijk'}}"), SMALL))
			.withMessageContaining("more than the limit of 10");
	}

	@Test
	void regexThatExpandsTooMuchIsRejectedWithoutCompilingIt() {
		assertRejected("{'a': {'$regex': '((a{1000}){1000}){1000}'}}", "at 'a.$regex': $regex is too complex");
		assertRejected("{'a': {'$regex': '(x{1000}){10}'}}", "$regex is too complex");
		// RE2/J accepts these nested repetitions; compiling them would exhaust the heap
		assertRejected("{'a': {'$regex': 'a{1000}(?i){1000}(?i){1000}'}}", "$regex is too complex");
		assertRejected("{'a': {'$regex': 'a{1000}\\\\Q\\\\E{1000}\\\\Q\\\\E{1000}'}}", "$regex is too complex");
		assertRejected("{'a': {'$regex': '[E-[:a:]((a{1000}){1000}){1000}]'}}", "$regex is too complex");
	}

	@Test
	void tooDeepFilterIsRejected() {
		String nested = "{'a': 1}";
		for (int i = 0; i < 8; i++) {
			nested = "{'$and': [" + nested + "]}";
		}
		assertRejected(nested, "filter is nested deeper than the limit of 8 levels");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> MessageFilter.compile(json("{'$or': [{'$and': [{'a': 1}]}]}"), SMALL))
			.withMessage("Invalid filter at '$or[0].$and[0]': filter is nested deeper than the limit of 2 levels");
	}

	@Test
	void tooDeepOperandIsRejected() {
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> MessageFilter.compile(json("{'a': {'b': {'c': {'d': 1}}}}"), SMALL))
			.withMessage("Invalid filter at 'a': value is nested deeper than the limit of 2 levels");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> MessageFilter.compile(json("{'a': {'$in': [[[[1]]]]}}"), SMALL))
			.withMessageContaining("at 'a.$in': value is nested deeper");
	}

	@Test
	void tooManyConditionsAreRejected() {
		StringBuilder spec = new StringBuilder("{");
		for (int i = 0; i <= 64; i++) {
			spec.append(i > 0 ? ", " : "").append("'f").append(i).append("': ").append(i);
		}
		assertRejected(spec.append('}').toString(), "filter has more than the limit of 64 conditions");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> MessageFilter.compile(json("{'a': {'$gt': 1, '$lt': 5}, '$or': [{'b': 1}]}"), SMALL))
			.withMessageContaining("more than the limit of 3 conditions");
	}

	@Test
	void tooManyInValuesAreRejected() {
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> MessageFilter.compile(json("{'a': {'$nin': [1, 2, 3]}}"), SMALL))
			.withMessage("Invalid filter at 'a.$nin': has 3 values, more than the limit of 2");
	}

	@Test
	void malformedFieldPathsAreRejected() {
		assertRejected("{'a..b': 1}", "at 'a..b': field path has an empty segment");
		assertRejected("{'': 1}", "field path has an empty segment");
		assertRejected("{'a.': 1}", "field path has an empty segment");
	}

	@Test
	void nonPositiveLimitsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FilterLimits(0, 1, 1, 1))
			.withMessage("maxDepth must be positive, was 0");
	}

	private static void assertRejected(String spec, String message) {
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> filter(spec))
			.withMessageStartingWith("Invalid filter")
			.withMessageContaining(message);
	}

}
