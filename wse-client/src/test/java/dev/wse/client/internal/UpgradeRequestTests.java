package dev.wse.client.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpgradeRequest}.
 */
class UpgradeRequestTests {

	private static final URI BASE = URI.create("ws://localhost:8080/wse");

	@Test
	void bearerTokenBecomesAnAuthorizationHeader() {
		UpgradeRequest request = UpgradeRequest.of(BASE, Map.of(), Map.of(), "abc", "access_token", null);
		assertThat(request.headers()).containsEntry("Authorization", "Bearer abc").doesNotContainKey("Cookie");
		assertThat(request.uri()).isEqualTo(BASE);
	}

	@Test
	void cookieTokenIsMergedWithOtherCookies() {
		UpgradeRequest request = UpgradeRequest.of(BASE, Map.of(), Map.of("cookie", "theme=dark"), null, "access_token",
				"abc");
		assertThat(request.headers()).containsEntry("Cookie", "access_token=abc; theme=dark")
			.doesNotContainKey("cookie");
	}

	@Test
	void queryParametersAreEncodedAndAppended() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("format", "msgpack");
		query.put("topics", "a,b c");
		UpgradeRequest request = UpgradeRequest.of(URI.create("ws://localhost:8080/wse?x=1"), query, Map.of(), null,
				"access_token", null);
		assertThat(request.uri()).hasToString("ws://localhost:8080/wse?x=1&format=msgpack&topics=a%2Cb+c");
	}

}
