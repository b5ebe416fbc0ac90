package dev.wse.engine.filter;

import java.util.TreeSet;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles the operand of {@code $regex} with RE2/J once, at filter compile time, within
 * the {@link FilterLimits}: the pattern may be at most {@code maxRegexLength} characters
 * and its program at most {@code 16 * maxRegexLength} instructions (checked by
 * {@link RegexSize} before compiling and exactly afterwards).
 */
final class RegexCompiler {

	private RegexCompiler() {
	}

	/**
	 * Compile a pattern.
	 * @param source the pattern
	 * @param options the {@code $options} letters: {@code i} (case-insensitive),
	 * {@code m} (multi-line {@code ^}/{@code $}), {@code s} ({@code .} matches newlines)
	 * @param limits the limits
	 * @param location where the pattern appears, for error messages
	 * @return the test
	 * @throws InvalidFilterException if the pattern or options are invalid or too large
	 */
	static RegexTest compile(String source, String options, FilterLimits limits, String location) {
		if (source.length() > limits.maxRegexLength()) {
			throw InvalidFilterException.at(location, "$regex is " + source.length()
					+ " characters long, more than the limit of " + limits.maxRegexLength());
		}
		String canonicalOptions = canonicalOptions(options, location);
		if (!RegexSize.fitsWithin(source, limits.maxRegexProgramSize())) {
			throw tooComplex(location);
		}
		Pattern pattern;
		try {
			pattern = Pattern.compile(source, flags(canonicalOptions));
		}
		catch (PatternSyntaxException ex) {
			throw InvalidFilterException.at(location, "$regex is not a valid RE2 pattern: " + ex.getMessage());
		}
		if (pattern.programSize() > limits.maxRegexProgramSize()) {
			throw tooComplex(location);
		}
		return new RegexTest(pattern, canonicalOptions);
	}

	private static String canonicalOptions(String options, String location) {
		TreeSet<Character> letters = new TreeSet<>();
		for (int i = 0; i < options.length(); i++) {
			char letter = options.charAt(i);
			if (letter != 'i' && letter != 'm' && letter != 's') {
				throw InvalidFilterException.at(location,
						"$options may only contain the letters i, m and s, not '" + letter + "'");
			}
			letters.add(letter);
		}
		StringBuilder canonical = new StringBuilder(letters.size());
		letters.forEach(canonical::append);
		return canonical.toString();
	}

	private static int flags(String options) {
		int flags = 0;
		if (options.indexOf('i') >= 0) {
			flags |= Pattern.CASE_INSENSITIVE;
		}
		if (options.indexOf('m') >= 0) {
			flags |= Pattern.MULTILINE;
		}
		if (options.indexOf('s') >= 0) {
			flags |= Pattern.DOTALL;
		}
		return flags;
	}

	private static InvalidFilterException tooComplex(String location) {
		return InvalidFilterException.at(location,
				"$regex is too complex (counted repetitions or nesting make it too large to evaluate)");
	}

}
