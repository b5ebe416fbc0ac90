package dev.wse.bench.peer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The counters every peer keeps and the uniform stats endpoint that serves them: an HTTP
 * server on the loopback interface (JDK {@code HttpServer}, independent of the transport
 * under test) answering {@code GET /stats} and {@code GET /gc} (the same after a full GC)
 * with {@code key=value} lines: {@code inbound} (application messages handled),
 * {@code heap} (bytes of heap in use) and {@code jit_ms} (the JIT compiler's accumulated
 * compilation time, so that the generator can tell when the peer's code has been
 * compiled).
 *
 * @author WSE team
 */
public final class PeerStats {

	/** Application messages the peer's no-op handler received. */
	public static final LongAdder INBOUND = new LongAdder();

	private PeerStats() {
	}

	/**
	 * Start the stats endpoint.
	 * @param port the port on 127.0.0.1
	 * @return the server, to stop it
	 * @throws IOException if the port cannot be bound
	 */
	public static HttpServer start(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
		server.createContext("/stats", (exchange) -> reply(exchange, false));
		server.createContext("/gc", (exchange) -> reply(exchange, true));
		server.setExecutor(Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "peer-stats");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
		return server;
	}

	/**
	 * The current stats as {@code key=value} lines.
	 * @param gc whether to collect garbage first
	 * @return the stats
	 */
	public static String snapshot(boolean gc) {
		if (gc) {
			// System.gc() is a synchronous full collection with G1 (no
			// ExplicitGCInvokesConcurrent)
			System.gc();
			System.gc();
		}
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		long jit = (compiler != null && compiler.isCompilationTimeMonitoringSupported())
				? compiler.getTotalCompilationTime() : -1;
		return "inbound=" + INBOUND.sum() + "\nheap=" + heap + "\njit_ms=" + jit + "\n";
	}

	private static void reply(HttpExchange exchange, boolean gc) throws IOException {
		byte[] body = snapshot(gc).getBytes(StandardCharsets.US_ASCII);
		exchange.getResponseHeaders().add("Content-Type", "text/plain");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
