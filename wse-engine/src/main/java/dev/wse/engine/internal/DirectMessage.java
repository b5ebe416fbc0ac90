package dev.wse.engine.internal;

import dev.wse.engine.connection.Priority;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * A message sent to connections directly (not through a topic). Each recipient stamps it
 * with its own sequence number, so the frame is encoded per recipient.
 */
final class DirectMessage {

	private final Envelope envelope;

	private final FrameCodec codec;

	private final int compressionThreshold;

	private final @Nullable String applicationId;

	DirectMessage(Envelope envelope, @Nullable String applicationId, FrameCodec codec, int compressionThreshold) {
		this.envelope = envelope;
		this.applicationId = applicationId;
		this.codec = codec;
		this.compressionThreshold = compressionThreshold;
	}

	/**
	 * Return the id the application gave the message (the only ids deduplicated), or
	 * {@code null} when the server generated it.
	 */
	@Nullable String applicationId() {
		return this.applicationId;
	}

	Priority priority() {
		return Priority.of(this.envelope.priority());
	}

	/**
	 * Encode the message for one recipient.
	 * @param format the recipient's wire format
	 * @param seq the recipient's sequence number for it
	 * @param compress whether a JSON frame above the threshold may be compressed
	 * @return the frame
	 */
	OutboundFrame frame(WireFormat format, long seq, boolean compress) {
		Envelope sequenced = this.envelope.toBuilder().seq(seq).build();
		int threshold = (format == WireFormat.MSGPACK || !compress) ? 0 : this.compressionThreshold;
		return OutboundFrame.binary(this.codec.encodeBinary(sequenced, format, threshold));
	}

}
