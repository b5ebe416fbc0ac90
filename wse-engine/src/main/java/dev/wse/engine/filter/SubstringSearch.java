package dev.wse.engine.filter;

/**
 * Finds a fixed string inside others in time linear in their combined length
 * (Knuth-Morris-Pratt), whatever the content: {@link String#contains} can take time
 * proportional to the product of the two lengths, which a client could exploit with a
 * long, repetitive operand.
 */
final class SubstringSearch {

	private final String needle;

	/** For each prefix of the needle, the length of its longest proper border. */
	private final int[] fallback;

	SubstringSearch(String needle) {
		this.needle = needle;
		this.fallback = new int[needle.length()];
		int border = 0;
		for (int i = 1; i < needle.length(); i++) {
			while (border > 0 && needle.charAt(i) != needle.charAt(border)) {
				border = this.fallback[border - 1];
			}
			if (needle.charAt(i) == needle.charAt(border)) {
				border++;
			}
			this.fallback[i] = border;
		}
	}

	/**
	 * Return whether the needle occurs in a text.
	 * @param text the text
	 * @return {@code true} if found
	 */
	boolean foundIn(String text) {
		int length = this.needle.length();
		if (length == 0) {
			return true;
		}
		int matched = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			while (matched > 0 && c != this.needle.charAt(matched)) {
				matched = this.fallback[matched - 1];
			}
			if (c == this.needle.charAt(matched)) {
				matched++;
				if (matched == length) {
					return true;
				}
			}
		}
		return false;
	}

}
