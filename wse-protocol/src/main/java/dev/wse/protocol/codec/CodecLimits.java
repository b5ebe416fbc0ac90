package dev.wse.protocol.codec;

/**
 * Size and depth limits applied by {@link FrameCodec}.
 *
 * @param maxMessageSize maximum frame size in bytes, inbound (default 1 MiB)
 * @param maxInflatedSize maximum size of a decompressed {@code C:} frame (default 1 MiB)
 * @param maxDepth maximum JSON / MessagePack nesting depth (default 64)
 * @param compressionLevel zlib level for {@code C:} frames (default 1)
 */
public record CodecLimits(int maxMessageSize, int maxInflatedSize, int maxDepth, int compressionLevel) {

	/** Default maximum message size: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/** Default nesting depth cap. */
	public static final int DEFAULT_MAX_DEPTH = 64;

	/**
	 * Return the defaults.
	 * @return the default limits
	 */
	public static CodecLimits defaults() {
		return new CodecLimits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_DEPTH, 1);
	}

}
