package dev.wse.protocol.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Map;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.databind.JsonNode;

/**
 * Writes an {@link Envelope} as a MessagePack map with the same keys, in the same order,
 * as the JSON form. Integers become MessagePack integers, other numbers float64, JSON
 * null nil.
 */
final class MsgpackEnvelopeWriter {

	private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private static final BigInteger MIN_INT64 = BigInteger.valueOf(Long.MIN_VALUE);

	private MsgpackEnvelopeWriter() {
	}

	/**
	 * Encode a message after a prefix.
	 * @param prefix bytes written before the map (for example {@code M:})
	 * @param envelope the message
	 * @return prefix + MessagePack map
	 */
	static byte[] write(byte[] prefix, Envelope envelope) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.writePayload(prefix);
			packer.packMapHeader(fieldCount(envelope));
			packString(packer, EnvelopeFields.TOPIC, envelope.topic());
			packString(packer, EnvelopeFields.EPOCH, envelope.epoch());
			packNumber(packer, EnvelopeFields.OFFSET, envelope.offset());
			packString(packer, EnvelopeFields.CATEGORY, envelope.effectiveCategory().name());
			packString(packer, EnvelopeFields.TYPE, envelope.type());
			packer.packString(EnvelopeFields.PAYLOAD);
			packNode(packer, envelope.payload());
			packString(packer, EnvelopeFields.ID, envelope.id());
			packString(packer, EnvelopeFields.TIMESTAMP, envelope.timestamp());
			packNumber(packer, EnvelopeFields.SEQ, envelope.seq());
			packNumber(packer, EnvelopeFields.VERSION, envelope.version());
			packString(packer, EnvelopeFields.CORRELATION_ID, envelope.correlationId());
			packString(packer, EnvelopeFields.SIGNATURE, envelope.signature());
			packNumber(packer, EnvelopeFields.PRIORITY, envelope.priority());
			for (Map.Entry<String, JsonNode> extra : envelope.extras().properties()) {
				if (!EnvelopeFields.isReserved(extra.getKey())) {
					packer.packString(extra.getKey());
					packNode(packer, extra.getValue());
				}
			}
			return packer.toByteArray();
		}
		catch (IOException ex) {
			// A buffer packer does no I/O.
			throw new UncheckedIOException(ex);
		}
	}

	private static int fieldCount(Envelope envelope) {
		int count = 3; // c, t, p
		count += countPresent(envelope.topic(), envelope.epoch(), envelope.offset(), envelope.id(),
				envelope.timestamp(), envelope.seq(), envelope.version(), envelope.correlationId(),
				envelope.signature(), envelope.priority());
		for (String name : envelope.extras().propertyNames()) {
			if (!EnvelopeFields.isReserved(name)) {
				count++;
			}
		}
		return count;
	}

	private static int countPresent(@Nullable Object... values) {
		int count = 0;
		for (Object value : values) {
			if (value != null) {
				count++;
			}
		}
		return count;
	}

	private static void packString(MessageBufferPacker packer, String name, @Nullable String value) throws IOException {
		if (value != null) {
			packer.packString(name);
			packer.packString(value);
		}
	}

	private static void packNumber(MessageBufferPacker packer, String name, @Nullable Number value) throws IOException {
		if (value != null) {
			packer.packString(name);
			packer.packLong(value.longValue());
		}
	}

	private static void packNode(MessageBufferPacker packer, JsonNode node) throws IOException {
		switch (node.getNodeType()) {
			case OBJECT -> {
				packer.packMapHeader(node.size());
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					packer.packString(property.getKey());
					packNode(packer, property.getValue());
				}
			}
			case ARRAY -> {
				packer.packArrayHeader(node.size());
				for (JsonNode element : node.values()) {
					packNode(packer, element);
				}
			}
			case STRING -> packer.packString(node.stringValue());
			case NUMBER -> packNumber(packer, node);
			case BOOLEAN -> packer.packBoolean(node.booleanValue());
			case BINARY -> {
				byte[] bytes = node.binaryValue();
				packer.packBinaryHeader(bytes.length);
				packer.writePayload(bytes);
			}
			case NULL, MISSING -> packer.packNil();
			default -> packer.packString(node.asString());
		}
	}

	private static void packNumber(MessageBufferPacker packer, JsonNode node) throws IOException {
		if (!node.isIntegralNumber()) {
			packer.packDouble(node.doubleValue());
		}
		else if (node.canConvertToLong()) {
			packer.packLong(node.longValue());
		}
		else {
			BigInteger value = node.bigIntegerValue();
			if (value.compareTo(MIN_INT64) >= 0 && value.compareTo(MAX_UINT64) <= 0) {
				packer.packBigInteger(value);
			}
			else {
				// Beyond 64 bits MessagePack has no integer; keep the digits rather than
				// round.
				packer.packString(value.toString());
			}
		}
	}

}
