package dev.wse.engine.filter;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SubstringSearchTests {

	@Test
	void agreesWithStringContains() {
		Random random = new Random(7);
		for (int n = 0; n < 20_000; n++) {
			String needle = randomText(random, random.nextInt(6));
			String text = randomText(random, random.nextInt(20));
			assertThat(new SubstringSearch(needle).foundIn(text)).as("'%s' in '%s'", needle, text)
				.isEqualTo(text.contains(needle));
		}
	}

	@Test
	void repetitiveNeedleAndTextStayLinear() {
		SubstringSearch search = new SubstringSearch("a".repeat(100_000) + "b");
		String text = "a".repeat(1_000_000);
		boolean found = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> search.foundIn(text));
		assertThat(found).isFalse();
	}

	private static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + random.nextInt(3)));
		}
		return text.toString();
	}

}
