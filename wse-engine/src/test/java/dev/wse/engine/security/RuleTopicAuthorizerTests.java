package dev.wse.engine.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RuleTopicAuthorizer} and {@link TopicAuthorizer#allOf}.
 *
 * @author WSE team
 */
class RuleTopicAuthorizerTests {

	private static final WsePrincipal ALICE = WsePrincipal.of("alice");

	private static WsePrincipal withClaim(String userId, Object claim) {
		return new WsePrincipal(userId, Map.of(RuleTopicAuthorizer.CLAIM, claim), null);
	}

	@Test
	void emptyRulesAllowEverything() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of());
		assertThat(rules.isEmpty()).isTrue();
		assertThat(rules.canSubscribe(null, "chat:general")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "*")).isTrue();
		assertThat(rules.canJoin(ALICE, "room")).isFalse();
	}

	@Test
	void allowListRestrictsTopics() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("chat:*", "news"), List.of());
		assertThat(rules.canSubscribe(ALICE, "chat:general")).isTrue();
		assertThat(rules.canSubscribe(null, "news")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "newsletter")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "admin")).isFalse();
	}

	@Test
	void denyListRefusesTopics() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of("admin:*"));
		assertThat(rules.canSubscribe(ALICE, "admin:users")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "chat:general")).isTrue();
	}

	@Test
	void denyWins() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("chat:*"), List.of("chat:secret"));
		assertThat(rules.canSubscribe(ALICE, "chat:general")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "chat:secret")).isFalse();
	}

	@Test
	void subIsReplacedByTheUserId() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("user:{sub}", "user:{sub}:*"), List.of());
		assertThat(rules.canSubscribe(ALICE, "user:alice")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "user:alice:inbox")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "user:bob")).isFalse();
	}

	@Test
	void subRulesNeverMatchAnonymousConnections() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("user:{sub}"), List.of());
		assertThat(rules.canSubscribe(null, "user:{sub}")).isFalse();
		assertThat(rules.canSubscribe(null, "user:")).isFalse();
		RuleTopicAuthorizer denySub = new RuleTopicAuthorizer(List.of(), List.of("private:{sub}"));
		assertThat(denySub.canSubscribe(null, "private:{sub}")).isTrue();
	}

	@Test
	void userIdWithGlobCharactersDoesNotWidenAnAllowRule() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("user:{sub}"), List.of());
		assertThat(rules.canSubscribe(WsePrincipal.of("*"), "user:bob")).isFalse();
		assertThat(rules.canSubscribe(WsePrincipal.of("?"), "user:b")).isFalse();
	}

	@Test
	void claimAddsAllowRules() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("public:*"), List.of());
		WsePrincipal principal = withClaim("alice", Map.of("allow", List.of("team:42:*", "inbox:{sub}")));
		assertThat(rules.canSubscribe(principal, "public:news")).isTrue();
		assertThat(rules.canSubscribe(principal, "team:42:chat")).isTrue();
		assertThat(rules.canSubscribe(principal, "inbox:alice")).isTrue();
		assertThat(rules.canSubscribe(principal, "team:43:chat")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "team:42:chat")).isFalse();
	}

	@Test
	void claimAllowListRestrictsWhenPropertiesAreEmpty() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of());
		WsePrincipal principal = withClaim("alice", Map.of("allow", List.of("team:42:*")));
		assertThat(rules.canSubscribe(principal, "team:42:chat")).isTrue();
		assertThat(rules.canSubscribe(principal, "other")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "other")).isTrue();
	}

	@Test
	void claimDenyWinsOverPropertyAllow() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("chat:*"), List.of());
		WsePrincipal principal = withClaim("alice", Map.of("deny", "chat:vip"));
		assertThat(rules.canSubscribe(principal, "chat:general")).isTrue();
		assertThat(rules.canSubscribe(principal, "chat:vip")).isFalse();
	}

	@Test
	void malformedClaimRefusesEverything() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of());
		assertThat(rules.canSubscribe(withClaim("alice", "chat:*"), "chat:general")).isFalse();
		assertThat(rules.canSubscribe(withClaim("alice", Map.of("allow", 42)), "chat:general")).isFalse();
		assertThat(rules.canSubscribe(withClaim("alice", Map.of("allow", List.of("chat:*", 42))), "chat:general"))
			.isFalse();
	}

	@Test
	void patternSubscriptionsNeedAnAllowRuleCoveringThem() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("chat:*", "user:{sub}", "game:?"), List.of());
		assertThat(rules.canSubscribe(ALICE, "*")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "chat:*")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "chat:room-?")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "user:*")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "game:?")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "game:*")).isFalse();
		assertThat(new RuleTopicAuthorizer(List.of("*"), List.of()).canSubscribe(ALICE, "*")).isTrue();
	}

	@Test
	void patternSubscriptionsOverlappingADenyRuleAreRefused() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of("chat:secret", "admin:*"));
		assertThat(rules.canSubscribe(ALICE, "chat:*")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "*")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "ad*")).isFalse();
		assertThat(rules.canSubscribe(ALICE, "chat:public-*")).isTrue();
		assertThat(rules.canSubscribe(ALICE, "news:?")).isTrue();
	}

	@Test
	void coversAndOverlaps() {
		assertThat(RuleTopicAuthorizer.covers("a*", "ab*")).isTrue();
		assertThat(RuleTopicAuthorizer.covers("a?", "a*")).isFalse();
		assertThat(RuleTopicAuthorizer.covers("a*b", "a*b")).isTrue();
		assertThat(RuleTopicAuthorizer.covers("a*b", "a*")).isFalse();
		assertThat(RuleTopicAuthorizer.overlaps("a*", "*b")).isTrue();
		assertThat(RuleTopicAuthorizer.overlaps("a?c", "*d")).isFalse();
		assertThat(RuleTopicAuthorizer.overlaps("a*c", "ab?")).isTrue();
		assertThat(RuleTopicAuthorizer.overlaps("abc", "a*d")).isFalse();
	}

	@Test
	void allOfNeedsEverySubscribeAndAnyJoin() {
		TopicAuthorizer rules = new RuleTopicAuthorizer(List.of("chat:*"), List.of());
		TopicAuthorizer app = new TopicAuthorizer() {

			@Override
			public boolean canSubscribe(WsePrincipal principal, String topic) {
				return !topic.endsWith(":blocked");
			}

			@Override
			public boolean canJoin(WsePrincipal principal, String room) {
				return room.startsWith("lobby");
			}

		};
		TopicAuthorizer combined = TopicAuthorizer.allOf(rules, app);
		assertThat(combined.canSubscribe(ALICE, "chat:general")).isTrue();
		assertThat(combined.canSubscribe(ALICE, "chat:blocked")).isFalse();
		assertThat(combined.canSubscribe(ALICE, "news")).isFalse();
		assertThat(combined.canJoin(ALICE, "lobby-1")).isTrue();
		assertThat(combined.canJoin(ALICE, "other")).isFalse();
	}

	@Test
	void publishIsDeniedWithoutPublishAllowRules() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of("chat:*"), List.of());
		assertThat(rules.canPublish(WsePrincipal.of("alice"), "chat:lobby")).isFalse();
		assertThat(TopicAuthorizer.ALLOW_ALL.canPublish(WsePrincipal.of("alice"), "chat:lobby")).isFalse();
		assertThat(TopicAuthorizer.allOf(rules, TopicAuthorizer.ALLOW_ALL)
			.canPublish(WsePrincipal.of("alice"), "chat:lobby")).isFalse();
	}

	@Test
	void publishAllowRulesWithSubAndDenyWins() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of("chat:secret"),
				List.of("chat:*", "user:{sub}"), List.of("chat:readonly"));
		WsePrincipal alice = WsePrincipal.of("alice");
		assertThat(rules.canPublish(alice, "chat:lobby")).isTrue();
		assertThat(rules.canPublish(alice, "user:alice")).isTrue();
		assertThat(rules.canPublish(alice, "user:bob")).isFalse();
		assertThat(rules.canPublish(null, "user:{sub}")).isFalse();
		assertThat(rules.canPublish(alice, "chat:readonly")).isFalse();
		assertThat(rules.canPublish(alice, "chat:secret")).as("subscription deny rules apply too").isFalse();
		assertThat(rules.canPublish(alice, "chat:*")).as("never a pattern").isFalse();
		assertThat(rules.vetoesPublish(alice, "chat:readonly")).isTrue();
		assertThat(rules.vetoesPublish(alice, "user:bob")).isFalse();
	}

	@Test
	void vetoWinsOverAnotherAuthorizerThatAllowsPublishing() {
		TopicAuthorizer permissive = new TopicAuthorizer() {

			@Override
			public boolean canSubscribe(WsePrincipal principal, String topic) {
				return true;
			}

			@Override
			public boolean canPublish(WsePrincipal principal, String topic) {
				return true;
			}

		};
		TopicAuthorizer combined = TopicAuthorizer
			.allOf(new RuleTopicAuthorizer(List.of(), List.of(), List.of(), List.of("admin:*")), permissive);
		assertThat(combined.canPublish(WsePrincipal.of("alice"), "chat:lobby")).isTrue();
		assertThat(combined.canPublish(WsePrincipal.of("alice"), "admin:ops")).isFalse();
	}

	@Test
	void publishClaimAddsRulesAndMalformedClaimsFailClosed() {
		RuleTopicAuthorizer rules = new RuleTopicAuthorizer(List.of(), List.of());
		WsePrincipal claimed = new WsePrincipal("alice", Map.of(RuleTopicAuthorizer.PUBLISH_CLAIM,
				Map.of("allow", List.of("team:{sub}:*"), "deny", "team:alice:x")), null);
		assertThat(rules.canPublish(claimed, "team:alice:chat")).isTrue();
		assertThat(rules.canPublish(claimed, "team:alice:x")).isFalse();
		assertThat(rules.canPublish(claimed, "team:bob:chat")).isFalse();
		WsePrincipal malformed = new WsePrincipal("alice", Map.of(RuleTopicAuthorizer.PUBLISH_CLAIM, "team:*"), null);
		assertThat(rules.canPublish(malformed, "team:alice:chat")).isFalse();
		assertThat(rules.vetoesPublish(malformed, "anything")).isTrue();
		WsePrincipal topicsDeny = new WsePrincipal("alice",
				Map.of(RuleTopicAuthorizer.CLAIM, Map.of("deny", List.of("team:alice:x")),
						RuleTopicAuthorizer.PUBLISH_CLAIM, Map.of("allow", List.of("team:alice:*"))),
				null);
		assertThat(rules.canPublish(topicsDeny, "team:alice:x")).isFalse();
		assertThat(rules.canPublish(topicsDeny, "team:alice:y")).isTrue();
	}

}
