package dev.wse.spring.metrics;

import java.util.Locale;

import dev.wse.engine.DropReason;
import dev.wse.engine.WseEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * {@link MeterBinder} for a {@link WseEngine}'s counters:
 * <ul>
 * <li>{@code wse.connections.active} (gauge): open connections;</li>
 * <li>{@code wse.presence.topics} (gauge): topics in which someone is present;</li>
 * <li>{@code wse.presence.members} (gauge): users present, summed over topics (a user
 * present in two topics counts twice);</li>
 * <li>{@code wse.connections.accepted}, {@code wse.connections.rejected}: connections
 * accepted and rejected (capacity, draining, authentication);</li>
 * <li>{@code wse.auth.failures}: failed handshake authentications;</li>
 * <li>{@code wse.messages.in}, {@code wse.messages.out}: messages received and frames
 * written;</li>
 * <li>{@code wse.messages.dropped}, tagged {@code reason}: dropped messages, one counter
 * per {@link DropReason} (lower case).</li>
 * </ul>
 * Values are read from the engine (its {@link WseEngine#stats() stats} and presence
 * counts) when the registry polls them.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseMetrics implements MeterBinder {

	private final WseEngine engine;

	/**
	 * Create a binder for an engine.
	 * @param engine the engine
	 */
	public WseMetrics(WseEngine engine) {
		Assert.notNull(engine, "'engine' must not be null");
		this.engine = engine;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("wse.connections.active", this.engine, WseEngine::connectionCount)
			.description("Open WSE connections")
			.baseUnit("connections")
			.register(registry);
		Gauge.builder("wse.presence.topics", this.engine, WseEngine::presenceTopicCount)
			.description("Topics in which someone is present")
			.baseUnit("topics")
			.register(registry);
		Gauge.builder("wse.presence.members", this.engine, WseEngine::presenceMemberCount)
			.description("Users present in WSE topics, summed over topics")
			.baseUnit("users")
			.register(registry);
		counter(registry, "wse.connections.accepted", "WSE connections accepted", "connections",
				(engine) -> engine.stats().connectionsAccepted());
		counter(registry, "wse.connections.rejected", "WSE connections rejected (capacity, draining, authentication)",
				"connections", (engine) -> engine.stats().connectionsRejected());
		counter(registry, "wse.auth.failures", "Failed WSE handshake authentications", "failures",
				(engine) -> engine.stats().authFailures());
		counter(registry, "wse.messages.in", "Messages received from WSE clients", "messages",
				(engine) -> engine.stats().messagesReceived());
		counter(registry, "wse.messages.out", "Frames written to WSE clients", "messages",
				(engine) -> engine.stats().messagesSent());
		for (DropReason reason : DropReason.values()) {
			FunctionCounter.builder("wse.messages.dropped", this.engine, (engine) -> engine.stats().dropped(reason))
				.description("WSE messages dropped")
				.baseUnit("messages")
				.tag("reason", reason.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

	private void counter(MeterRegistry registry, String name, String description, String baseUnit,
			java.util.function.ToDoubleFunction<WseEngine> value) {
		FunctionCounter.builder(name, this.engine, value)
			.description(description)
			.baseUnit(baseUnit)
			.register(registry);
	}

}
