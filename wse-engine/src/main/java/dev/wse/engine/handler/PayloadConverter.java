package dev.wse.engine.handler;

import java.lang.reflect.Type;

import dev.wse.protocol.ErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts payloads between JSON trees and application types with a Jackson 3 mapper.
 */
public final class PayloadConverter {

	private final JsonMapper mapper;

	/**
	 * Create a converter.
	 * @param mapper the mapper (in Spring, Boot's {@code JsonMapper})
	 */
	public PayloadConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Convert a payload to a type.
	 * @param <T> the target type
	 * @param payload the payload
	 * @param type the target class
	 * @return the value
	 * @throws WseException with {@code INVALID_PAYLOAD} when it does not convert
	 */
	public <T> T convert(JsonNode payload, Class<T> type) {
		if (type.isInstance(payload)) {
			return type.cast(payload);
		}
		try {
			return this.mapper.treeToValue(payload, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new WseException(ErrorCode.INVALID_PAYLOAD.name(), "Payload does not match " + type.getSimpleName());
		}
	}

	/**
	 * Convert a payload to a generic type.
	 * @param payload the payload
	 * @param type the target type
	 * @return the value
	 */
	public Object convert(JsonNode payload, Type type) {
		if (type instanceof Class<?> cls) {
			return convert(payload, cls);
		}
		try {
			return this.mapper.treeToValue(payload, this.mapper.constructType(type));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new WseException(ErrorCode.INVALID_PAYLOAD.name(), "Payload does not match " + type.getTypeName());
		}
	}

	/**
	 * Convert an application value to a JSON tree.
	 * @param value the value ({@code null} gives an empty object)
	 * @return the tree
	 */
	public JsonNode toTree(@org.jspecify.annotations.Nullable Object value) {
		if (value == null) {
			return this.mapper.createObjectNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		return this.mapper.valueToTree(value);
	}

	/**
	 * Return the mapper.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

}
