package dev.wse.protocol;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WSE message: the fields {@code c t p id ts seq v cid sig pri}, the recovery stamps
 * {@code tp e o}, and any other top-level keys as {@linkplain #extras() extras}.
 * Immutable; build one with {@link #builder(String)} or {@link #toBuilder()}.
 * <p>
 * On the wire the stamps come first, then {@code c t p id ts seq v cid sig pri}, then the
 * extras.
 */
public final class Envelope {

	private static final ObjectNode NO_EXTRAS = JsonNodeFactory.instance.objectNode();

	private final @Nullable String topic;

	private final @Nullable String epoch;

	private final @Nullable Long offset;

	private final @Nullable MessageCategory category;

	private final String type;

	private final JsonNode payload;

	private final @Nullable String id;

	private final @Nullable String timestamp;

	private final @Nullable Long seq;

	private final @Nullable Integer version;

	private final @Nullable String correlationId;

	private final @Nullable String signature;

	private final @Nullable Integer priority;

	private final ObjectNode extras;

	private Envelope(Builder builder) {
		this.topic = builder.topic;
		this.epoch = builder.epoch;
		this.offset = builder.offset;
		this.category = builder.category;
		this.type = builder.type;
		this.payload = builder.payload;
		this.id = builder.id;
		this.timestamp = builder.timestamp;
		this.seq = builder.seq;
		this.version = builder.version;
		this.correlationId = builder.correlationId;
		this.signature = builder.signature;
		this.priority = builder.priority;
		this.extras = builder.extras;
	}

	/**
	 * Start building a message of the given type, with an empty object payload.
	 * @param type the message type ({@code t})
	 * @return a builder
	 */
	public static Builder builder(String type) {
		return new Builder(type);
	}

	/**
	 * Return a builder initialised with this message's fields.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.type);
		builder.topic = this.topic;
		builder.epoch = this.epoch;
		builder.offset = this.offset;
		builder.category = this.category;
		builder.payload = this.payload;
		builder.id = this.id;
		builder.timestamp = this.timestamp;
		builder.seq = this.seq;
		builder.version = this.version;
		builder.correlationId = this.correlationId;
		builder.signature = this.signature;
		builder.priority = this.priority;
		builder.extras = this.extras;
		return builder;
	}

	/**
	 * Return the topic stamp {@code tp}.
	 * @return the topic, or {@code null}
	 */
	public @Nullable String topic() {
		return this.topic;
	}

	/**
	 * Return the recovery epoch {@code e} (8 lowercase hex digits).
	 * @return the epoch, or {@code null}
	 */
	public @Nullable String epoch() {
		return this.epoch;
	}

	/**
	 * Return the recovery offset {@code o}.
	 * @return the offset, or {@code null}
	 */
	public @Nullable Long offset() {
		return this.offset;
	}

	/**
	 * Return the category {@code c} as set on this message.
	 * @return the category, or {@code null} if the message carries none
	 */
	public @Nullable MessageCategory category() {
		return this.category;
	}

	/**
	 * Return the category to put on the wire: the one set, or the one derived from the
	 * type.
	 * @return the effective category
	 */
	public MessageCategory effectiveCategory() {
		return (this.category != null) ? this.category : MessageCategory.forType(this.type);
	}

	/**
	 * Return the message type {@code t}.
	 * @return the type
	 */
	public String type() {
		return this.type;
	}

	/**
	 * Return the payload {@code p}.
	 * @return the payload (an empty object when none was given)
	 */
	public JsonNode payload() {
		return this.payload;
	}

	/**
	 * Return the message id {@code id}.
	 * @return the id, or {@code null}
	 */
	public @Nullable String id() {
		return this.id;
	}

	/**
	 * Return the timestamp {@code ts} (ISO-8601 UTC, millisecond precision).
	 * @return the timestamp, or {@code null}
	 */
	public @Nullable String timestamp() {
		return this.timestamp;
	}

	/**
	 * Return the sequence number {@code seq}.
	 * @return the sequence number, or {@code null}
	 */
	public @Nullable Long seq() {
		return this.seq;
	}

	/**
	 * Return the protocol version {@code v}.
	 * @return the version, or {@code null}
	 */
	public @Nullable Integer version() {
		return this.version;
	}

	/**
	 * Return the correlation id {@code cid}.
	 * @return the correlation id, or {@code null}
	 */
	public @Nullable String correlationId() {
		return this.correlationId;
	}

	/**
	 * Return the signature {@code sig}.
	 * @return the signature, or {@code null}
	 */
	public @Nullable String signature() {
		return this.signature;
	}

	/**
	 * Return the priority {@code pri} (1, 3, 5, 8 or 10 by convention).
	 * @return the priority, or {@code null}
	 */
	public @Nullable Integer priority() {
		return this.priority;
	}

	/**
	 * Return the top-level keys that are not envelope fields, in wire order. Do not
	 * modify.
	 * @return the extras (possibly empty)
	 */
	public ObjectNode extras() {
		return this.extras;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof Envelope other)) {
			return false;
		}
		return Objects.equals(this.topic, other.topic) && Objects.equals(this.epoch, other.epoch)
				&& Objects.equals(this.offset, other.offset) && this.category == other.category
				&& this.type.equals(other.type) && this.payload.equals(other.payload)
				&& Objects.equals(this.id, other.id) && Objects.equals(this.timestamp, other.timestamp)
				&& Objects.equals(this.seq, other.seq) && Objects.equals(this.version, other.version)
				&& Objects.equals(this.correlationId, other.correlationId)
				&& Objects.equals(this.signature, other.signature) && Objects.equals(this.priority, other.priority)
				&& this.extras.equals(other.extras);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.type, this.id, this.payload, this.offset);
	}

	@Override
	public String toString() {
		return "Envelope[t=" + this.type + ", c=" + this.category + ", id=" + this.id + ", p=" + this.payload + "]";
	}

	/**
	 * Builder for {@link Envelope}.
	 */
	public static final class Builder {

		private @Nullable String topic;

		private @Nullable String epoch;

		private @Nullable Long offset;

		private @Nullable MessageCategory category;

		private String type;

		private JsonNode payload = JsonNodeFactory.instance.objectNode();

		private @Nullable String id;

		private @Nullable String timestamp;

		private @Nullable Long seq;

		private @Nullable Integer version;

		private @Nullable String correlationId;

		private @Nullable String signature;

		private @Nullable Integer priority;

		private ObjectNode extras = NO_EXTRAS;

		private Builder(String type) {
			this.type = Objects.requireNonNull(type, "type");
		}

		/**
		 * Set the message type {@code t}.
		 * @param type the type
		 * @return this builder
		 */
		public Builder type(String type) {
			this.type = Objects.requireNonNull(type, "type");
			return this;
		}

		/**
		 * Set the recovery stamps {@code tp e o}.
		 * @param topic the topic
		 * @param epoch the epoch (8 lowercase hex digits), or {@code null} for none
		 * @param offset the offset, or {@code null} for none
		 * @return this builder
		 */
		public Builder stamp(@Nullable String topic, @Nullable String epoch, @Nullable Long offset) {
			this.topic = topic;
			this.epoch = epoch;
			this.offset = offset;
			return this;
		}

		/**
		 * Set the category {@code c}; {@code null} derives it from the type when written.
		 * @param category the category
		 * @return this builder
		 */
		public Builder category(@Nullable MessageCategory category) {
			this.category = category;
			return this;
		}

		/**
		 * Set the payload {@code p}.
		 * @param payload the payload
		 * @return this builder
		 */
		public Builder payload(JsonNode payload) {
			this.payload = Objects.requireNonNull(payload, "payload");
			return this;
		}

		/**
		 * Set the id {@code id}.
		 * @param id the id
		 * @return this builder
		 */
		public Builder id(@Nullable String id) {
			this.id = id;
			return this;
		}

		/**
		 * Set the timestamp {@code ts}.
		 * @param timestamp the ISO-8601 timestamp
		 * @return this builder
		 */
		public Builder timestamp(@Nullable String timestamp) {
			this.timestamp = timestamp;
			return this;
		}

		/**
		 * Set the sequence number {@code seq}.
		 * @param seq the sequence number
		 * @return this builder
		 */
		public Builder seq(@Nullable Long seq) {
			this.seq = seq;
			return this;
		}

		/**
		 * Set the protocol version {@code v}.
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(@Nullable Integer version) {
			this.version = version;
			return this;
		}

		/**
		 * Set the correlation id {@code cid}.
		 * @param correlationId the correlation id
		 * @return this builder
		 */
		public Builder correlationId(@Nullable String correlationId) {
			this.correlationId = correlationId;
			return this;
		}

		/**
		 * Set the signature {@code sig}.
		 * @param signature the signature
		 * @return this builder
		 */
		public Builder signature(@Nullable String signature) {
			this.signature = signature;
			return this;
		}

		/**
		 * Set the priority {@code pri}.
		 * @param priority the priority
		 * @return this builder
		 */
		public Builder priority(@Nullable Integer priority) {
			this.priority = priority;
			return this;
		}

		/**
		 * Set the extra top-level keys. The node is copied.
		 * @param extras the extras
		 * @return this builder
		 */
		public Builder extras(ObjectNode extras) {
			this.extras = extras.isEmpty() ? NO_EXTRAS : extras.deepCopy();
			return this;
		}

		/**
		 * Build the envelope.
		 * @return the envelope
		 */
		public Envelope build() {
			return new Envelope(this);
		}

	}

}
