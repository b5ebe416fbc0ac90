package dev.wse.protocol.codec;

import java.util.List;
import java.util.Set;

/**
 * The top-level key names of an envelope, in wire order, and the aliases accepted
 * inbound.
 */
final class EnvelopeFields {

	static final String TOPIC = "tp";

	static final String EPOCH = "e";

	static final String OFFSET = "o";

	static final String CATEGORY = "c";

	static final String TYPE = "t";

	static final String PAYLOAD = "p";

	static final String ID = "id";

	static final String TIMESTAMP = "ts";

	static final String SEQ = "seq";

	static final String VERSION = "v";

	static final String CORRELATION_ID = "cid";

	static final String SIGNATURE = "sig";

	static final String PRIORITY = "pri";

	/** Inbound alias of {@code t}, used when {@code t} is absent. */
	static final String TYPE_ALIAS = "type";

	/** Inbound alias of {@code p}, used when {@code p} is absent. */
	static final String PAYLOAD_ALIAS = "payload";

	private static final Set<String> RESERVED = Set.of(TOPIC, EPOCH, OFFSET, CATEGORY, TYPE, PAYLOAD, ID, TIMESTAMP,
			SEQ, VERSION, CORRELATION_ID, SIGNATURE, PRIORITY);

	/** Every field name and alias above. */
	static final List<String> NAMES = List.of(TOPIC, EPOCH, OFFSET, CATEGORY, TYPE, PAYLOAD, ID, TIMESTAMP, SEQ,
			VERSION, CORRELATION_ID, SIGNATURE, PRIORITY, TYPE_ALIAS, PAYLOAD_ALIAS);

	private EnvelopeFields() {
	}

	/**
	 * Return whether a key is an envelope field, which an extra must never shadow.
	 * @param name the key
	 * @return {@code true} for {@code tp e o c t p id ts seq v cid sig pri}
	 */
	static boolean isReserved(String name) {
		return RESERVED.contains(name);
	}

}
