package dev.wse.autoconfigure.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wse.endpoint.allowed-origin-patterns} test for the Netty transport, with the
 * pattern syntax of Spring's {@code CorsConfiguration#setAllowedOriginPatterns} that the
 * servlet transport uses: {@code *} alone allows every origin, {@code *} elsewhere
 * matches any characters, and a trailing port list {@code :[8080,8081]} or {@code :[*]}
 * restricts the port.
 *
 * @author WSE team
 */
final class OriginPatterns implements Predicate<String> {

	private static final Pattern PORTS = Pattern.compile("(.*):\\[(\\*|\\d+(,\\d+)*)]");

	private final List<Pattern> patterns;

	private final boolean any;

	private OriginPatterns(List<Pattern> patterns, boolean any) {
		this.patterns = patterns;
		this.any = any;
	}

	/**
	 * Compile the patterns; none means every origin.
	 * @param values the patterns
	 * @return the test
	 */
	static OriginPatterns of(List<String> values) {
		List<Pattern> patterns = new ArrayList<>();
		boolean any = values.isEmpty();
		for (String value : values) {
			String trimmed = trimTrailingSlash(value.trim());
			if (trimmed.equals("*")) {
				any = true;
				continue;
			}
			patterns.add(compile(trimmed));
		}
		return new OriginPatterns(List.copyOf(patterns), any);
	}

	private static Pattern compile(String value) {
		String ports = null;
		Matcher matcher = PORTS.matcher(value);
		if (matcher.matches()) {
			value = matcher.group(1);
			ports = matcher.group(2);
		}
		String regex = "\\Q" + value + "\\E";
		regex = regex.replace("*", "\\E.*\\Q");
		if (ports != null) {
			regex += ports.equals("*") ? "(:\\d+)?" : ":(" + ports.replace(',', '|') + ")";
		}
		return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
	}

	private static String trimTrailingSlash(String value) {
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	@Override
	public boolean test(String origin) {
		if (this.any) {
			return true;
		}
		String candidate = trimTrailingSlash(origin.trim());
		for (Pattern pattern : this.patterns) {
			if (pattern.matcher(candidate).matches()) {
				return true;
			}
		}
		return false;
	}

}
