package dev.wse.engine.filter;

import java.util.Random;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RegexSizeTests {

	private static final long BUDGET = FilterLimits.defaults().maxRegexProgramSize();

	/** Fragments that exercise every construct the scan treats specially. */
	private static final String[] FRAGMENTS = { "a", "b", "(", ")", "|", "*", "+", "?", "{2}", "{3,}", "{1,4}", "{",
			"}", ",", "[", "]", "\\", "^", "$", ".", ":", "p", "Q", "E", "x", "{9}", "(?:", "(?i)", "[:alpha:]",
			"[:a:]", "\\pL", "\\p{Greek}", "\\x{41}", "\\Q", "\\E", "\\Q\\E", "-", "[^", "\\d", "\\]", "{,2}", "{0}",
			"{01}", "{00}", "(?)", "(?i:", "(?U)", "[E-", "-[", "-]", "\\x41", "\\x{", "\\p{", "\\P", "\\-", "\\[",
			"(?P<n>", "{1,01}", "{00,2}", "{0,}" };

	@ParameterizedTest
	@ValueSource(strings = { "abc", "^[a-z]{1,255}$", "[a-z]{1,64}@[a-z]{1,64}\\.com", "(a+)+$", "\\d{4}-\\d{2}-\\d{2}",
			"(x){1000}", "\\x{1000}", "\\p{Greek}{3}", "[\\]{]{3}", "[[:alpha:]]{2,}", "\\Qa{1000}\\E",
			"(?i)hello|world", "(?P<year>\\d{4})" })
	void ordinaryPatternsFitTheBudget(String pattern) {
		assertThat(RegexSize.fitsWithin(pattern, BUDGET)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "^[a-z]{1,255}$", "(a+)+$", "\\d{4}-\\d{2}-\\d{2}", "(x){1000}", "\\x{1000}",
			"\\p{Greek}{3}", "[\\]{]{3}", "[[:alpha:]]{2,}", "\\Qa{1000}\\E", "(?i)hello|world", "(?P<year>\\d{4})",
			"a{1000}", "(ab){300}", "[0-9]{1,1000}", "(a{10}){20,30}", "(?:a|bc|d*){5,}", "x*?y+?z??", "a{,3}",
			"a{10}(?i){10}", "a{10}\\Q\\E{10}", "[E-[:a:](a{10}){10}]", "a{01}", "(){9}", "\\d^*(?U){9}" })
	void estimateIsNeverBelowTheRealProgramSize(String pattern) {
		int real = Pattern.compile(pattern).programSize();
		assertThat(RegexSize.fitsWithin(pattern, real - 1)).isFalse();
	}

	@Test
	void estimateIsNeverBelowTheRealProgramSizeOfRandomPatterns() {
		Random random = new Random(42);
		int compiled = 0;
		for (int n = 0; n < 50_000; n++) {
			StringBuilder pattern = new StringBuilder();
			int fragments = 1 + random.nextInt(16);
			for (int i = 0; i < fragments; i++) {
				pattern.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
			}
			// single-digit counts keep the real programs small enough to compile
			if (!RegexSize.fitsWithin(pattern.toString(), 1_000_000)) {
				continue;
			}
			int real;
			try {
				real = Pattern.compile(pattern.toString()).programSize();
			}
			catch (PatternSyntaxException ex) {
				continue;
			}
			compiled++;
			assertThat(RegexSize.fitsWithin(pattern.toString(), real - 1)).as(pattern.toString()).isFalse();
		}
		assertThat(compiled).isGreaterThan(5_000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "((a{1000}){1000}){1000}", "(a{1000}){1000}", "(?:[a-z]{100}){100}", "(a{100}|b){100}",
			"a{1000}b{1000}c{1000}d{1000}e{1000}", "(((a{10}){10}){10}){10}", "[\\]{]((a{1000}){1000}){1000}",
			"\\x{41((a{1000}){1000}){1000}", "a{1000}(?i){1000}(?i){1000}", "a{1000}\\Q\\E{1000}\\Q\\E{1000}",
			"[E-[:a:]((a{1000}){1000}){1000}]", "(((a{1000}){1000}){1000}){0}", "(((a{1000}){1000}){1000}){00}" })
	void patternsThatExpandBeyondTheBudgetDoNotFit(String pattern) {
		assertThat(RegexSize.fitsWithin(pattern, BUDGET)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 101 })
	void groupsNestedTooDeeplyDoNotFit(int depth) {
		String pattern = "(".repeat(depth) + "a" + ")".repeat(depth);
		assertThat(RegexSize.fitsWithin(pattern, Long.MAX_VALUE / 4)).isEqualTo(depth <= RegexSize.MAX_GROUP_NESTING);
	}

}
