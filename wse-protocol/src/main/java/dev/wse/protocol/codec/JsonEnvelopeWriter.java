package dev.wse.protocol.codec;

import java.util.Map;

import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes an {@link Envelope} as one JSON object, streaming: stamps {@code tp e o}, then
 * {@code c t p id ts seq v cid sig pri}, then the extras. Absent fields are skipped;
 * {@code c} is always written. Extras named like an envelope field are skipped so that no
 * key repeats.
 */
final class JsonEnvelopeWriter {

	private JsonEnvelopeWriter() {
	}

	/**
	 * Write a message and flush the generator (which stays open).
	 * @param envelope the message
	 * @param generator a generator created by a mapper, so that trees can be written
	 */
	static void write(Envelope envelope, JsonGenerator generator) {
		generator.writeStartObject();
		writeString(generator, EnvelopeFields.TOPIC, envelope.topic());
		writeString(generator, EnvelopeFields.EPOCH, envelope.epoch());
		writeNumber(generator, EnvelopeFields.OFFSET, envelope.offset());
		generator.writeName(EnvelopeFields.CATEGORY);
		generator.writeString(envelope.effectiveCategory().name());
		generator.writeName(EnvelopeFields.TYPE);
		generator.writeString(envelope.type());
		generator.writeName(EnvelopeFields.PAYLOAD);
		generator.writeTree(envelope.payload());
		writeString(generator, EnvelopeFields.ID, envelope.id());
		writeString(generator, EnvelopeFields.TIMESTAMP, envelope.timestamp());
		writeNumber(generator, EnvelopeFields.SEQ, envelope.seq());
		writeNumber(generator, EnvelopeFields.VERSION, envelope.version());
		writeString(generator, EnvelopeFields.CORRELATION_ID, envelope.correlationId());
		writeString(generator, EnvelopeFields.SIGNATURE, envelope.signature());
		writeNumber(generator, EnvelopeFields.PRIORITY, envelope.priority());
		for (Map.Entry<String, JsonNode> extra : envelope.extras().properties()) {
			if (!EnvelopeFields.isReserved(extra.getKey())) {
				generator.writeName(extra.getKey());
				generator.writeTree(extra.getValue());
			}
		}
		generator.writeEndObject();
		generator.flush();
	}

	private static void writeString(JsonGenerator generator, String name, @Nullable String value) {
		if (value != null) {
			generator.writeName(name);
			generator.writeString(value);
		}
	}

	private static void writeNumber(JsonGenerator generator, String name, @Nullable Number value) {
		if (value != null) {
			generator.writeName(name);
			generator.writeNumber(value.longValue());
		}
	}

}
