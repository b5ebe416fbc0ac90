package dev.wse.spring.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.wse.engine.WseEngine;
import dev.wse.engine.connection.WseConnection;
import dev.wse.spring.security.WseSecurityMode;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} {@code wse} exposing the state of a {@link WseEngine}: a
 * summary (engine state, open connections, topics, presence, security mode) and, at
 * {@code /wse/{userId}}, the open connections of one user, oldest first.
 * <p>
 * Nothing secret is exposed: no tokens, no claims but the user id, no connection
 * attributes.
 *
 * @author WSE team
 * @since 0.1.0
 */
@Endpoint(id = "wse")
public class WseEndpoint {

	private final WseEngine engine;

	private final WseSecurityMode securityMode;

	/**
	 * Create an endpoint.
	 * @param engine the engine
	 * @param securityMode how connections are authenticated
	 */
	public WseEndpoint(WseEngine engine, WseSecurityMode securityMode) {
		Assert.notNull(engine, "'engine' must not be null");
		Assert.notNull(securityMode, "'securityMode' must not be null");
		this.engine = engine;
		this.securityMode = securityMode;
	}

	/**
	 * Return a summary of the engine.
	 * @return the summary
	 */
	@ReadOperation
	public WseDescriptor wse() {
		return new WseDescriptor(this.engine.state().name().toLowerCase(Locale.ROOT), this.engine.connectionCount(),
				this.engine.topicCount(),
				new PresenceDescriptor(this.engine.presenceTopicCount(), this.engine.presenceMemberCount()),
				this.securityMode.value());
	}

	/**
	 * Return the open connections of a user, oldest first.
	 * @param userId the user id
	 * @return the user's connections (none when the user has no open connection)
	 */
	@ReadOperation
	public UserConnectionsDescriptor userConnections(@Selector String userId) {
		List<WseConnection> connections = this.engine.connectionsOf(userId);
		List<ConnectionDescriptor> descriptors = new ArrayList<>(connections.size());
		for (WseConnection connection : connections) {
			descriptors.add(new ConnectionDescriptor(descriptors.size() + 1, connection.id(),
					connection.format().name().toLowerCase(Locale.ROOT),
					connection.subscriptions().stream().sorted().toList()));
		}
		return new UserConnectionsDescriptor(userId, descriptors);
	}

	/**
	 * Summary of a WSE engine.
	 *
	 * @param state the lifecycle state ({@code new}, {@code running}, {@code draining},
	 * {@code stopped})
	 * @param connections the number of open connections
	 * @param topics the number of topics and patterns with at least one subscriber
	 * @param presence the presence counts
	 * @param security how connections are authenticated
	 */
	public record WseDescriptor(String state, int connections, int topics, PresenceDescriptor presence,
			String security) implements OperationResponseBody {

	}

	/**
	 * Presence counts of a WSE engine.
	 *
	 * @param topics the number of topics in which someone is present
	 * @param members the number of users present, summed over topics
	 */
	public record PresenceDescriptor(int topics, int members) {

	}

	/**
	 * The open connections of a user.
	 *
	 * @param userId the user id
	 * @param connections the connections, oldest first
	 */
	public record UserConnectionsDescriptor(String userId,
			List<ConnectionDescriptor> connections) implements OperationResponseBody {

	}

	/**
	 * One open connection of a user.
	 *
	 * @param order the position among the user's connections, 1 for the oldest
	 * @param id the connection id
	 * @param format the binary wire format ({@code json} or {@code msgpack})
	 * @param subscriptions the topics and patterns it is subscribed to, sorted
	 */
	public record ConnectionDescriptor(int order, String id, String format, List<String> subscriptions) {

	}

}
