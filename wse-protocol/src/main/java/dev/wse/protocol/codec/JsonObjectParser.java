package dev.wse.protocol.codec;

import java.util.function.Function;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses the JSON text of a message into an object tree: strips a legacy category prefix,
 * caps the nesting depth and rejects anything that is not exactly one JSON object.
 * <p>
 * UTF-8 bytes (what the transports hand over) are read by {@link Utf8JsonTreeReader} when
 * the mapper reads JSON as Jackson does by default, and by the mapper otherwise; text
 * given as a string is always read by the mapper.
 */
final class JsonObjectParser {

	private final JsonMapper mapper;

	private final JsonFactory factory;

	private final int maxDepth;

	private final @Nullable Utf8JsonTreeReader utf8Reader;

	JsonObjectParser(JsonMapper mapper, int maxDepth) {
		this(mapper, maxDepth, Utf8JsonTreeReader.supports(mapper, maxDepth));
	}

	private JsonObjectParser(JsonMapper mapper, int maxDepth, boolean readUtf8Itself) {
		this.mapper = mapper;
		this.maxDepth = maxDepth;
		StreamReadConstraints constraints = mapper.tokenStreamFactory()
			.streamReadConstraints()
			.rebuild()
			.maxNestingDepth(maxDepth)
			.build();
		// Parsers are made per message on I/O threads: buffers recycled per thread cost
		// less than the shared pool's concurrent deque.
		this.factory = mapper.tokenStreamFactory()
			.rebuild()
			.streamReadConstraints(constraints)
			.recyclerPool(JsonRecyclerPools.threadLocalPool())
			.build();
		this.utf8Reader = readUtf8Itself ? new Utf8JsonTreeReader(mapper, maxDepth) : null;
	}

	/**
	 * Create a parser that always lets the mapper parse, to compare with.
	 * @param mapper the mapper
	 * @param maxDepth the nesting depth cap
	 * @return the parser
	 */
	static JsonObjectParser withMapperOnly(JsonMapper mapper, int maxDepth) {
		return new JsonObjectParser(mapper, maxDepth, false);
	}

	/**
	 * Parse message text, optionally prefixed with {@code WSE}, {@code S} or {@code U}.
	 * @param text the text
	 * @return the object
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for anything but one JSON
	 * object
	 */
	ObjectNode parse(String text) {
		int start = jsonStart(text);
		return read((factory) -> factory.createParser(ObjectReadContext.empty(), text.substring(start)));
	}

	/**
	 * Parse message text given as UTF-8 bytes, optionally prefixed with {@code WSE},
	 * {@code S} or {@code U}; the bytes are parsed as they are, without making a string.
	 * @param utf8 the bytes
	 * @param offset where the text starts
	 * @param length the length of the text
	 * @return the object
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for anything but one JSON
	 * object
	 */
	ObjectNode parse(byte[] utf8, int offset, int length) {
		int start = jsonStart(utf8, offset, length);
		if (this.utf8Reader != null) {
			return this.utf8Reader.read(utf8, offset + start, length - start);
		}
		return read((factory) -> factory.createParser(ObjectReadContext.empty(), utf8, offset + start, length - start));
	}

	/**
	 * Parse message text given as UTF-8 bytes as {@link #parse(byte[], int, int)} does,
	 * into the properties of the top-level object.
	 * @param utf8 the bytes
	 * @param offset where the text starts
	 * @param length the length of the text
	 * @return the properties
	 * @throws ProtocolException as {@link #parse(byte[], int, int)} does
	 */
	TopLevelProperties parseTopLevel(byte[] utf8, int offset, int length) {
		if (this.utf8Reader != null) {
			int start = jsonStart(utf8, offset, length);
			return this.utf8Reader.readTopLevel(utf8, offset + start, length - start);
		}
		return TopLevelProperties.of(parse(utf8, offset, length));
	}

	private ObjectNode read(Function<JsonFactory, JsonParser> open) {
		try (JsonParser parser = open.apply(this.factory)) {
			return readObject(parser);
		}
		catch (StreamConstraintsException ex) {
			throw tooDeepOrTooLong(ex);
		}
		catch (JacksonException ex) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Malformed JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private ObjectNode readObject(JsonParser parser) {
		JsonNode node = this.mapper.readTree(parser);
		if (node == null || !node.isObject()) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message is not a JSON object");
		}
		if (parser.nextToken() != null) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Trailing content after the JSON object");
		}
		return (ObjectNode) node;
	}

	private ProtocolException tooDeepOrTooLong(StreamConstraintsException ex) {
		String message = ex.getOriginalMessage();
		if (message != null && message.contains("nesting depth")) {
			return new ProtocolException(ErrorCode.INVALID_MESSAGE,
					"Message is nested deeper than " + this.maxDepth + " levels", ex);
		}
		return new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message exceeds a JSON parser limit", ex);
	}

	private static int jsonStart(byte[] utf8, int offset, int length) {
		int start;
		if (length >= 4 && utf8[offset] == 'W' && utf8[offset + 1] == 'S' && utf8[offset + 2] == 'E'
				&& utf8[offset + 3] == '{') {
			start = 3;
		}
		else if (length >= 2 && (utf8[offset] == 'S' || utf8[offset] == 'U') && utf8[offset + 1] == '{') {
			start = 1;
		}
		else {
			start = 0;
		}
		if (start >= length || utf8[offset + start] != '{') {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message is not a JSON object");
		}
		// A NUL is never part of JSON text; near the start it would make Jackson read the
		// bytes as UTF-16 or UTF-32 instead of UTF-8.
		for (int i = offset + start + 1; i < Math.min(offset + length, offset + start + 4); i++) {
			if (utf8[i] == 0) {
				throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Malformed JSON: a NUL character");
			}
		}
		return start;
	}

	private static int jsonStart(String text) {
		int start;
		if (text.startsWith("WSE{")) {
			start = 3;
		}
		else if (text.startsWith("S{") || text.startsWith("U{")) {
			start = 1;
		}
		else {
			start = 0;
		}
		if (start >= text.length() || text.charAt(start) != '{') {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message is not a JSON object");
		}
		return start;
	}

}
