package dev.wse.integration;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.wse.client.WseClient;
import dev.wse.client.WseClientException;

/**
 * Opens many connections of one user over real sockets, in waves (so the container's
 * accept backlog is not the limit being tested), and sorts them by outcome: accepted, or
 * the close code they were refused with.
 */
final class ConnectionStorm {

	/** Outcome key of an accepted connection. */
	static final int ACCEPTED = 0;

	private static final int WAVE = 100;

	private final List<WseClient> accepted = new ArrayList<>();

	private final Map<Integer, Integer> outcomes = new TreeMap<>();

	private ConnectionStorm() {
	}

	static ConnectionStorm open(TestClients clients, String user, int count) throws Exception {
		ConnectionStorm storm = new ConnectionStorm();
		String token = Tokens.valid(user);
		for (int start = 0; start < count; start += WAVE) {
			List<CompletableFuture<WseClient>> wave = new ArrayList<>();
			for (int i = start; i < Math.min(count, start + WAVE); i++) {
				wave.add(clients.connecting((options) -> options.bearerToken(token).recording(false)));
			}
			for (CompletableFuture<WseClient> connecting : wave) {
				storm.record(connecting);
			}
		}
		return storm;
	}

	private void record(CompletableFuture<WseClient> connecting) throws InterruptedException {
		try {
			WseClient client = connecting.get(30, TimeUnit.SECONDS);
			this.accepted.add(client);
			this.outcomes.merge(ACCEPTED, 1, Integer::sum);
		}
		catch (ExecutionException ex) {
			int code = (ex.getCause() instanceof WseClientException failure) ? failure.closeCode() : -1;
			this.outcomes.merge(code, 1, Integer::sum);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			this.outcomes.merge(-2, 1, Integer::sum);
		}
	}

	List<WseClient> accepted() {
		return this.accepted;
	}

	/**
	 * Return the number of connections per outcome: {@link #ACCEPTED}, a close code, -1
	 * for a failure without one, -2 for a timeout.
	 */
	Map<Integer, Integer> outcomes() {
		return this.outcomes;
	}

	void closeAll() {
		for (WseClient client : this.accepted) {
			client.close();
		}
	}

	/**
	 * Return the heap in use after a full collection, in bytes.
	 */
	static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
