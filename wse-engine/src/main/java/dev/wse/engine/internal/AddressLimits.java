package dev.wse.engine.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wse.engine.transport.HandshakeRequest;
import org.jspecify.annotations.Nullable;

/**
 * Counts connections per remote address for the connections-per-address limit. A slot is
 * {@linkplain #acquire taken} before authentication, {@linkplain #bind bound} to the
 * connection once it exists and released exactly once: by {@link #release(String)} when
 * the connection is refused before it was bound, by {@link #closed(String)} when a bound
 * connection is removed. Entries of addresses without connections are removed, so the
 * maps hold only addresses with open connections.
 */
final class AddressLimits {

	private final int limit;

	private final Map<String, Integer> counts = new ConcurrentHashMap<>();

	private final Map<String, String> addressOf = new ConcurrentHashMap<>();

	AddressLimits(int limit) {
		this.limit = limit;
	}

	/**
	 * Return the key a request is counted under: its remote IP address, or {@code null}
	 * when the limit is off or the transport does not know the address (such connections
	 * are not counted).
	 */
	@Nullable String keyOf(HandshakeRequest request) {
		InetSocketAddress remote = request.remoteAddress();
		if (this.limit <= 0 || remote == null) {
			return null;
		}
		InetAddress address = remote.getAddress();
		return (address != null) ? address.getHostAddress() : remote.getHostString();
	}

	/**
	 * Take a slot for an address.
	 * @return {@code false} when the address holds the maximum number of connections
	 */
	boolean acquire(String key) {
		boolean[] acquired = new boolean[1];
		this.counts.compute(key, (k, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.limit) {
				return count;
			}
			acquired[0] = true;
			return current + 1;
		});
		return acquired[0];
	}

	/**
	 * Give back a slot taken by {@link #acquire} for a connection that was refused before
	 * it was bound.
	 */
	void release(String key) {
		this.counts.computeIfPresent(key, (k, count) -> (count <= 1) ? null : count - 1);
	}

	/**
	 * Bind a taken slot to an accepted connection.
	 */
	void bind(String connectionId, String key) {
		this.addressOf.put(connectionId, key);
	}

	/**
	 * Release the slot of a removed connection, if it holds one.
	 */
	void closed(String connectionId) {
		String key = this.addressOf.remove(connectionId);
		if (key != null) {
			release(key);
		}
	}

	/**
	 * Return the number of addresses with counted connections.
	 */
	int addressCount() {
		return this.counts.size();
	}

	/**
	 * Return the number of counted connections of an address.
	 */
	int connectionsOf(String key) {
		Integer count = this.counts.get(key);
		return (count != null) ? count : 0;
	}

}
