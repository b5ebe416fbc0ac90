package dev.wse.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import dev.wse.engine.transport.OutboundFrame;
import org.jspecify.annotations.Nullable;

/**
 * A text frame that the engine sends on every connection and whose JSON is the same but
 * for a few string values ({@code server_ready}, {@code server_hello}, {@code ping}): the
 * codec's own output for the message, with marker values, cut once at the markers.
 * Filling it splices the values between the cuts, so the frame costs one array copy
 * instead of a JSON tree and a generator, and its bytes are the codec's bytes for the
 * same message as long as the values need no escaping; {@link #fill} returns {@code null}
 * for values that do, and the caller encodes the message with the codec instead.
 */
final class FrameTemplate {

	private static final String MARKER = "wse-template-";

	/**
	 * The characters {@link #isPlain} accepts: printable ASCII but the quote and
	 * backslash.
	 */
	private static final String PLAIN_CHARACTERS;

	static {
		StringBuilder plain = new StringBuilder();
		for (char c = 0x20; c <= 0x7E; c++) {
			if (c != '"' && c != '\\') {
				plain.append(c);
			}
		}
		PLAIN_CHARACTERS = plain.toString();
	}

	/** The frame's bytes around the values: one more than there are gaps. */
	private final byte[][] parts;

	/** For each gap between two parts, the index of the value that fills it. */
	private final int[] order;

	private final int fixedLength;

	private FrameTemplate(byte[][] parts, int[] order) {
		this.parts = parts;
		this.order = order;
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		this.fixedLength = length;
	}

	/**
	 * Cut a template from the codec's text for a message built with marker values. A
	 * value may appear more than once (a timestamp, say). The template is checked against
	 * the codec once more with other values, so that a configured text which happens to
	 * contain a marker cannot be mistaken for a slot.
	 * @param slots the number of values
	 * @param encode encodes the message with the given values (one per slot, in slot
	 * order) as the codec does
	 * @return the template, or {@code null} if it does not reproduce the codec's text (a
	 * value not written as it is, say); the caller then always uses the codec
	 */
	static @Nullable FrameTemplate cut(int slots, Function<String[], String> encode) {
		String[] markers = values(slots, "slot");
		String text = encode.apply(markers);
		List<int[]> cuts = new ArrayList<>();
		for (int slot = 0; slot < slots; slot++) {
			int at = text.indexOf(markers[slot]);
			if (at < 0) {
				return null;
			}
			for (; at >= 0; at = text.indexOf(markers[slot], at + 1)) {
				cuts.add(new int[] { at, slot });
			}
		}
		cuts.sort(Comparator.comparingInt((cut) -> cut[0]));
		byte[][] parts = new byte[cuts.size() + 1][];
		int[] order = new int[cuts.size()];
		int from = 0;
		for (int gap = 0; gap < cuts.size(); gap++) {
			int[] cut = cuts.get(gap);
			if (cut[0] < from) {
				// overlapping markers: cannot happen with these markers, but never cut
				// twice
				return null;
			}
			parts[gap] = text.substring(from, cut[0]).getBytes(StandardCharsets.UTF_8);
			order[gap] = cut[1];
			from = cut[0] + markers[cut[1]].length();
		}
		parts[cuts.size()] = text.substring(from).getBytes(StandardCharsets.UTF_8);
		FrameTemplate template = new FrameTemplate(parts, order);
		// every character fill() copies as it is, so that a codec that escapes one of
		// them (a mapper escaping '/' or HTML characters, say) makes the check fail
		String[] check = values(slots, "check-" + PLAIN_CHARACTERS);
		OutboundFrame filled = template.fill(check);
		if (filled == null || !Arrays.equals(filled.bytes(), encode.apply(check).getBytes(StandardCharsets.UTF_8))) {
			return null;
		}
		return template;
	}

	private static String[] values(int slots, String name) {
		String[] values = new String[slots];
		for (int i = 0; i < slots; i++) {
			values[i] = MARKER + name + "-" + i + "-end";
		}
		return values;
	}

	/**
	 * Build the frame for the given values.
	 * @param values one value per slot, in slot order
	 * @return the frame, or {@code null} if a value needs escaping in JSON (outside
	 * printable ASCII, a quote or a backslash)
	 */
	@Nullable OutboundFrame fill(String... values) {
		for (String value : values) {
			if (!isPlain(value)) {
				return null;
			}
		}
		int length = this.fixedLength;
		for (int slot : this.order) {
			length += values[slot].length();
		}
		byte[] bytes = new byte[length];
		int at = 0;
		for (int gap = 0; gap < this.order.length; gap++) {
			byte[] part = this.parts[gap];
			System.arraycopy(part, 0, bytes, at, part.length);
			at += part.length;
			String value = values[this.order[gap]];
			// printable ASCII (isPlain): one byte per char
			for (int i = 0; i < value.length(); i++) {
				bytes[at++] = (byte) value.charAt(i);
			}
		}
		byte[] last = this.parts[this.order.length];
		System.arraycopy(last, 0, bytes, at, last.length);
		return OutboundFrame.utf8Text(bytes);
	}

	/**
	 * Return whether a JSON encoder writes a string as it is: printable ASCII without a
	 * quote or a backslash.
	 */
	static boolean isPlain(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

}
