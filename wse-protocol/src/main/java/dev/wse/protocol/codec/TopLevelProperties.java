package dev.wse.protocol.codec;

import java.util.Arrays;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The properties of a message's top-level object, in order, as an object node would keep
 * them (a repeated name keeps its first place and takes the later value), without the
 * node's hash map: a message has a handful of them, and {@link EnvelopeTreeReader} reads
 * each once.
 */
final class TopLevelProperties {

	private String[] names = new String[8];

	private JsonNode[] values = new JsonNode[8];

	private int size;

	/**
	 * Copy the properties of an object.
	 * @param object the object
	 * @return its properties
	 */
	static TopLevelProperties of(ObjectNode object) {
		TopLevelProperties properties = new TopLevelProperties();
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			properties.append(property.getKey(), property.getValue());
		}
		return properties;
	}

	/**
	 * Set a property: replace the value of a name already there, in its place, or add the
	 * name at the end.
	 * @param name the name
	 * @param value the value
	 */
	void put(String name, JsonNode value) {
		int index = indexOf(name);
		if (index >= 0) {
			this.values[index] = value;
		}
		else {
			append(name, value);
		}
	}

	private void append(String name, JsonNode value) {
		if (this.size == this.names.length) {
			this.names = Arrays.copyOf(this.names, this.size * 2);
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.names[this.size] = name;
		this.values[this.size] = value;
		this.size++;
	}

	/**
	 * The value of a name.
	 * @param name the name
	 * @return its value, or null when there is no such property
	 */
	@Nullable JsonNode get(String name) {
		int index = indexOf(name);
		return (index >= 0) ? this.values[index] : null;
	}

	private int indexOf(String name) {
		for (int i = 0; i < this.size; i++) {
			String candidate = this.names[i];
			// names read from a message are mostly the envelope's own constants (see
			// Utf8JsonTreeReader), found by identity; a String caches its hash, so a
			// different name is usually told apart without comparing characters
			if (candidate == name || (candidate.hashCode() == name.hashCode() && candidate.equals(name))) {
				return i;
			}
		}
		return -1;
	}

	int size() {
		return this.size;
	}

	String name(int index) {
		return this.names[index];
	}

	JsonNode value(int index) {
		return this.values[index];
	}

}
