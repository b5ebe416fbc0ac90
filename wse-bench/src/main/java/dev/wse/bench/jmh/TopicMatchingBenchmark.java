package dev.wse.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.wse.engine.topic.TopicPattern;
import dev.wse.engine.topic.TopicRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Topic routing with the engine's {@link TopicRegistry} and glob {@link TopicPattern}:
 * the subscribers of one topic among {@code topics} exact topics (a hash lookup), among
 * as many glob patterns (each pattern is tested), and single pattern matches. The topic
 * looked up rotates over the registered ones so the lookup is not always the same entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TopicMatchingBenchmark {

	/** Number of exact topics, and of patterns, registered. */
	@Param({ "1000" })
	public int topics = 1000;

	private TopicRegistry<Integer> exactOnly = new TopicRegistry<>();

	private TopicRegistry<Integer> withPatterns = new TopicRegistry<>();

	private String[] names = new String[0];

	private int next;

	private long visited;

	private final Consumer<Integer> visitor = (subscriber) -> this.visited += subscriber;

	private TopicPattern pattern = TopicPattern.compile("chat.*.messages");

	private String matchingTopic = "";

	private String otherTopic = "";

	private TopicPattern pathological = TopicPattern.compile("*a*a*a*a*a*b");

	private String pathologicalTopic = "";

	/**
	 * Register {@code topics} exact topics with one subscriber each in both registries,
	 * and {@code topics} patterns {@code room.N.*} in the second one: a topic
	 * {@code room.N.chat} matches exactly one of them.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.exactOnly = new TopicRegistry<>();
		this.withPatterns = new TopicRegistry<>();
		this.names = new String[this.topics];
		for (int i = 0; i < this.topics; i++) {
			String name = "room." + i + ".chat";
			this.names[i] = name;
			this.exactOnly.subscribe(i, name);
			this.withPatterns.subscribe(i, name);
			this.withPatterns.subscribe(this.topics + i, "room." + i + ".*");
		}
		this.matchingTopic = "chat.room-" + this.topics + ".messages";
		this.otherTopic = "chat.room-" + this.topics + ".presence";
		this.pathologicalTopic = "a".repeat(this.topics / 10);
		if (this.exactOnly.forEachSubscriber(this.names[1], this.visitor) != 1
				|| this.withPatterns.forEachSubscriber(this.names[1], this.visitor) != 2
				|| !this.pattern.matches(this.matchingTopic) || this.pattern.matches(this.otherTopic)
				|| this.pathological.matches(this.pathologicalTopic)) {
			throw new IllegalStateException("Benchmark setup is wrong");
		}
	}

	private String nextTopic() {
		int index = this.next;
		this.next = (index + 1 == this.names.length) ? 0 : index + 1;
		return this.names[index];
	}

	/**
	 * Subscribers of one topic among {@code topics} exact topics and no patterns.
	 * @return subscribers visited plus the visitor's running sum
	 */
	@Benchmark
	public long exactLookup() {
		return this.exactOnly.forEachSubscriber(nextTopic(), this.visitor) + this.visited;
	}

	/**
	 * Subscribers of one topic with {@code topics} exact topics and {@code topics}
	 * patterns registered: one exact and one pattern subscriber match.
	 * @return subscribers visited plus the visitor's running sum
	 */
	@Benchmark
	public long patternScan() {
		return this.withPatterns.forEachSubscriber(nextTopic(), this.visitor) + this.visited;
	}

	/**
	 * One glob match that succeeds ({@code chat.*.messages}).
	 * @return whether it matched
	 */
	@Benchmark
	public boolean globMatch() {
		return this.pattern.matches(this.matchingTopic);
	}

	/**
	 * One glob match that fails on the last segment.
	 * @return whether it matched
	 */
	@Benchmark
	public boolean globMismatch() {
		return this.pattern.matches(this.otherTopic);
	}

	/**
	 * A backtracking-heavy glob ({@code *a*a*a*a*a*b}) against {@code topics / 10}
	 * {@code a}s, which fails: quadratic at worst, never exponential.
	 * @return whether it matched
	 */
	@Benchmark
	public boolean globPathological() {
		return this.pathological.matches(this.pathologicalTopic);
	}

}
