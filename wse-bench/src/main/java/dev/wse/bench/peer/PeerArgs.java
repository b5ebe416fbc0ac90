package dev.wse.bench.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The command line every peer understands: {@code --port=<websocket port>} and
 * {@code --stats-port=<stats port>}; other {@code --key=value} arguments are passed on
 * (Spring peers treat them as properties).
 *
 * @param port the WebSocket port
 * @param statsPort the stats port
 * @param rest the other arguments
 * @author WSE team
 */
public record PeerArgs(int port, int statsPort, List<String> rest) {

	/**
	 * Parse the arguments.
	 * @param args the command line
	 * @return the parsed arguments
	 */
	public static PeerArgs parse(String[] args) {
		int port = 8080;
		int statsPort = 8099;
		List<String> rest = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				port = Integer.parseInt(arg.substring("--port=".length()));
			}
			else if (arg.startsWith("--stats-port=")) {
				statsPort = Integer.parseInt(arg.substring("--stats-port=".length()));
			}
			else {
				rest.add(arg);
			}
		}
		return new PeerArgs(port, statsPort, List.copyOf(rest));
	}

	/**
	 * The arguments for a Spring Boot peer: {@code --server.port} and the rest.
	 * @param extra peer-specific properties, before the user's (so the user's win)
	 * @return the Spring arguments
	 */
	public String[] springArgs(String... extra) {
		// One value per key (Spring joins repeated command-line options with commas).
		Map<String, @Nullable String> all = new LinkedHashMap<>();
		put(all, "--server.port=" + this.port);
		put(all, "--server.address=127.0.0.1");
		// Same connector limits for every servlet peer: 10,000 connections must fit.
		put(all, "--server.tomcat.max-connections=20000");
		put(all, "--server.tomcat.accept-count=1000");
		put(all, "--spring.main.banner-mode=off");
		for (String arg : extra) {
			put(all, arg);
		}
		for (String arg : this.rest) {
			put(all, arg);
		}
		return all.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + ((entry.getValue() != null) ? "=" + entry.getValue() : ""))
			.toArray(String[]::new);
	}

	private static void put(Map<String, @Nullable String> all, String arg) {
		int equals = arg.indexOf('=');
		if (equals < 0) {
			all.put(arg, null);
		}
		else {
			all.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
	}

}
