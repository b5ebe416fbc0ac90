package dev.wse.engine.topic;

/**
 * A glob pattern over topic names: {@code *} matches any run of characters (also none),
 * {@code ?} exactly one; everything else matches itself.
 */
public final class TopicPattern {

	private final String pattern;

	private TopicPattern(String pattern) {
		this.pattern = pattern;
	}

	/**
	 * Compile a pattern.
	 * @param pattern the glob
	 * @return the pattern
	 */
	public static TopicPattern compile(String pattern) {
		return new TopicPattern(pattern);
	}

	/**
	 * Return whether a topic name is a pattern (contains {@code *} or {@code ?}).
	 * @param topic the topic
	 * @return {@code true} for patterns
	 */
	public static boolean isPattern(String topic) {
		return topic.indexOf('*') >= 0 || topic.indexOf('?') >= 0;
	}

	/**
	 * Return whether the pattern matches a topic. Linear in the common case; at worst
	 * proportional to pattern length times topic length (no exponential backtracking).
	 * @param topic the topic
	 * @return {@code true} on a match
	 */
	public boolean matches(String topic) {
		String p = this.pattern;
		int pi = 0;
		int ti = 0;
		int starPi = -1;
		int starTi = 0;
		while (ti < topic.length()) {
			if (pi < p.length() && (p.charAt(pi) == '?' || (p.charAt(pi) != '*' && p.charAt(pi) == topic.charAt(ti)))) {
				pi++;
				ti++;
			}
			else if (pi < p.length() && p.charAt(pi) == '*') {
				starPi = pi++;
				starTi = ti;
			}
			else if (starPi >= 0) {
				pi = starPi + 1;
				ti = ++starTi;
			}
			else {
				return false;
			}
		}
		while (pi < p.length() && p.charAt(pi) == '*') {
			pi++;
		}
		return pi == p.length();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
