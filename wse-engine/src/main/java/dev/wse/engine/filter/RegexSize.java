package dev.wse.engine.filter;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A pessimistic estimate of the size of the program RE2/J compiles a pattern to, made
 * <em>before</em> compiling it. RE2/J multiplies counted repetitions out, so a short
 * pattern such as {@code ((a{1000}){1000}){1000}} would otherwise exhaust the heap while
 * compiling. The scan follows RE2 syntax closely enough to find groups, alternations,
 * character classes, escapes and repetitions; it does not validate (RE2/J does).
 */
final class RegexSize {

	/** Deeper group nesting is treated as too large. */
	static final int MAX_GROUP_NESTING = 100;

	/** The instructions every program has besides the pattern's: fail, match, a no-op. */
	private static final int FIXED_INSTRUCTIONS = 3;

	/** A group's own instructions: capture start, capture end, and a no-op if empty. */
	private static final int GROUP_INSTRUCTIONS = 3;

	/** Counts above this are clamped; RE2 rejects counts above 1000 anyway. */
	private static final int MAX_COUNT = 100_000;

	private RegexSize() {
	}

	/**
	 * Return whether the compiled program of a pattern can stay within a budget.
	 * @param pattern the pattern
	 * @param budget the most instructions allowed, below 2<sup>40</sup>
	 * @return {@code false} if the estimate exceeds the budget or groups nest deeper than
	 * {@link #MAX_GROUP_NESTING}
	 */
	static boolean fitsWithin(String pattern, long budget) {
		return new Scan(pattern, budget).run();
	}

	/**
	 * One pass over a pattern. For the innermost open group it tracks the size of the
	 * alternatives already closed, of the current sequence, and of the last piece (which
	 * a following repetition applies to). Sizes only grow as the scan goes (a count of 0
	 * is taken as 1), so exceeding the budget at any point is final.
	 */
	private static final class Scan {

		private final String pattern;

		private final long budget;

		private final Deque<long[]> enclosing = new ArrayDeque<>();

		private long alternatives;

		private long sequence;

		private long last;

		private int position;

		Scan(String pattern, long budget) {
			this.pattern = pattern;
			this.budget = budget;
		}

		boolean run() {
			int length = this.pattern.length();
			while (this.position < length) {
				if (!step(this.pattern.charAt(this.position))) {
					return false;
				}
				if (this.alternatives + this.sequence > this.budget) {
					return false;
				}
			}
			long total = FIXED_INSTRUCTIONS + this.alternatives + this.sequence;
			while (!this.enclosing.isEmpty()) {
				long[] outer = this.enclosing.pop();
				total += outer[0] + outer[1] + GROUP_INSTRUCTIONS;
			}
			return total <= this.budget;
		}

		private boolean step(char c) {
			switch (c) {
				case '(' -> {
					int flagsEnd = flagsEnd(this.position + 1);
					if (flagsEnd >= 0 && this.pattern.charAt(flagsEnd) == ')') {
						// (?i) only sets flags: a repetition after it applies to the
						// piece before it
						this.position = flagsEnd + 1;
						return true;
					}
					if (this.enclosing.size() >= MAX_GROUP_NESTING) {
						return false;
					}
					this.enclosing.push(new long[] { this.alternatives, this.sequence });
					this.alternatives = 0;
					this.sequence = 0;
					this.last = 0;
					this.position = (flagsEnd >= 0 && this.pattern.charAt(flagsEnd) == ':') ? flagsEnd + 1
							: this.position + 1;
				}
				case ')' -> {
					if (this.enclosing.isEmpty()) {
						piece(1, this.position + 1);
					}
					else {
						long inner = this.alternatives + this.sequence;
						long[] outer = this.enclosing.pop();
						this.alternatives = outer[0];
						this.sequence = outer[1];
						piece(inner + GROUP_INSTRUCTIONS, this.position + 1);
					}
				}
				case '|' -> {
					// an alternation instruction, and a no-op if the alternative is empty
					this.alternatives += this.sequence + 2;
					this.sequence = 0;
					this.last = 0;
					this.position++;
				}
				case '*', '+', '?' -> {
					// an alternation instruction, and a no-op if the operand matches
					// empty
					this.sequence += 2;
					this.last += 2;
					this.position++;
				}
				case '{' -> repetition();
				case '[' -> piece(1, classEnd(this.position + 1));
				case '\\' -> escape();
				default -> piece(1, this.position + 1);
			}
			return true;
		}

		private void piece(long size, int next) {
			this.sequence += size;
			this.last = size;
			this.position = next;
		}

		private void repetition() {
			int i = this.position + 1;
			int digits = digitsEnd(i);
			if (!isCount(i, digits) || this.last == 0) {
				piece(1, i);
				return;
			}
			long min = count(i, digits);
			long max = min;
			boolean unbounded = false;
			i = digits;
			if (i < this.pattern.length() && this.pattern.charAt(i) == ',') {
				int end = digitsEnd(i + 1);
				unbounded = end == i + 1;
				if (!unbounded && !isCount(i + 1, end)) {
					piece(1, this.position + 1);
					return;
				}
				max = unbounded ? min : Math.max(min, count(i + 1, end));
				i = end;
			}
			if (i >= this.pattern.length() || this.pattern.charAt(i) != '}') {
				piece(1, this.position + 1);
				return;
			}
			// x{n,m} becomes n copies of x and m-n nested optional copies; x{n,} n copies
			// and a star
			long body = this.last;
			long repeated = min * body + (unbounded ? body + 2 : (max - min) * (body + 2));
			// never shrink, even for x{0}, so that stopping early stays sound
			repeated = Math.max(repeated, body);
			this.sequence += repeated - body;
			this.last = repeated;
			this.position = i + 1;
		}

		private void escape() {
			int i = this.position + 1;
			if (i >= this.pattern.length()) {
				piece(1, i);
				return;
			}
			char kind = this.pattern.charAt(i);
			if (kind == 'Q') {
				quoted(i + 1);
			}
			else if (braced(i)) {
				piece(1, braceEnd(i + 2));
			}
			else if ((kind == 'p' || kind == 'P') && i + 1 < this.pattern.length()) {
				piece(1, i + 2);
			}
			else {
				piece(1, i + 1);
			}
		}

		/**
		 * Literal text after {@code \Q}, up to {@code \E}: one piece per character. An
		 * empty {@code \Q\E} adds nothing, so a repetition after it applies to the piece
		 * before it.
		 */
		private void quoted(int start) {
			int end = this.pattern.indexOf("\\E", start);
			int stop = (end < 0) ? this.pattern.length() : end;
			if (stop > start) {
				this.sequence += stop - start;
				this.last = 1;
			}
			this.position = (end < 0) ? stop : end + 2;
		}

		/**
		 * If {@code (} at {@code start - 1} opens a {@code (?flags)} or {@code (?flags:}
		 * group, the index of the {@code )} or {@code :} after the flags; otherwise -1.
		 */
		private int flagsEnd(int start) {
			String p = this.pattern;
			if (start >= p.length() || p.charAt(start) != '?') {
				return -1;
			}
			int i = start + 1;
			while (i < p.length() && "imsU-".indexOf(p.charAt(i)) >= 0) {
				i++;
			}
			return (i < p.length() && (p.charAt(i) == ')' || p.charAt(i) == ':')) ? i : -1;
		}

		/**
		 * Index after the {@code ]} closing a class whose content starts at
		 * {@code start}, following RE2's parser: items are {@code [:name:]}, an escape,
		 * or a character or range {@code a-z} (whose ends are a character or an escape);
		 * a {@code ]} first is a literal.
		 */
		private int classEnd(int start) {
			String p = this.pattern;
			int i = start;
			if (i < p.length() && p.charAt(i) == '^') {
				i++;
			}
			boolean first = true;
			while (i < p.length() && (p.charAt(i) != ']' || first)) {
				first = false;
				if (p.startsWith("[:", i)) {
					int close = p.indexOf(":]", i + 2);
					if (close >= 0) {
						i = close + 2;
						continue;
					}
				}
				i = classCharEnd(i);
				if (i + 1 < p.length() && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
					i = classCharEnd(i + 1);
				}
			}
			return Math.min(i + 1, p.length());
		}

		private int classCharEnd(int i) {
			if (this.pattern.charAt(i) != '\\') {
				return i + 1;
			}
			if (braced(i + 1)) {
				return braceEnd(i + 3);
			}
			return Math.min(i + 2, this.pattern.length());
		}

		/**
		 * Whether {@code i} is the letter of a {@code \p{..}}, {@code \P{..}} or
		 * {@code \x{..}} escape.
		 */
		private boolean braced(int i) {
			if (i + 1 >= this.pattern.length() || this.pattern.charAt(i + 1) != '{') {
				return false;
			}
			char kind = this.pattern.charAt(i);
			return kind == 'p' || kind == 'P' || kind == 'x';
		}

		/**
		 * Index after the closing brace of a class name or code point that starts at
		 * {@code start}; if it is not a plausible name, {@code start - 1}, so that the
		 * opening brace and what follows are scanned as usual (which can only
		 * overestimate).
		 */
		private int braceEnd(int start) {
			int i = start;
			while (i < this.pattern.length() && isNameChar(this.pattern.charAt(i))) {
				i++;
			}
			return (i < this.pattern.length() && this.pattern.charAt(i) == '}') ? i + 1 : start - 1;
		}

		private static boolean isNameChar(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '^';
		}

		private int digitsEnd(int start) {
			int i = start;
			while (i < this.pattern.length() && this.pattern.charAt(i) >= '0' && this.pattern.charAt(i) <= '9') {
				i++;
			}
			return i;
		}

		/**
		 * Whether digits form a count; as in RE2, a leading zero makes the brace literal.
		 */
		private boolean isCount(int start, int end) {
			return end > start && (end - start == 1 || this.pattern.charAt(start) != '0');
		}

		private long count(int start, int end) {
			long value = 0;
			for (int i = start; i < end; i++) {
				value = Math.min(MAX_COUNT, value * 10 + (this.pattern.charAt(i) - '0'));
			}
			return value;
		}

	}

}
