package dev.wse.engine.topic;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicPatternTests {

	@Test
	void starMatchesAnyRunAndQuestionMarkOneCharacter() {
		assertThat(TopicPattern.compile("prices.*").matches("prices.us")).isTrue();
		assertThat(TopicPattern.compile("prices.*").matches("prices.")).isTrue();
		assertThat(TopicPattern.compile("prices.*").matches("prices")).isFalse();
		assertThat(TopicPattern.compile("*").matches("anything:at.all")).isTrue();
		assertThat(TopicPattern.compile("user:?").matches("user:1")).isTrue();
		assertThat(TopicPattern.compile("user:?").matches("user:12")).isFalse();
		assertThat(TopicPattern.compile("a*b*c").matches("axxbyyc")).isTrue();
		assertThat(TopicPattern.compile("a*b*c").matches("axxbyy")).isFalse();
		assertThat(TopicPattern.compile("exact").matches("exact")).isTrue();
		assertThat(TopicPattern.isPattern("a.b")).isFalse();
		assertThat(TopicPattern.isPattern("a.?")).isTrue();
	}

	@Test
	void pathologicalPatternsStayFast() {
		TopicPattern pattern = TopicPattern.compile("*a*a*a*a*a*a*a*a*b");
		String topic = "a".repeat(256);
		long start = System.nanoTime();
		assertThat(pattern.matches(topic)).isFalse();
		assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
	}

	@Test
	void registryVisitsEachSubscriberOnceAndForgetsEmptyTopics() {
		TopicRegistry<String> registry = new TopicRegistry<>();
		registry.subscribe("alice", "chat:*");
		registry.subscribe("alice", "chat:lobby");
		registry.subscribe("bob", "chat:lobby");
		registry.subscribe("carol", "news");
		List<String> visited = new ArrayList<>();
		assertThat(registry.forEachSubscriber("chat:lobby", visited::add)).isEqualTo(2);
		assertThat(visited).containsExactlyInAnyOrder("alice", "bob");
		assertThat(registry.size()).isEqualTo(3);
		registry.unsubscribe("carol", "news");
		registry.unsubscribe("alice", "chat:*");
		assertThat(registry.size()).isEqualTo(1);
		assertThat(registry.unsubscribe("alice", "chat:*")).isFalse();
	}

}
