package dev.wse.client;

/**
 * Matches topics against subscription patterns the way the server does: {@code *} is any
 * run of characters, {@code ?} exactly one; anything else matches itself.
 */
final class TopicGlob {

	private TopicGlob() {
	}

	/**
	 * Return whether a topic matches a pattern (or equals a plain topic).
	 * @param pattern the pattern or topic
	 * @param topic the topic
	 * @return whether it matches
	 */
	static boolean matches(String pattern, String topic) {
		int p = 0;
		int t = 0;
		int star = -1;
		int resume = 0;
		while (t < topic.length()) {
			if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == topic.charAt(t))) {
				p++;
				t++;
			}
			else if (p < pattern.length() && pattern.charAt(p) == '*') {
				star = p++;
				resume = t;
			}
			else if (star >= 0) {
				p = star + 1;
				t = ++resume;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length() && pattern.charAt(p) == '*') {
			p++;
		}
		return p == pattern.length();
	}

}
