package dev.wse.engine.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a connection may subscribe to a topic or pattern (allowed by default),
 * join a room (closed by default) and publish to a topic (denied by default).
 */
@FunctionalInterface
public interface TopicAuthorizer {

	/**
	 * An authorizer that allows every subscription.
	 */
	TopicAuthorizer ALLOW_ALL = (principal, topic) -> true;

	/**
	 * Return whether the connection may subscribe to the topic (or glob pattern).
	 * @param principal the connection's principal, or {@code null} for anonymous
	 * connections
	 * @param topic the topic or pattern
	 * @return {@code true} to allow
	 */
	boolean canSubscribe(@Nullable WsePrincipal principal, String topic);

	/**
	 * Return whether the connection may join a room (a topic with membership). Rooms are
	 * closed unless a rule opens them: by default only the engine's allowed-room patterns
	 * do.
	 * @param principal the connection's principal, or {@code null} for anonymous
	 * connections
	 * @param room the room
	 * @return {@code true} to allow
	 */
	default boolean canJoin(@Nullable WsePrincipal principal, String room) {
		return false;
	}

	/**
	 * Return whether the connection may publish to a topic (a client {@code publish}
	 * message). Denied by default: an application that lets clients publish overrides
	 * this (or configures publish rules, see {@link RuleTopicAuthorizer}).
	 * @param principal the connection's principal, or {@code null} for anonymous
	 * connections
	 * @param topic the topic, never a pattern
	 * @return {@code true} to allow
	 */
	default boolean canPublish(@Nullable WsePrincipal principal, String topic) {
		return false;
	}

	/**
	 * Return whether this authorizer vetoes a publication outright, whatever the other
	 * authorizers combined with it by {@link #allOf} decide (a deny rule). Never vetoes
	 * by default.
	 * @param principal the connection's principal, or {@code null} for anonymous
	 * connections
	 * @param topic the topic, never a pattern
	 * @return {@code true} to refuse the publication
	 */
	default boolean vetoesPublish(@Nullable WsePrincipal principal, String topic) {
		return false;
	}

	/**
	 * Combine authorizers: a subscription is allowed only when every authorizer allows
	 * it; a room join is allowed when any authorizer allows it (an authorizer that only
	 * restricts subscriptions, such as {@link RuleTopicAuthorizer}, keeps the default
	 * {@code canJoin} of {@code false} and so leaves joins to the others); a publication
	 * is allowed when no authorizer {@linkplain #vetoesPublish vetoes} it and any
	 * authorizer allows it (so deny rules win, and the default {@code canPublish} of
	 * {@code false} leaves the decision to the others).
	 * @param authorizers the authorizers, asked in order
	 * @return the combined authorizer
	 */
	static TopicAuthorizer allOf(TopicAuthorizer... authorizers) {
		List<TopicAuthorizer> all = List.of(authorizers);
		return new TopicAuthorizer() {

			@Override
			public boolean canSubscribe(@Nullable WsePrincipal principal, String topic) {
				for (TopicAuthorizer authorizer : all) {
					if (!authorizer.canSubscribe(principal, topic)) {
						return false;
					}
				}
				return true;
			}

			@Override
			public boolean canJoin(@Nullable WsePrincipal principal, String room) {
				for (TopicAuthorizer authorizer : all) {
					if (authorizer.canJoin(principal, room)) {
						return true;
					}
				}
				return false;
			}

			@Override
			public boolean canPublish(@Nullable WsePrincipal principal, String topic) {
				if (vetoesPublish(principal, topic)) {
					return false;
				}
				for (TopicAuthorizer authorizer : all) {
					if (authorizer.canPublish(principal, topic)) {
						return true;
					}
				}
				return false;
			}

			@Override
			public boolean vetoesPublish(@Nullable WsePrincipal principal, String topic) {
				for (TopicAuthorizer authorizer : all) {
					if (authorizer.vetoesPublish(principal, topic)) {
						return true;
					}
				}
				return false;
			}

			@Override
			public String toString() {
				return "TopicAuthorizer.allOf" + all;
			}

		};
	}

}
