package dev.wse.engine.filter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixtures: JSON written with single quotes for readability.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static JsonNode json(String singleQuoted) {
		return MAPPER.readTree(singleQuoted.replace('\'', '"'));
	}

	static MessageFilter filter(String singleQuoted) {
		return MessageFilter.compile(json(singleQuoted));
	}

	static boolean matches(String filter, String payload) {
		return filter(filter).matches(json(payload));
	}

}
