package dev.wse.engine.topic;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Topic name or glob pattern to subscribers. Lock-free reads on the fan-out path; a
 * subscriber that matches a topic through several entries is visited once.
 *
 * @param <S> the subscriber type
 */
public final class TopicRegistry<S> {

	private final Map<String, Set<S>> exact = new ConcurrentHashMap<>();

	private final Map<String, PatternEntry<S>> patterns = new ConcurrentHashMap<>();

	/**
	 * Subscribe to a topic or pattern.
	 * @param subscriber the subscriber
	 * @param topic the topic or pattern
	 * @return {@code true} if this was a new subscription
	 */
	public boolean subscribe(S subscriber, String topic) {
		boolean[] added = new boolean[1];
		if (TopicPattern.isPattern(topic)) {
			this.patterns.compute(topic, (key, entry) -> {
				PatternEntry<S> result = (entry != null) ? entry
						: new PatternEntry<>(TopicPattern.compile(key), ConcurrentHashMap.newKeySet());
				added[0] = result.subscribers().add(subscriber);
				return result;
			});
		}
		else {
			this.exact.compute(topic, (key, set) -> {
				Set<S> result = (set != null) ? set : ConcurrentHashMap.newKeySet();
				added[0] = result.add(subscriber);
				return result;
			});
		}
		return added[0];
	}

	/**
	 * Remove a subscription.
	 * @param subscriber the subscriber
	 * @param topic the topic or pattern
	 * @return {@code true} if it existed
	 */
	public boolean unsubscribe(S subscriber, String topic) {
		boolean[] removed = new boolean[1];
		if (TopicPattern.isPattern(topic)) {
			this.patterns.computeIfPresent(topic, (key, entry) -> {
				removed[0] = entry.subscribers().remove(subscriber);
				return entry.subscribers().isEmpty() ? null : entry;
			});
		}
		else {
			this.exact.computeIfPresent(topic, (key, set) -> {
				removed[0] = set.remove(subscriber);
				return set.isEmpty() ? null : set;
			});
		}
		return removed[0];
	}

	/**
	 * Visit every subscriber of a topic once: exact subscribers and those of matching
	 * patterns.
	 * @param topic the topic (not a pattern)
	 * @param action the visitor
	 * @return the number of subscribers visited
	 */
	public int forEachSubscriber(String topic, Consumer<S> action) {
		Set<S> direct = this.exact.get(topic);
		if (this.patterns.isEmpty()) {
			if (direct == null) {
				return 0;
			}
			int visited = 0;
			for (S subscriber : direct) {
				action.accept(subscriber);
				visited++;
			}
			return visited;
		}
		Set<S> all = new LinkedHashSet<>((direct != null) ? direct : Collections.emptySet());
		for (PatternEntry<S> entry : this.patterns.values()) {
			if (entry.pattern().matches(topic)) {
				all.addAll(entry.subscribers());
			}
		}
		all.forEach(action);
		return all.size();
	}

	/**
	 * Return the number of topics and patterns with subscribers.
	 * @return the count
	 */
	public int size() {
		return this.exact.size() + this.patterns.size();
	}

	/**
	 * Return the number of subscribers of an exact topic or pattern entry.
	 * @param topic the topic or pattern
	 * @return the count
	 */
	public int subscriberCount(String topic) {
		if (TopicPattern.isPattern(topic)) {
			PatternEntry<S> entry = this.patterns.get(topic);
			return (entry != null) ? entry.subscribers().size() : 0;
		}
		Set<S> set = this.exact.get(topic);
		return (set != null) ? set.size() : 0;
	}

	/**
	 * Return an iterator over the topic and pattern names (weakly consistent).
	 * @return the names
	 */
	public Iterator<String> names() {
		Set<String> names = new LinkedHashSet<>(this.exact.keySet());
		names.addAll(this.patterns.keySet());
		return names.iterator();
	}

	private record PatternEntry<S>(TopicPattern pattern, Set<S> subscribers) {
	}

}
