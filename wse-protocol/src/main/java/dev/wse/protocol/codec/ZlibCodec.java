package dev.wse.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;

/**
 * zlib (RFC 1950) compression for {@code C:} frames, with a cap on inflated output.
 */
final class ZlibCodec {

	private static final int CHUNK = 8192;

	private ZlibCodec() {
	}

	/**
	 * Compress bytes into a zlib stream after a prefix.
	 * @param prefix bytes written before the stream (for example {@code C:})
	 * @param input the bytes to compress
	 * @param level the zlib level (-1 to 9)
	 * @return prefix + zlib stream
	 */
	static byte[] deflate(byte[] prefix, byte[] input, int level) {
		Deflater deflater = new Deflater(level);
		try {
			deflater.setInput(input);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + input.length / 2 + 64);
			out.write(prefix, 0, prefix.length);
			byte[] chunk = new byte[Math.min(CHUNK, input.length + 64)];
			while (!deflater.finished()) {
				int count = deflater.deflate(chunk);
				out.write(chunk, 0, count);
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	/**
	 * Decompress one complete zlib stream of any level.
	 * @param input the buffer
	 * @param offset where the stream starts
	 * @param length the stream length
	 * @param maxOutput the largest accepted output, in bytes
	 * @return the decompressed bytes
	 * @throws ProtocolException with {@code MESSAGE_TOO_LARGE} when the output exceeds
	 * the cap, or {@code INVALID_MESSAGE} for a corrupt, truncated or dictionary stream
	 */
	static byte[] inflate(byte[] input, int offset, int length, int maxOutput) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(input, offset, length);
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxOutput, length * 4 + 64));
			byte[] chunk = new byte[CHUNK];
			long total = 0;
			while (!inflater.finished()) {
				int count = inflater.inflate(chunk);
				if (count == 0 && !inflater.finished()) {
					// With all input supplied, no output means a truncated stream or one
					// that needs
					// a preset dictionary, which WSE never uses.
					throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Truncated or unsupported zlib stream");
				}
				total += count;
				if (total > maxOutput) {
					throw new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE,
							"Compressed message inflates to more than " + maxOutput + " bytes");
				}
				out.write(chunk, 0, count);
			}
			if (inflater.getRemaining() > 0) {
				throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Trailing bytes after the zlib stream");
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "Corrupt zlib stream: " + ex.getMessage(), ex);
		}
		finally {
			inflater.end();
		}
	}

}
