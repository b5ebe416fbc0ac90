package dev.wse.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.wse.client.WseClient;
import dev.wse.client.WseClientOptions;

/**
 * Opens {@link WseClient} connections to a test server and closes them after each test.
 */
final class TestClients {

	/** How long a test waits for anything the server should do promptly. */
	static final Duration WAIT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<WseClient> open = new CopyOnWriteArrayList<>();

	private final int port;

	TestClients(int port) {
		this.port = port;
	}

	URI uri() {
		return URI.create("ws://localhost:" + this.port + "/wse");
	}

	/**
	 * Connect as the user with a valid bearer token and default options.
	 */
	WseClient connect(String user) {
		return connect((options) -> options.bearerToken(Tokens.valid(user)));
	}

	/**
	 * Connect with the options the customizer sets, and wait for {@code server_ready}.
	 */
	WseClient connect(UnaryOperator<WseClientOptions.Builder> customizer) {
		try {
			return connecting(customizer).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not connect to " + uri(), ex);
		}
	}

	/**
	 * Start connecting with the options the customizer sets.
	 */
	CompletableFuture<WseClient> connecting(UnaryOperator<WseClientOptions.Builder> customizer) {
		WseClientOptions options = customizer
			.apply(WseClientOptions.builder().httpClient(this.http).connectTimeout(WAIT))
			.build();
		return WseClient.connect(uri(), options).whenComplete((client, failure) -> {
			if (client != null) {
				this.open.add(client);
			}
		});
	}

	void closeAll() {
		for (WseClient client : this.open) {
			client.resumeReading();
			client.close();
		}
		this.open.clear();
	}

}
