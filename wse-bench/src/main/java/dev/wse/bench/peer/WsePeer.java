package dev.wse.bench.peer;

import java.io.IOException;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.spring.WseTemplate;
import dev.wse.spring.annotation.WseHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * WSE as users deploy it: a Spring Boot application with the starter, HS256 JWT
 * authentication on every handshake, and one {@link WseHandler}: {@code bench.publish}
 * publishes its payload to the topic named in {@code p.topic} with
 * {@link WseTemplate#publish}, {@code bench.noop} is counted and dropped,
 * {@code bench.echo} returns its payload (a {@code bench.echo_response} reply). The last
 * two are declared non-blocking ({@code @OnMessage(blocking = false)}), as an application
 * declares such handlers, and run on the thread that read the message; with
 * {@code --bench.blocking-handlers=true} they are registered as blocking (the default of
 * {@code @OnMessage}) and run on the handler pool instead. Servlet transport by default;
 * {@code --wse.transport=netty --wse.netty.port=<port>} selects the Netty transport where
 * the build has it.
 * <p>
 * Bench settings, applied to both transports: inbound rate limiting off
 * ({@code wse.rate-limit.inbound.capacity=0}), {@code wse.limits.max-connections=20000},
 * idle timeout 600 s (so the held connections of {@code connect} are not closed).
 * <p>
 * Usage: {@code java -cp ... dev.wse.bench.peer.WsePeer --port=8080 --stats-port=8099}
 *
 * @author WSE team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ WsePeer.BenchHandler.class, WsePeer.NonBlockingHandlers.class, WsePeer.BlockingHandlers.class })
public class WsePeer {

	/** The HS256 secret the peer verifies and the generator signs with. */
	public static final String JWT_SECRET = "wse-bench-secret-key-for-testing-only-0123456789";

	/**
	 * Start the peer.
	 * @param args the peer arguments
	 * @return the running application
	 * @throws IOException if the stats endpoint cannot start
	 */
	public static PlainSpringPeer.Running start(PeerArgs args) throws IOException {
		HttpServer stats = PeerStats.start(args.statsPort());
		ConfigurableApplicationContext context = SpringApplication.run(WsePeer.class,
				args.springArgs("--wse.security.jwt.secret=" + JWT_SECRET, "--wse.rate-limit.inbound.capacity=0",
						"--wse.limits.max-connections=20000", "--wse.heartbeat.idle-timeout=600s",
						"--management.endpoints.web.exposure.include=health"));
		return new PlainSpringPeer.Running(context, stats);
	}

	/**
	 * Run the peer until the process is killed.
	 * @param args {@code --port=}, {@code --stats-port=}, Spring properties
	 * @throws IOException if the stats endpoint cannot start
	 */
	public static void main(String[] args) throws IOException {
		start(PeerArgs.parse(args));
		System.out.println("wse peer ready");
	}

	/**
	 * The benchmark handler.
	 */
	@WseHandler
	public static class BenchHandler {

		private final WseTemplate wse;

		/**
		 * Create the handler.
		 * @param wse the template
		 */
		public BenchHandler(WseTemplate wse) {
			this.wse = wse;
		}

		/**
		 * Publish the payload to {@code p.topic}.
		 * @param payload the payload
		 */
		@OnMessage("bench.publish")
		public void publish(JsonNode payload) {
			this.wse.publish(payload.path("topic").asString(), "tick", payload);
		}

	}

	/**
	 * {@code bench.noop} and {@code bench.echo}, non-blocking (the default of the peer).
	 */
	@WseHandler
	@ConditionalOnProperty(name = "bench.blocking-handlers", havingValue = "false", matchIfMissing = true)
	public static class NonBlockingHandlers {

		/**
		 * Count and drop.
		 * @param payload the payload
		 */
		@OnMessage(value = "bench.noop", blocking = false)
		public void noop(JsonNode payload) {
			PeerStats.INBOUND.increment();
		}

		/**
		 * Answer with the payload.
		 * @param payload the payload
		 * @return the payload
		 */
		@OnMessage(value = "bench.echo", blocking = false)
		public JsonNode echo(JsonNode payload) {
			return payload;
		}

	}

	/**
	 * {@code bench.noop} and {@code bench.echo} on the handler pool
	 * ({@code --bench.blocking-handlers=true}).
	 */
	@WseHandler
	@ConditionalOnProperty(name = "bench.blocking-handlers", havingValue = "true")
	public static class BlockingHandlers {

		/**
		 * Count and drop.
		 * @param payload the payload
		 */
		@OnMessage("bench.noop")
		public void noop(JsonNode payload) {
			PeerStats.INBOUND.increment();
		}

		/**
		 * Answer with the payload.
		 * @param payload the payload
		 * @return the payload
		 */
		@OnMessage("bench.echo")
		public JsonNode echo(JsonNode payload) {
			return payload;
		}

	}

}
