package dev.wse.engine.filter;

import org.junit.jupiter.api.Test;

import static dev.wse.engine.filter.Json.filter;
import static org.assertj.core.api.Assertions.assertThat;

class MessageFilterCanonicalTests {

	@Test
	void reorderedKeysHaveTheSameCanonicalForm() {
		MessageFilter first = filter("{'b': {'$lt': 10, '$gt': 1}, 'a': 'x', '$or': [{'c': 1}, {'d': 2}]}");
		MessageFilter second = filter("{'$or': [{'d': 2}, {'c': 1}], 'a': 'x', 'b': {'$gt': 1, '$lt': 10}}");
		assertThat(first.canonical()).isEqualTo(second.canonical());
		assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
	}

	@Test
	void canonicalFormIsCompactSortedJsonWithExplicitOperators() {
		assertThat(filter("{'b': {'$lt': 10, '$gt': 1}, 'a': 'x'}").canonical())
			.isEqualTo("{\"a\":{\"$eq\":\"x\"},\"b\":{\"$gt\":1,\"$lt\":10}}");
	}

	@Test
	void implicitAndExplicitEqualityAreTheSameFilter() {
		assertThat(filter("{'a': {'y': 2, 'x': 1}}")).isEqualTo(filter("{'a': {'$eq': {'x': 1, 'y': 2}}}"));
	}

	@Test
	void equalNumbersWrittenDifferentlyAreTheSameFilter() {
		assertThat(filter("{'a': 1}")).isEqualTo(filter("{'a': 1.0}"));
		assertThat(filter("{'a': 100}")).isEqualTo(filter("{'a': 1e2}"));
		assertThat(filter("{'a': 0.5}")).isEqualTo(filter("{'a': 0.50}"));
		assertThat(filter("{'a': 1}")).isNotEqualTo(filter("{'a': '1'}"));
	}

	@Test
	void inValuesAreSortedAndDeduplicated() {
		assertThat(filter("{'a': {'$in': [3, 1, 2, 1.0]}}")).isEqualTo(filter("{'a': {'$in': [1, 2, 3]}}"));
		assertThat(filter("{'a': {'$in': [1, 2]}}")).isNotEqualTo(filter("{'a': {'$nin': [1, 2]}}"));
	}

	@Test
	void regexOptionsAreNormalized() {
		assertThat(filter("{'a': {'$regex': 'x', '$options': 'si'}}"))
			.isEqualTo(filter("{'a': {'$options': 'isi', '$regex': 'x'}}"));
		assertThat(filter("{'a': {'$regex': 'x', '$options': ''}}")).isEqualTo(filter("{'a': {'$regex': 'x'}}"));
		assertThat(filter("{'a': {'$regex': 'x', '$options': 'i'}}")).isNotEqualTo(filter("{'a': {'$regex': 'x'}}"));
	}

	@Test
	void differentFiltersHaveDifferentCanonicalForms() {
		assertThat(filter("{'a': {'$gt': 1}}")).isNotEqualTo(filter("{'a': {'$gte': 1}}"));
		assertThat(filter("{'a': 1}")).isNotEqualTo(filter("{'a': {'$ne': 1}}"));
		assertThat(filter("{'$or': [{'a': 1}, {'b': 1}]}")).isNotEqualTo(filter("{'$and': [{'a': 1}, {'b': 1}]}"));
		assertThat(filter("{'a': {'$eq': {'$gt': 1}}}")).isNotEqualTo(filter("{'a': {'$gt': 1}}"));
	}

	@Test
	void canonicalFormCompilesToAnEqualFilter() {
		MessageFilter original = filter(
				"{'z': {'$regex': '^a', '$options': 'i'}, '$or': [{'n': {'$in': [2, 1]}}, {'s': {'$exists': false}}]}");
		MessageFilter recompiled = MessageFilter.compile(Json.json(original.canonical()));
		assertThat(recompiled).isEqualTo(original);
		assertThat(recompiled.canonical()).isEqualTo(original.canonical());
	}

}
