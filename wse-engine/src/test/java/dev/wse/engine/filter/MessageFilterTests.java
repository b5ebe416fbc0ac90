package dev.wse.engine.filter;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static dev.wse.engine.filter.Json.filter;
import static dev.wse.engine.filter.Json.json;
import static dev.wse.engine.filter.Json.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MessageFilterTests {

	@Test
	void literalMeansImplicitEquality() {
		assertThat(matches("{'status': 'open'}", "{'status': 'open', 'id': 1}")).isTrue();
		assertThat(matches("{'status': 'open'}", "{'status': 'closed'}")).isFalse();
		assertThat(matches("{'user': {'id': 1, 'tier': 'gold'}}", "{'user': {'tier': 'gold', 'id': 1.0}}")).isTrue();
		assertThat(matches("{'user': {'id': 1}}", "{'user': {'id': 1, 'tier': 'gold'}}")).isFalse();
	}

	@Test
	void emptyFilterMatchesEveryPayload() {
		assertThat(matches("{}", "{'a': 1}")).isTrue();
		assertThat(matches("{}", "42")).isTrue();
	}

	@Test
	void eqMatchesEqualValuesAndArrayElements() {
		assertThat(matches("{'n': {'$eq': 5}}", "{'n': 5}")).isTrue();
		assertThat(matches("{'n': {'$eq': 5}}", "{'n': 6}")).isFalse();
		assertThat(matches("{'n': {'$eq': 5}}", "{'n': '5'}")).isFalse();
		assertThat(matches("{'tags': 'red'}", "{'tags': ['blue', 'red']}")).isTrue();
		assertThat(matches("{'tags': 'red'}", "{'tags': ['blue']}")).isFalse();
		assertThat(matches("{'tags': ['blue', 'red']}", "{'tags': ['blue', 'red']}")).isTrue();
		assertThat(matches("{'tags': ['red', 'blue']}", "{'tags': ['blue', 'red']}")).isFalse();
	}

	@Test
	void neMatchesDifferentAndAbsentValues() {
		assertThat(matches("{'n': {'$ne': 5}}", "{'n': 6}")).isTrue();
		assertThat(matches("{'n': {'$ne': 5}}", "{'n': 5}")).isFalse();
		assertThat(matches("{'n': {'$ne': 5}}", "{'other': 5}")).isTrue();
		assertThat(matches("{'tags': {'$ne': 'red'}}", "{'tags': ['blue', 'red']}")).isFalse();
	}

	@Test
	void nullOperandMatchesNullOrAbsentField() {
		assertThat(matches("{'a': null}", "{'a': null}")).isTrue();
		assertThat(matches("{'a': null}", "{}")).isTrue();
		assertThat(matches("{'a': null}", "{'a': 0}")).isFalse();
		assertThat(matches("{'a': {'$ne': null}}", "{'a': 0}")).isTrue();
		assertThat(matches("{'a': {'$ne': null}}", "{}")).isFalse();
	}

	@Test
	void orderingOperatorsCompareNumbers() {
		assertThat(matches("{'n': {'$gt': 5}}", "{'n': 6}")).isTrue();
		assertThat(matches("{'n': {'$gt': 5}}", "{'n': 5}")).isFalse();
		assertThat(matches("{'n': {'$gte': 5}}", "{'n': 5}")).isTrue();
		assertThat(matches("{'n': {'$gte': 5}}", "{'n': 4}")).isFalse();
		assertThat(matches("{'n': {'$lt': 5}}", "{'n': 4}")).isTrue();
		assertThat(matches("{'n': {'$lt': 5}}", "{'n': 5}")).isFalse();
		assertThat(matches("{'n': {'$lte': 5}}", "{'n': 5}")).isTrue();
		assertThat(matches("{'n': {'$lte': 5}}", "{'n': 6}")).isFalse();
		assertThat(matches("{'n': {'$gt': 1, '$lt': 10}}", "{'n': 3}")).isTrue();
		assertThat(matches("{'n': {'$gt': 1, '$lt': 10}}", "{'n': 30}")).isFalse();
	}

	@Test
	void integersAndFloatsCompareNumerically() {
		assertThat(matches("{'n': {'$gt': 5}}", "{'n': 5.5}")).isTrue();
		assertThat(matches("{'n': {'$lt': 5.5}}", "{'n': 5}")).isTrue();
		assertThat(matches("{'n': 5}", "{'n': 5.0}")).isTrue();
		assertThat(matches("{'n': {'$gte': 0.1}}", "{'n': 0.1}")).isTrue();
		assertThat(matches("{'n': {'$gt': 9007199254740992}}", "{'n': 9007199254740993}")).isTrue();
		assertThat(matches("{'n': {'$lt': 1e300}}", "{'n': 123456789012345678901234567890}")).isTrue();
		assertThat(matches("{'n': {'$gt': -1}}", "{'n': -0.0}")).isTrue();
		assertThat(matches("{'n': 0}", "{'n': -0.0}")).isTrue();
	}

	@Test
	void orderingOperatorsCompareStringsLexicographically() {
		assertThat(matches("{'s': {'$gt': 'apple'}}", "{'s': 'banana'}")).isTrue();
		assertThat(matches("{'s': {'$gt': 'banana'}}", "{'s': 'apple'}")).isFalse();
		assertThat(matches("{'s': {'$lte': 'b'}}", "{'s': 'abc'}")).isTrue();
	}

	@Test
	void mismatchedTypesNeverCompare() {
		assertThat(matches("{'n': {'$gt': 5}}", "{'n': '6'}")).isFalse();
		assertThat(matches("{'n': {'$lt': 5}}", "{'n': '4'}")).isFalse();
		assertThat(matches("{'s': {'$gt': 'a'}}", "{'s': 1}")).isFalse();
		assertThat(matches("{'n': {'$gte': 0}}", "{'n': true}")).isFalse();
		assertThat(matches("{'n': {'$gte': 0}}", "{'n': null}")).isFalse();
		assertThat(matches("{'n': {'$gte': 0}}", "{'n': [1, 2]}")).isFalse();
		assertThat(matches("{'n': {'$gte': 0}}", "{}")).isFalse();
		assertThat(matches("{'n': 1}", "{'n': true}")).isFalse();
	}

	@Test
	void inAndNinTestMembership() {
		assertThat(matches("{'c': {'$in': ['red', 'green']}}", "{'c': 'green'}")).isTrue();
		assertThat(matches("{'c': {'$in': ['red', 'green']}}", "{'c': 'blue'}")).isFalse();
		assertThat(matches("{'c': {'$in': [1, 2]}}", "{'c': 2.0}")).isTrue();
		assertThat(matches("{'c': {'$in': ['red']}}", "{'c': ['blue', 'red']}")).isTrue();
		assertThat(matches("{'c': {'$in': []}}", "{'c': 'red'}")).isFalse();
		assertThat(matches("{'c': {'$nin': ['red', 'green']}}", "{'c': 'blue'}")).isTrue();
		assertThat(matches("{'c': {'$nin': ['red', 'green']}}", "{'c': 'red'}")).isFalse();
		assertThat(matches("{'c': {'$nin': ['red']}}", "{}")).isTrue();
		assertThat(matches("{'c': {'$in': [null]}}", "{}")).isTrue();
	}

	@Test
	void existsTestsPresence() {
		assertThat(matches("{'a': {'$exists': true}}", "{'a': 0}")).isTrue();
		assertThat(matches("{'a': {'$exists': true}}", "{'a': null}")).isTrue();
		assertThat(matches("{'a': {'$exists': true}}", "{'b': 0}")).isFalse();
		assertThat(matches("{'a': {'$exists': false}}", "{'b': 0}")).isTrue();
		assertThat(matches("{'a': {'$exists': false}}", "{'a': 0}")).isFalse();
		assertThat(matches("{'a.b': {'$exists': false}}", "{'a': 'scalar'}")).isTrue();
	}

	@Test
	void containsFindsSubstringsAndArrayElements() {
		assertThat(matches("{'t': {'$contains': 'ell'}}", "{'t': 'hello'}")).isTrue();
		assertThat(matches("{'t': {'$contains': 'xyz'}}", "{'t': 'hello'}")).isFalse();
		assertThat(matches("{'t': {'$contains': 'red'}}", "{'t': ['red', 'blue']}")).isTrue();
		assertThat(matches("{'t': {'$contains': 're'}}", "{'t': ['red', 'blue']}")).isFalse();
		assertThat(matches("{'t': {'$contains': {'id': 2}}}", "{'t': [{'id': 1}, {'id': 2.0}]}")).isTrue();
		assertThat(matches("{'t': {'$contains': 1}}", "{'t': '1'}")).isFalse();
		assertThat(matches("{'t': {'$contains': 'a'}}", "{'t': {'a': 1}}")).isFalse();
	}

	@Test
	void startsWithAndEndsWithTestStrings() {
		assertThat(matches("{'s': {'$startswith': 'he'}}", "{'s': 'hello'}")).isTrue();
		assertThat(matches("{'s': {'$startswith': 'lo'}}", "{'s': 'hello'}")).isFalse();
		assertThat(matches("{'s': {'$endswith': 'lo'}}", "{'s': 'hello'}")).isTrue();
		assertThat(matches("{'s': {'$endswith': 'he'}}", "{'s': 'hello'}")).isFalse();
		assertThat(matches("{'s': {'$startswith': '1'}}", "{'s': 123}")).isFalse();
		assertThat(matches("{'s': {'$endswith': 'x'}}", "{'s': ['x']}")).isFalse();
	}

	@Test
	void regexFindsAMatchAnywhereInStrings() {
		assertThat(matches("{'s': {'$regex': 'l+o'}}", "{'s': 'hello world'}")).isTrue();
		assertThat(matches("{'s': {'$regex': '^world'}}", "{'s': 'hello world'}")).isFalse();
		assertThat(matches("{'s': {'$regex': '^h.*d$'}}", "{'s': 'hello world'}")).isTrue();
		assertThat(matches("{'s': {'$regex': 'HELLO'}}", "{'s': 'hello'}")).isFalse();
		assertThat(matches("{'s': {'$regex': '1'}}", "{'s': 1}")).isFalse();
	}

	@Test
	void regexWithOptionIIgnoresCase() {
		assertThat(matches("{'s': {'$regex': 'HELLO', '$options': 'i'}}", "{'s': 'Hello there'}")).isTrue();
		assertThat(matches("{'s': {'$regex': 'HELLO', '$options': 'i'}}", "{'s': 'Goodbye'}")).isFalse();
		assertThat(matches("{'s': {'$regex': 'straße', '$options': 'i'}}", "{'s': 'STRASSE oder STRAẞE'}")).isTrue();
	}

	@Test
	void catastrophicRegexFinishesInLinearTime() {
		MessageFilter filter = filter("{'s': {'$regex': '(a+)+$'}}");
		JsonNode payload = JsonNodeFactory.instance.objectNode().put("s", "a".repeat(50_000) + "b");
		boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> filter.matches(payload));
		assertThat(matched).isFalse();
	}

	@Test
	void dotPathsReachIntoNestedObjectsAndArrays() {
		String payload = "{'user': {'address': {'city': 'Oslo'}}, 'items': [{'sku': 'A1'}, {'sku': 'B2'}]}";
		assertThat(matches("{'user.address.city': 'Oslo'}", payload)).isTrue();
		assertThat(matches("{'user.address.city': 'Bergen'}", payload)).isFalse();
		assertThat(matches("{'items.0.sku': 'A1'}", payload)).isTrue();
		assertThat(matches("{'items.1.sku': {'$startswith': 'B'}}", payload)).isTrue();
		assertThat(matches("{'items.2.sku': {'$exists': true}}", payload)).isFalse();
		assertThat(matches("{'items.sku': {'$exists': true}}", payload)).isFalse();
		assertThat(matches("{'user.address.city.name': {'$exists': true}}", payload)).isFalse();
		assertThat(matches("{'items.0': {'sku': 'A1'}}", payload)).isTrue();
	}

	@Test
	void numericSegmentsAlsoNameObjectProperties() {
		assertThat(matches("{'byId.42': 'x'}", "{'byId': {'42': 'x'}}")).isTrue();
	}

	@Test
	void andRequiresEveryMember() {
		String filter = "{'$and': [{'n': {'$gt': 1}}, {'n': {'$lt': 10}}]}";
		assertThat(matches(filter, "{'n': 5}")).isTrue();
		assertThat(matches(filter, "{'n': 50}")).isFalse();
	}

	@Test
	void orRequiresAnyMember() {
		String filter = "{'$or': [{'kind': 'alert'}, {'severity': {'$gte': 3}}]}";
		assertThat(matches(filter, "{'kind': 'alert', 'severity': 1}")).isTrue();
		assertThat(matches(filter, "{'kind': 'info', 'severity': 4}")).isTrue();
		assertThat(matches(filter, "{'kind': 'info', 'severity': 1}")).isFalse();
	}

	@Test
	void logicalOperatorsNestAndCombineWithFields() {
		String filter = "{'region': 'eu', '$or': [{'$and': [{'a': 1}, {'b': 2}]}, {'c': {'$in': [3, 4]}}]}";
		assertThat(matches(filter, "{'region': 'eu', 'a': 1, 'b': 2}")).isTrue();
		assertThat(matches(filter, "{'region': 'eu', 'c': 4}")).isTrue();
		assertThat(matches(filter, "{'region': 'eu', 'a': 1, 'b': 3}")).isFalse();
		assertThat(matches(filter, "{'region': 'us', 'a': 1, 'b': 2}")).isFalse();
	}

	@Test
	void changingTheSpecificationAfterCompilingDoesNotChangeTheFilter() {
		JsonNode spec = json("{'user': {'$eq': {'id': 1}}, 'tags': {'$in': [['a']]}}");
		MessageFilter filter = MessageFilter.compile(spec);
		String canonical = filter.canonical();
		((ObjectNode) spec.get("user").get("$eq")).put("id", 2);
		((ArrayNode) spec.get("tags").get("$in").get(0)).add("b");
		assertThat(filter.canonical()).isEqualTo(canonical);
		assertThat(filter.matches(json("{'user': {'id': 1}, 'tags': ['a']}"))).isTrue();
	}

	@Test
	void evaluationNeverThrowsWhateverThePayload() {
		List<MessageFilter> filters = List.of(filter("{'a.b.0.c': 1}"), filter("{'a': {'$gt': 1, '$lt': 'z'}}"),
				filter("{'a': {'$in': [1, 'x', null, [1], {'k': 1}]}}"), filter("{'a': {'$contains': {'k': [1]}}}"),
				filter("{'a': {'$regex': 'x', '$startswith': 'x', '$endswith': 'x'}}"),
				filter("{'a': {'$ne': {'k': 1}}, 'b': {'$exists': false}}"), filter("{'$or': [{'a': 1}, {'a.0': 2}]}"));
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		List<JsonNode> payloads = List.of(json("null"), json("1"), json("'text'"), json("[1, 2]"), json("{}"),
				json("{'a': null}"), json("{'a': [[[]]], 'b': {}}"), json("{'a': {'b': 'scalar'}}"),
				json("{'a': {'b': [{'c': null}]}}"), json("{'a': 1e400}"), nodes.missingNode(),
				nodes.objectNode().put("a", Double.NaN), nodes.objectNode().put("a", Double.POSITIVE_INFINITY),
				nodes.objectNode().put("a", Float.NaN), nodes.objectNode().set("a", nodes.binaryNode(new byte[] { 1 })),
				nodes.objectNode().set("a", nodes.pojoNode(new Object())));
		for (MessageFilter filter : filters) {
			for (JsonNode payload : payloads) {
				assertThatCode(() -> filter.matches(payload)).as("%s on %s", filter, payload)
					.doesNotThrowAnyException();
			}
		}
	}

	@Test
	void nanNeverComparesAndInfinityOrdersBeyondAllNumbers() {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		assertThat(filter("{'a': {'$gt': 0}}").matches(nodes.objectNode().put("a", Double.NaN))).isFalse();
		assertThat(filter("{'a': {'$lte': 0}}").matches(nodes.objectNode().put("a", Double.NaN))).isFalse();
		assertThat(filter("{'a': {'$gt': 1e300}}").matches(nodes.objectNode().put("a", Double.POSITIVE_INFINITY)))
			.isTrue();
		assertThat(filter("{'a': {'$lt': -5}}").matches(nodes.objectNode().put("a", Float.NEGATIVE_INFINITY))).isTrue();
	}

}
