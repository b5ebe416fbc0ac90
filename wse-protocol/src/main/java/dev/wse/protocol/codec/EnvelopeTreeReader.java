package dev.wse.protocol.codec;

import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.MessageCategory;
import dev.wse.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a decoded top-level object (from JSON or MessagePack) into an {@link Envelope}.
 * <p>
 * {@code type}/{@code payload} stand in for absent {@code t}/{@code p}. {@code t} must be
 * a string; the other known fields are read leniently: a number where a string is
 * expected becomes its text, a string or an integral float where an integer is expected
 * is converted, and a value that cannot be used is dropped. Every other key becomes an
 * extra, in order.
 */
final class EnvelopeTreeReader {

	private EnvelopeTreeReader() {
	}

	/**
	 * Read a message.
	 * @param root the top-level object
	 * @return the envelope
	 * @throws ProtocolException with {@code INVALID_MESSAGE} when the type is missing or
	 * not a string
	 */
	static Envelope read(ObjectNode root) {
		return read(TopLevelProperties.of(root));
	}

	/**
	 * Read a message.
	 * @param root the properties of the top-level object
	 * @return the envelope
	 * @throws ProtocolException with {@code INVALID_MESSAGE} when the type is missing or
	 * not a string
	 */
	static Envelope read(TopLevelProperties root) {
		boolean typeFromAlias = root.get(EnvelopeFields.TYPE) == null;
		boolean payloadFromAlias = root.get(EnvelopeFields.PAYLOAD) == null
				&& root.get(EnvelopeFields.PAYLOAD_ALIAS) != null;
		JsonNode typeNode = root.get(typeFromAlias ? EnvelopeFields.TYPE_ALIAS : EnvelopeFields.TYPE);
		if (typeNode == null) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message has no type 't'");
		}
		if (!typeNode.isString()) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Message type 't' must be a string");
		}
		Envelope.Builder builder = Envelope.builder(typeNode.stringValue());
		JsonNode payload = root.get(payloadFromAlias ? EnvelopeFields.PAYLOAD_ALIAS : EnvelopeFields.PAYLOAD);
		if (payload != null) {
			builder.payload(payload);
		}
		String topic = null;
		String epoch = null;
		Long offset = null;
		ObjectNode extras = null;
		for (int i = 0; i < root.size(); i++) {
			String name = root.name(i);
			JsonNode value = root.value(i);
			switch (name) {
				case EnvelopeFields.TYPE, EnvelopeFields.PAYLOAD -> {
				}
				case EnvelopeFields.TOPIC -> topic = text(value);
				case EnvelopeFields.EPOCH -> epoch = text(value);
				case EnvelopeFields.OFFSET -> offset = longValue(value);
				case EnvelopeFields.CATEGORY -> builder.category(category(value));
				case EnvelopeFields.ID -> builder.id(text(value));
				case EnvelopeFields.TIMESTAMP -> builder.timestamp(text(value));
				case EnvelopeFields.SEQ -> builder.seq(longValue(value));
				case EnvelopeFields.VERSION -> builder.version(intValue(value));
				case EnvelopeFields.CORRELATION_ID -> builder.correlationId(text(value));
				case EnvelopeFields.SIGNATURE -> builder.signature(text(value));
				case EnvelopeFields.PRIORITY -> builder.priority(intValue(value));
				default -> {
					boolean consumedAlias = (typeFromAlias && name.equals(EnvelopeFields.TYPE_ALIAS))
							|| (payloadFromAlias && name.equals(EnvelopeFields.PAYLOAD_ALIAS));
					if (!consumedAlias) {
						if (extras == null) {
							extras = JsonNodeFactory.instance.objectNode();
						}
						extras.set(name, value);
					}
				}
			}
		}
		builder.stamp(topic, epoch, offset);
		if (extras != null) {
			builder.extras(extras);
		}
		return builder.build();
	}

	private static @Nullable MessageCategory category(JsonNode value) {
		if (!value.isString()) {
			return null;
		}
		return switch (value.stringValue()) {
			case "WSE" -> MessageCategory.WSE;
			case "S" -> MessageCategory.S;
			case "U" -> MessageCategory.U;
			default -> null;
		};
	}

	private static @Nullable String text(JsonNode value) {
		if (value.isString()) {
			return value.stringValue();
		}
		if (value.isNumber() || value.isBoolean()) {
			return value.asString();
		}
		return null;
	}

	private static @Nullable Long longValue(JsonNode value) {
		if (value.isNumber()) {
			return (value.canConvertToExactIntegral() && value.canConvertToLong()) ? value.longValue() : null;
		}
		if (value.isString()) {
			try {
				return Long.parseLong(value.stringValue().trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static @Nullable Integer intValue(JsonNode value) {
		Long number = longValue(value);
		return (number != null && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) ? number.intValue()
				: null;
	}

}
