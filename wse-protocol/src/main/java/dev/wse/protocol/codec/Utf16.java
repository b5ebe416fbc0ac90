package dev.wse.protocol.codec;

/**
 * Keeps text frames encodable: JSON allows a string escape such as {@code \\ud800} that
 * decodes to an unpaired UTF-16 surrogate, which no UTF-8 encoder (and so no WebSocket
 * text frame) accepts.
 */
final class Utf16 {

	private Utf16() {
	}

	/**
	 * Replace every unpaired surrogate with its JSON escape. Unpaired surrogates can only
	 * stand inside JSON strings, where the escape denotes the same character, so the JSON
	 * means the same.
	 * @param json the JSON text
	 * @return the text, the same instance when it has no unpaired surrogate
	 */
	static String escapeUnpairedSurrogates(String json) {
		int first = firstUnpaired(json, 0);
		if (first < 0) {
			return json;
		}
		StringBuilder escaped = new StringBuilder(json.length() + 16);
		int from = 0;
		for (int at = first; at >= 0; at = firstUnpaired(json, at + 1)) {
			escaped.append(json, from, at).append(String.format("\\u%04x", (int) json.charAt(at)));
			from = at + 1;
		}
		return escaped.append(json, from, json.length()).toString();
	}

	private static int firstUnpaired(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					return i;
				}
			}
			else if (Character.isLowSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

}
