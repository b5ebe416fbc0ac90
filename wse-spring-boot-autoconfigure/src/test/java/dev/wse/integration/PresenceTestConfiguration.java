package dev.wse.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wse.engine.handler.annotation.OnPresenceJoin;
import dev.wse.engine.handler.annotation.OnPresenceLeave;
import dev.wse.engine.presence.PresenceChange;
import dev.wse.engine.security.TopicAuthorizer;
import dev.wse.spring.annotation.WseHandler;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the presence test server only (a {@link TestConfiguration}, so component
 * scanning of the other test servers skips it and its nested classes): a topic authorizer
 * that hides {@value #FORBIDDEN_PREFIX}* topics, and presence hooks that record what they
 * are told.
 */
@TestConfiguration(proxyBeanMethods = false)
class PresenceTestConfiguration {

	/** Topics starting with this may not be subscribed to, nor their presence queried. */
	static final String FORBIDDEN_PREFIX = "secret";

	@Bean
	TopicAuthorizer presenceTopicAuthorizer() {
		return (principal, topic) -> !topic.startsWith(FORBIDDEN_PREFIX);
	}

	/**
	 * Records every join and leave as {@code "join <user> <topic>"} or
	 * {@code "leave <user> <topic>"}. A bean of the presence server only: registered as a
	 * member class of this configuration.
	 */
	@WseHandler
	static class PresenceHooks {

		private final List<String> calls = new CopyOnWriteArrayList<>();

		@OnPresenceJoin
		void joined(PresenceChange change) {
			this.calls.add("join " + change.userId() + " " + change.topic());
		}

		@OnPresenceLeave
		void left(PresenceChange change) {
			this.calls.add("leave " + change.userId() + " " + change.topic());
		}

		/**
		 * Return the calls about one topic, in order.
		 */
		List<String> callsFor(String topic) {
			return this.calls.stream().filter((call) -> call.endsWith(" " + topic)).toList();
		}

	}

}
