package dev.wse.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

import dev.wse.client.SubscribeRequest;
import dev.wse.client.SubscriptionAck;
import dev.wse.client.WseClient;
import dev.wse.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak test of recovery over real sockets: {@value #CLIENTS} clients follow
 * {@value #TOPICS} topics while {@value #PUBLICATIONS} publications are spread over them
 * and the clients keep dropping their connections (abort) and resuming from their
 * positions on a new one. Every resume must be recovered, and every client must end with,
 * per topic, each offset from its first to the last published one exactly once and in
 * order. Seeds are fixed; publishing is paced to about {@link #PUBLISHING_TIME}, and
 * waits for the chaos threads where they fall behind, so that at least
 * {@value #MIN_RESUMES} resumes happen while publishing however slow the machine is (a
 * reconnect on a starved 2-core machine can take seconds). Every loop is bounded by count
 * and by {@link #DEADLINE}.
 */
class RecoverySoakIntegrationTests extends RecoveryServerSupport {

	private static final long SEED = 20_261_126L;

	private static final int CLIENTS = 50;

	private static final int TOPICS = 4;

	private static final int PUBLICATIONS = 10_000;

	private static final Duration PUBLISHING_TIME = Duration.ofSeconds(8);

	private static final int CHAOS_THREADS = 4;

	private static final int MIN_RESUMES = 20;

	private static final int MAX_RESUMES = 2_000;

	private static final long SLOW_RESUME_MILLIS = 1_000;

	private static final Duration DEADLINE = Duration.ofSeconds(45);

	private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

	private final AtomicInteger resumes = new AtomicInteger();

	private final AtomicLong replayed = new AtomicLong();

	private final Queue<String> slowResumes = new ConcurrentLinkedQueue<>();

	@Test
	@Timeout(value = 55, unit = TimeUnit.SECONDS)
	void clientsThatDropAndResumeEndWithGapFreeDuplicateFreeSequences() throws Exception {
		long started = System.nanoTime();
		long deadline = started + DEADLINE.toNanos();
		List<String> topics = IntStream.range(0, TOPICS).mapToObj((i) -> uniqueTopic("soak")).toList();
		// One publication per topic first, so that every subscriber gets its starting
		// position from the subscribe ACK and can resume every topic from the start.
		for (String topic : topics) {
			this.template.publish(topic, "tick", Map.of("n", -1));
		}
		List<SoakClient> soakClients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			SoakClient client = new SoakClient("soak-" + i, topics);
			client.start();
			soakClients.add(client);
		}

		AtomicBoolean publishing = new AtomicBoolean(true);
		ExecutorService chaos = Executors.newFixedThreadPool(CHAOS_THREADS);
		for (int worker = 0; worker < CHAOS_THREADS; worker++) {
			Random random = new Random(SEED + 1 + worker);
			chaos.execute(() -> dropAndResume(random, soakClients, publishing, deadline));
		}
		long[] last;
		try {
			last = publish(topics, new Random(SEED), deadline);
		}
		finally {
			publishing.set(false);
			chaos.shutdown();
		}
		assertThat(chaos.awaitTermination(15, TimeUnit.SECONDS)).as("chaos threads stopped").isTrue();
		long published = System.nanoTime();

		// A resume that failed (say, its acknowledgement timed out) explains a client
		// that
		// is behind: report it first.
		assertThat(this.failures).as("failures while dropping and resuming").isEmpty();
		for (SoakClient client : soakClients) {
			for (int t = 0; t < TOPICS; t++) {
				Deliveries.awaitOffset(client.current, topics.get(t), last[t],
						Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)));
			}
		}
		long caughtUp = System.nanoTime();
		soakClients.forEach((client) -> client.current.close());

		List<String> problems = new ArrayList<>();
		for (SoakClient client : soakClients) {
			for (int t = 0; t < TOPICS; t++) {
				String topic = topics.get(t);
				String problem = checkSequence(client.delivered(topic), client.firstOffsets.get(topic), last[t]);
				if (problem != null) {
					problems.add(client.user + " " + topic + ": " + problem);
				}
			}
		}
		assertThat(problems).as("clients whose sequence has a gap or a duplicate").isEmpty();
		assertThat(this.resumes.get()).as("resumes; those slower than %d ms: %s", SLOW_RESUME_MILLIS, this.slowResumes)
			.isGreaterThanOrEqualTo(MIN_RESUMES);
		assertThat(this.replayed.get()).as("replayed messages").isPositive();
		System.out.printf(
				"Recovery soak: %d clients, %d publications over %d topics, %d resumes (all recovered, %d slower "
						+ "than %d ms), %d messages replayed; publishing %d ms, catching up %d ms%n",
				CLIENTS, PUBLICATIONS, TOPICS, this.resumes.get(), this.slowResumes.size(), SLOW_RESUME_MILLIS,
				this.replayed.get(), TimeUnit.NANOSECONDS.toMillis(published - started),
				TimeUnit.NANOSECONDS.toMillis(caughtUp - published));
	}

	/**
	 * Publish at a steady pace, each publication to a random topic, waiting where the
	 * resumes fall behind {@value #MIN_RESUMES} spread over the publications.
	 * @return the last offset of each topic
	 */
	private long[] publish(List<String> topics, Random random, long deadline) {
		long[] last = new long[topics.size()];
		long begin = System.nanoTime();
		long interval = PUBLISHING_TIME.toNanos() / PUBLICATIONS;
		for (int i = 0; i < PUBLICATIONS; i++) {
			int topic = random.nextInt(topics.size());
			this.template.publish(topics.get(topic), "tick", Map.of("n", i));
			last[topic]++;
			if (i % 16 == 15) {
				long resumesDue = (long) MIN_RESUMES * (i + 1) / PUBLICATIONS;
				while (this.resumes.get() < resumesDue && this.failures.isEmpty()) {
					assertThat(System.nanoTime())
						.as("%d resumes by the deadline; those slower than %d ms: %s", resumesDue, SLOW_RESUME_MILLIS,
								this.slowResumes)
						.isLessThan(deadline);
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				assertThat(System.nanoTime()).as("publishing within the deadline").isLessThan(deadline);
				LockSupport.parkNanos(begin + (i + 1) * interval - System.nanoTime());
			}
		}
		return last;
	}

	/**
	 * Abort random clients and resume them from their positions until publishing ends.
	 */
	private void dropAndResume(Random random, List<SoakClient> soakClients, AtomicBoolean publishing, long deadline) {
		while (publishing.get() && System.nanoTime() < deadline && this.resumes.get() < MAX_RESUMES) {
			sleep(5 + random.nextInt(20));
			SoakClient victim = soakClients.get(random.nextInt(soakClients.size()));
			int pause = random.nextInt(30);
			if (!victim.lock.tryLock()) {
				continue;
			}
			try {
				victim.dropAndResume(pause);
			}
			catch (Throwable ex) {
				this.failures.add(ex);
				return;
			}
			finally {
				victim.lock.unlock();
			}
		}
	}

	/**
	 * Check that the offsets run from {@code first} to {@code last} without a gap or a
	 * duplicate.
	 * @return {@code null} if they do, else the first problem
	 */
	private static @Nullable String checkSequence(List<Long> offsets, long first, long last) {
		long expected = first;
		for (int i = 0; i < offsets.size(); i++, expected++) {
			long offset = offsets.get(i);
			if (offset != expected) {
				return ((offset < expected) ? "duplicate " : "gap before ") + offset + " at index " + i + " (expected "
						+ expected + "), around "
						+ offsets.subList(Math.max(0, i - 3), Math.min(offsets.size(), i + 3));
			}
		}
		return (expected == last + 1) ? null : "ends at " + (expected - 1) + " instead of " + last;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One simulated application: a user that follows the topics through one connection
	 * after the other, logging per connection what it delivered.
	 */
	private final class SoakClient {

		private final String user;

		private final List<String> topics;

		private final ReentrantLock lock = new ReentrantLock();

		private final List<Map<String, List<Long>>> connections = new CopyOnWriteArrayList<>();

		private final Map<String, Long> firstOffsets = new LinkedHashMap<>();

		private volatile WseClient current;

		/** Where the time of the last connect went. */
		private String timing = "";

		SoakClient(String user, List<String> topics) {
			this.user = user;
			this.topics = topics;
		}

		void start() throws Exception {
			SubscriptionAck ack = connect(SubscribeRequest.of(this.topics));
			for (String topic : this.topics) {
				SubscriptionAck.TopicRecovery position = ack.recovery().get(topic);
				assertThat(position.epoch()).as("%s has a buffer", topic).isNotNull();
				this.firstOffsets.put(topic, position.offset() + 1);
			}
		}

		void dropAndResume(int pauseMillis) throws Exception {
			WseClient previous = this.current;
			previous.abort();
			SubscribeRequest resume = previous.resumeRequest();
			assertThat(resume.positions()).as("%s knows where every topic stands", this.user)
				.containsOnlyKeys(this.topics);
			sleep(pauseMillis);
			long connecting = System.nanoTime();
			SubscriptionAck ack = connect(resume);
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connecting);
			if (took > SLOW_RESUME_MILLIS) {
				RecoverySoakIntegrationTests.this.slowResumes.add(this.user + " " + took + " ms (" + this.timing + ")");
			}
			assertThat(ack.recovered()).as("%s resumed from %s: %s", this.user, resume.positions(), ack.envelope())
				.isTrue();
			for (SubscriptionAck.TopicRecovery position : ack.recovery().values()) {
				assertThat(position.recovered()).isTrue();
				RecoverySoakIntegrationTests.this.replayed.addAndGet(position.count());
			}
			RecoverySoakIntegrationTests.this.resumes.incrementAndGet();
		}

		private SubscriptionAck connect(SubscribeRequest request) throws Exception {
			Map<String, List<Long>> log = new LinkedHashMap<>();
			this.topics.forEach((topic) -> log.put(topic, Collections.synchronizedList(new ArrayList<>())));
			this.connections.add(log);
			long connecting = System.nanoTime();
			int attempt = 1;
			for (;; attempt++) {
				try {
					this.current = RecoverySoakIntegrationTests.this.clients
						.connect((options) -> options.bearerToken(Tokens.valid(this.user))
							.recording(false)
							.messageListener((message) -> record(log, message))
							.subscribeOnConnect(request));
					break;
				}
				catch (IllegalStateException ex) {
					// A handshake that times out on a loaded machine is retried, as a
					// reconnecting client would; what is checked is the recovery.
					if (attempt == 3) {
						throw ex;
					}
				}
			}
			long connected = System.nanoTime();
			SubscriptionAck ack = this.current.initialSubscription().get(15, TimeUnit.SECONDS);
			this.timing = "server_ready after " + TimeUnit.NANOSECONDS.toMillis(connected - connecting) + " ms in "
					+ attempt + " attempt(s), subscription ack "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected) + " ms later";
			return ack;
		}

		private static void record(Map<String, List<Long>> log, Envelope message) {
			List<Long> offsets = (message.topic() != null) ? log.get(message.topic()) : null;
			if (offsets != null && message.offset() != null) {
				offsets.add(message.offset());
			}
		}

		/**
		 * Return the offsets delivered for a topic over all connections, in order.
		 */
		List<Long> delivered(String topic) {
			List<Long> offsets = new ArrayList<>();
			for (Map<String, List<Long>> connection : this.connections) {
				List<Long> log = connection.get(topic);
				synchronized (log) {
					offsets.addAll(log);
				}
			}
			return offsets;
		}

	}

}
