package dev.wse.integration;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.client.WseClient;
import dev.wse.spring.WseTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A well-behaved connection next to hostile ones: subscribed to a topic of its own, it
 * proves that the server still serves others by receiving a publication sent through
 * {@link WseTemplate} and answering a ping round trip.
 */
final class Bystander {

	private static final AtomicInteger TOPICS = new AtomicInteger();

	private final WseClient client;

	private final String topic;

	private final AtomicInteger ticks = new AtomicInteger();

	private Bystander(WseClient client, String topic) {
		this.client = client;
		this.topic = topic;
	}

	/**
	 * Connect as {@code user} and subscribe to a topic no other connection uses.
	 */
	static Bystander join(TestClients clients, String user) throws Exception {
		String topic = "bystander." + TOPICS.incrementAndGet();
		WseClient client = clients.connect(user);
		client.subscribe(topic).get(5, TimeUnit.SECONDS);
		return new Bystander(client, topic);
	}

	WseClient client() {
		return this.client;
	}

	String topic() {
		return this.topic;
	}

	/**
	 * Publish to the bystander's topic and wait for it to arrive, then ping the server.
	 */
	void assertHealthy(WseTemplate template) throws Exception {
		int tick = this.ticks.incrementAndGet();
		assertThat(this.client.isOpen()).as("bystander open (ended with %s)", this.client.closeFuture().getNow(null))
			.isTrue();
		assertThat(template.publish(this.topic, "tick", Map.of("n", tick))).as("subscribers of %s", this.topic)
			.isEqualTo(1);
		this.client.messages()
			.awaitMessage((message) -> "tick".equals(message.type()) && message.payload().path("n").asInt() == tick,
					TestClients.WAIT);
		this.client.ping().get(5, TimeUnit.SECONDS);
	}

}
