package dev.wse.engine.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.wse.engine.topic.TopicPattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TopicAuthorizer} built from allow and deny lists of glob rules ({@code *} any
 * run of characters, {@code ?} one character), plus per-connection rules from the
 * principal's {@value #CLAIM} claim.
 * <p>
 * {@code {sub}} in a rule stands for the principal's user id; such rules never match
 * anonymous connections, and an allow rule with {@code {sub}} never matches a user id
 * that contains {@code *} or {@code ?} (so a user id cannot widen it).
 * <p>
 * The claim is a map with optional {@code allow} and {@code deny} lists of rules (a
 * single string is one rule). A claim of another shape, or a list with a non-string
 * element, refuses every subscription of the connection (fail closed).
 * <p>
 * Semantics: deny wins, any matching deny rule (from the lists or the claim) refuses;
 * otherwise, when any allow list (the lists or the claim) is non-empty, the topic must
 * match one allow rule; when all allow lists are empty, the topic is allowed.
 * <p>
 * A subscription to a glob pattern is checked as a pattern: an allow rule must cover
 * every topic the pattern can match (in practice: the rule matches the pattern taken
 * literally, where {@code ?} in a rule does not match {@code *} in the pattern), and a
 * deny rule refuses it when the two can match a common topic. So the pattern {@code *} is
 * refused unless an allow rule {@code *} allows it, and {@code chat:*} is refused by a
 * deny rule {@code chat:secret}.
 * <p>
 * Publications (client {@code publish} messages) have rules of their own: publish-allow
 * and publish-deny lists plus the principal's {@value #PUBLISH_CLAIM} claim (same shape
 * as {@value #CLAIM}). A publication is allowed only when a publish-allow rule matches
 * the topic (so without publish-allow rules nothing is published), and is
 * {@linkplain #vetoesPublish vetoed} by any deny rule, subscription or publish, from the
 * lists or the claims, and by a malformed claim: deny wins, also over other authorizers
 * combined through {@link TopicAuthorizer#allOf}.
 * <p>
 * {@link #canJoin} keeps the interface default ({@code false}): rules only restrict
 * subscriptions.
 */
public final class RuleTopicAuthorizer implements TopicAuthorizer {

	/**
	 * The claim holding per-connection rules.
	 */
	public static final String CLAIM = "wse_topics";

	/**
	 * The claim holding per-connection publish rules.
	 */
	public static final String PUBLISH_CLAIM = "wse_publish";

	private static final String SUB = "{sub}";

	private static final ClaimRules NO_RULES = new ClaimRules(List.of(), List.of());

	private final List<String> allow;

	private final List<String> deny;

	private final List<String> publishAllow;

	private final List<String> publishDeny;

	/**
	 * Create an authorizer without publish rules (it allows no publication).
	 * @param allow the allow rules; empty to allow every topic not denied
	 * @param deny the deny rules
	 */
	public RuleTopicAuthorizer(Collection<String> allow, Collection<String> deny) {
		this(allow, deny, List.of(), List.of());
	}

	/**
	 * Create an authorizer.
	 * @param allow the allow rules; empty to allow every topic not denied
	 * @param deny the deny rules
	 * @param publishAllow the topics clients may publish to
	 * @param publishDeny the topics clients may not publish to (deny wins)
	 */
	public RuleTopicAuthorizer(Collection<String> allow, Collection<String> deny, Collection<String> publishAllow,
			Collection<String> publishDeny) {
		this.allow = List.copyOf(allow);
		this.deny = List.copyOf(deny);
		this.publishAllow = List.copyOf(publishAllow);
		this.publishDeny = List.copyOf(publishDeny);
	}

	/**
	 * Return whether this authorizer has no rules of its own (it then only applies the
	 * claims' rules).
	 * @return {@code true} when all lists are empty
	 */
	public boolean isEmpty() {
		return this.allow.isEmpty() && this.deny.isEmpty() && this.publishAllow.isEmpty() && this.publishDeny.isEmpty();
	}

	@Override
	public boolean canSubscribe(@Nullable WsePrincipal principal, String topic) {
		ClaimRules claim = claimRules(principal, CLAIM);
		if (claim == null) {
			return false;
		}
		String userId = (principal != null) ? principal.userId() : null;
		if (anyDenies(this.deny, userId, topic) || anyDenies(claim.deny(), userId, topic)) {
			return false;
		}
		if (this.allow.isEmpty() && claim.allow().isEmpty()) {
			return true;
		}
		return anyAllows(this.allow, userId, topic) || anyAllows(claim.allow(), userId, topic);
	}

	@Override
	public boolean canPublish(@Nullable WsePrincipal principal, String topic) {
		if (TopicPattern.isPattern(topic) || vetoesPublish(principal, topic)) {
			return false;
		}
		ClaimRules claim = claimRules(principal, PUBLISH_CLAIM);
		String userId = (principal != null) ? principal.userId() : null;
		return claim != null
				&& (anyAllows(this.publishAllow, userId, topic) || anyAllows(claim.allow(), userId, topic));
	}

	@Override
	public boolean vetoesPublish(@Nullable WsePrincipal principal, String topic) {
		ClaimRules topics = claimRules(principal, CLAIM);
		ClaimRules publish = claimRules(principal, PUBLISH_CLAIM);
		if (topics == null || publish == null) {
			return true;
		}
		String userId = (principal != null) ? principal.userId() : null;
		return anyDenies(this.deny, userId, topic) || anyDenies(this.publishDeny, userId, topic)
				|| anyDenies(topics.deny(), userId, topic) || anyDenies(publish.deny(), userId, topic);
	}

	/**
	 * Read a claim's rules; {@code null} when the claim is malformed (fail closed).
	 */
	private static @Nullable ClaimRules claimRules(@Nullable WsePrincipal principal, String name) {
		Object claim = (principal != null) ? principal.claims().get(name) : null;
		if (claim == null) {
			return NO_RULES;
		}
		if (!(claim instanceof Map<?, ?> map)) {
			return null;
		}
		List<String> allow = rules(map.get("allow"));
		List<String> deny = rules(map.get("deny"));
		return (allow != null && deny != null) ? new ClaimRules(allow, deny) : null;
	}

	private record ClaimRules(List<String> allow, List<String> deny) {
	}

	private static @Nullable List<String> rules(@Nullable Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof String rule) {
			return List.of(rule);
		}
		if (!(value instanceof Collection<?> collection)) {
			return null;
		}
		for (Object element : collection) {
			if (!(element instanceof String)) {
				return null;
			}
		}
		@SuppressWarnings("unchecked")
		Collection<String> strings = (Collection<String>) collection;
		return List.copyOf(strings);
	}

	private static boolean anyDenies(List<String> rules, @Nullable String userId, String topic) {
		for (String rule : rules) {
			String resolved = resolve(rule, userId, false);
			if (resolved != null && (TopicPattern.isPattern(topic) ? overlaps(resolved, topic)
					: TopicPattern.compile(resolved).matches(topic))) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyAllows(List<String> rules, @Nullable String userId, String topic) {
		for (String rule : rules) {
			String resolved = resolve(rule, userId, true);
			if (resolved != null && (TopicPattern.isPattern(topic) ? covers(resolved, topic)
					: TopicPattern.compile(resolved).matches(topic))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Replace {@code {sub}}; {@code null} when the rule cannot apply (anonymous, or an
	 * allow rule and a user id with glob characters).
	 */
	private static @Nullable String resolve(String rule, @Nullable String userId, boolean allow) {
		if (!rule.contains(SUB)) {
			return rule;
		}
		if (userId == null || (allow && TopicPattern.isPattern(userId))) {
			return null;
		}
		return rule.replace(SUB, userId);
	}

	/**
	 * Return whether every topic matched by {@code pattern} is matched by {@code rule}:
	 * the rule matches the pattern taken literally, {@code ?} in the rule not matching
	 * {@code *} in the pattern.
	 */
	static boolean covers(String rule, String pattern) {
		int n = rule.length();
		int m = pattern.length();
		// can[i][j]: rule[i..] covers pattern[j..]
		boolean[][] can = new boolean[n + 1][m + 1];
		can[n][m] = true;
		for (int i = n - 1; i >= 0; i--) {
			char r = rule.charAt(i);
			for (int j = m; j >= 0; j--) {
				if (r == '*') {
					can[i][j] = can[i + 1][j] || (j < m && can[i][j + 1]);
				}
				else if (j < m) {
					char p = pattern.charAt(j);
					boolean one = (r == '?') ? p != '*' : (p != '*' && p != '?' && p == r);
					can[i][j] = one && can[i + 1][j + 1];
				}
			}
		}
		return can[0][0];
	}

	/**
	 * Return whether two globs can match a common topic.
	 */
	static boolean overlaps(String a, String b) {
		int n = a.length();
		int m = b.length();
		// can[i][j]: a[i..] and b[j..] match a common string
		boolean[][] can = new boolean[n + 1][m + 1];
		for (int i = n; i >= 0; i--) {
			for (int j = m; j >= 0; j--) {
				if (i == n && j == m) {
					can[i][j] = true;
					continue;
				}
				char x = (i < n) ? a.charAt(i) : 0;
				char y = (j < m) ? b.charAt(j) : 0;
				boolean result = false;
				if (i < n && x == '*') {
					result = can[i + 1][j] || (j < m && y != '*' && can[i][j + 1]);
				}
				if (!result && j < m && y == '*') {
					result = can[i][j + 1] || (i < n && x != '*' && can[i + 1][j]);
				}
				if (!result && i < n && j < m && x != '*' && y != '*') {
					result = (x == '?' || y == '?' || x == y) && can[i + 1][j + 1];
				}
				can[i][j] = result;
			}
		}
		return can[0][0];
	}

}
