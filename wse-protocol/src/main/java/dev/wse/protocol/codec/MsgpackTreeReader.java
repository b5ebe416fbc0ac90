package dev.wse.protocol.codec;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HexFormat;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the first MessagePack value of a frame into a JSON tree, with a nesting cap. Map
 * keys that are not strings are stringified; binary and extension values become lowercase
 * hex strings; integers become int or long nodes (big integers above
 * {@code Long.MAX_VALUE}), floats doubles.
 */
final class MsgpackTreeReader {

	private static final HexFormat HEX = HexFormat.of();

	private final JsonNodeFactory nodes;

	private final int maxDepth;

	MsgpackTreeReader(JsonNodeFactory nodes, int maxDepth) {
		this.nodes = nodes;
		this.maxDepth = maxDepth;
	}

	/**
	 * Read a map.
	 * @param bytes the buffer
	 * @param offset where the MessagePack value starts
	 * @param length the number of bytes
	 * @return the map as an object node
	 * @throws ProtocolException with {@code INVALID_MESSAGE} for truncated or malformed
	 * data, a value other than a map, or nesting deeper than the cap
	 */
	ObjectNode readMap(byte[] bytes, int offset, int length) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes, offset, length)) {
			Reading reading = new Reading(unpacker, length);
			if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != ValueType.MAP) {
				throw invalid("MessagePack message is not a map");
			}
			return (ObjectNode) reading.value(0);
		}
		catch (IOException | MessagePackException ex) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Malformed MessagePack: " + ex.getMessage(), ex);
		}
	}

	private static ProtocolException invalid(String message) {
		return new ProtocolException(ErrorCode.INVALID_MESSAGE, message);
	}

	/**
	 * State of one read: the unpacker and the frame length used to reject lengths that
	 * claim more bytes than the frame holds before anything is allocated for them.
	 */
	private final class Reading {

		private final MessageUnpacker unpacker;

		private final int length;

		Reading(MessageUnpacker unpacker, int length) {
			this.unpacker = unpacker;
			this.length = length;
		}

		JsonNode value(int depth) throws IOException {
			MessageFormat format = this.unpacker.getNextFormat();
			return switch (format.getValueType()) {
				case NIL -> {
					this.unpacker.unpackNil();
					yield MsgpackTreeReader.this.nodes.nullNode();
				}
				case BOOLEAN -> MsgpackTreeReader.this.nodes.booleanNode(this.unpacker.unpackBoolean());
				case INTEGER -> integer(format);
				case FLOAT -> MsgpackTreeReader.this.nodes.numberNode(this.unpacker.unpackDouble());
				case STRING -> MsgpackTreeReader.this.nodes.stringNode(string());
				case BINARY ->
					MsgpackTreeReader.this.nodes.stringNode(HEX.formatHex(payload(this.unpacker.unpackBinaryHeader())));
				case EXTENSION -> {
					ExtensionTypeHeader header = this.unpacker.unpackExtensionTypeHeader();
					yield MsgpackTreeReader.this.nodes.stringNode(HEX.formatHex(payload(header.getLength())));
				}
				case ARRAY -> array(depth + 1);
				case MAP -> map(depth + 1);
			};
		}

		private JsonNode integer(MessageFormat format) throws IOException {
			if (format == MessageFormat.UINT64) {
				BigInteger value = this.unpacker.unpackBigInteger();
				return (value.bitLength() < 64) ? MsgpackTreeReader.this.nodes.numberNode(value.longValue())
						: MsgpackTreeReader.this.nodes.numberNode(value);
			}
			long value = this.unpacker.unpackLong();
			return (value == (int) value) ? MsgpackTreeReader.this.nodes.numberNode((int) value)
					: MsgpackTreeReader.this.nodes.numberNode(value);
		}

		private ArrayNode array(int depth) throws IOException {
			checkDepth(depth);
			int size = this.unpacker.unpackArrayHeader();
			ArrayNode array = MsgpackTreeReader.this.nodes.arrayNode();
			for (int i = 0; i < size; i++) {
				array.add(value(depth));
			}
			return array;
		}

		private ObjectNode map(int depth) throws IOException {
			checkDepth(depth);
			int size = this.unpacker.unpackMapHeader();
			ObjectNode map = MsgpackTreeReader.this.nodes.objectNode();
			for (int i = 0; i < size; i++) {
				String key = key(depth);
				map.set(key, value(depth));
			}
			return map;
		}

		private String key(int depth) throws IOException {
			if (this.unpacker.getNextFormat().getValueType() == ValueType.STRING) {
				return string();
			}
			JsonNode key = value(depth);
			return (key.isContainer()) ? key.toString() : key.asString();
		}

		private String string() throws IOException {
			byte[] utf8 = payload(this.unpacker.unpackRawStringHeader());
			return Utf8.decode(utf8, 0, utf8.length);
		}

		private byte[] payload(int size) throws IOException {
			if (size < 0 || size > this.length - this.unpacker.getTotalReadBytes()) {
				throw invalid("Truncated MessagePack: a value claims more bytes than the frame holds");
			}
			return this.unpacker.readPayload(size);
		}

		private void checkDepth(int depth) {
			if (depth > MsgpackTreeReader.this.maxDepth) {
				throw invalid("Message is nested deeper than " + MsgpackTreeReader.this.maxDepth + " levels");
			}
		}

	}

}
