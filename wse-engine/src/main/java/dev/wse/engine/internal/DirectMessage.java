package dev.wse.engine.internal;

import dev.wse.engine.connection.Priority;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import dev.wse.protocol.codec.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * A message sent to connections directly (not through a topic), encoded lazily once per
 * wire format and shared by every recipient of that format.
 */
final class DirectMessage {

	private final Envelope envelope;

	private final FrameCodec codec;

	private final int compressionThreshold;

	private @Nullable OutboundFrame json;

	private @Nullable OutboundFrame msgpack;

	DirectMessage(Envelope envelope, FrameCodec codec, int compressionThreshold) {
		this.envelope = envelope;
		this.codec = codec;
		this.compressionThreshold = compressionThreshold;
	}

	@Nullable String id() {
		return this.envelope.id();
	}

	Priority priority() {
		return Priority.of(this.envelope.priority());
	}

	synchronized OutboundFrame frame(WireFormat format) {
		if (format == WireFormat.MSGPACK) {
			if (this.msgpack == null) {
				this.msgpack = OutboundFrame.binary(this.codec.encodeBinary(this.envelope, format, 0));
			}
			return this.msgpack;
		}
		if (this.json == null) {
			this.json = OutboundFrame
				.binary(this.codec.encodeBinary(this.envelope, WireFormat.JSON, this.compressionThreshold));
		}
		return this.json;
	}

}
