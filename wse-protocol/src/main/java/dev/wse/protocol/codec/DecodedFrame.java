package dev.wse.protocol.codec;

import dev.wse.protocol.Envelope;

/**
 * A decoded inbound frame.
 *
 * @param envelope the message
 * @param encrypted whether the frame was an {@code E:} frame
 */
public record DecodedFrame(Envelope envelope, boolean encrypted) {
}
