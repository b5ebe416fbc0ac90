package dev.wse.bench.peer;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * What users hand-write: a Spring Boot application with a {@link TextWebSocketHandler} on
 * {@code /ws} (Tomcat), sessions wrapped in {@link ConcurrentWebSocketSessionDecorator}
 * as the Spring reference recommends, a map of topic to sessions, no authentication. It
 * speaks the same text commands as {@link RawNettyPeer}; a publication iterates the
 * topic's sessions and sends each one the same {@link TextMessage}.
 * <p>
 * Usage:
 * {@code java -cp ... dev.wse.bench.peer.PlainSpringPeer --port=8080 --stats-port=8099}
 *
 * @author WSE team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocket
public class PlainSpringPeer implements WebSocketConfigurer {

	/**
	 * The handler.
	 * @return the handler
	 */
	@Bean
	public TopicHandler topicHandler() {
		return new TopicHandler();
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(topicHandler(), "/ws").setAllowedOriginPatterns("*");
	}

	/**
	 * Start the peer.
	 * @param args the peer arguments
	 * @return the running application; closing it stops the peer (not the stats endpoint)
	 * @throws IOException if the stats endpoint cannot start
	 */
	public static Running start(PeerArgs args) throws IOException {
		HttpServer stats = PeerStats.start(args.statsPort());
		ConfigurableApplicationContext context = SpringApplication.run(PlainSpringPeer.class,
				args.springArgs("--wse.enabled=false"));
		return new Running(context, stats);
	}

	/**
	 * Run the peer until the process is killed.
	 * @param args {@code --port=}, {@code --stats-port=}, Spring properties
	 * @throws IOException if the stats endpoint cannot start
	 */
	public static void main(String[] args) throws IOException {
		start(PeerArgs.parse(args));
		System.out.println("spring-plain peer ready");
	}

	/**
	 * A running Spring peer.
	 *
	 * @param context the application context
	 * @param stats the stats endpoint
	 */
	public record Running(ConfigurableApplicationContext context, HttpServer stats) implements AutoCloseable {

		@Override
		public void close() {
			this.context.close();
			this.stats.stop(0);
		}

	}

	/**
	 * The hand-written handler: {@code sub:}, {@code pub:}, {@code in:}, {@code echo:}.
	 */
	public static class TopicHandler extends TextWebSocketHandler {

		private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

		private final Map<String, Set<WebSocketSession>> topics = new ConcurrentHashMap<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.sessions.put(session.getId(), new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			String text = message.getPayload();
			WebSocketSession sender = this.sessions.get(session.getId());
			if (text.startsWith("pub:")) {
				int colon = text.indexOf(':', 4);
				Set<WebSocketSession> subscribers = this.topics.get(text.substring(4, colon));
				if (subscribers != null) {
					TextMessage publication = new TextMessage(text.substring(colon + 1));
					for (WebSocketSession subscriber : subscribers) {
						try {
							subscriber.sendMessage(publication);
						}
						catch (IOException | IllegalStateException ex) {
							// closed or overflowing subscriber: skip it
						}
					}
				}
			}
			else if (text.startsWith("sub:") && sender != null) {
				this.topics.computeIfAbsent(text.substring(4), (topic) -> ConcurrentHashMap.newKeySet()).add(sender);
			}
			else if (text.startsWith("in:")) {
				PeerStats.INBOUND.increment();
			}
			else if (text.startsWith("echo:") && sender != null) {
				sender.sendMessage(new TextMessage(text.substring(5)));
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			WebSocketSession removed = this.sessions.remove(session.getId());
			if (removed != null) {
				this.topics.values().forEach((subscribers) -> subscribers.remove(removed));
			}
		}

	}

}
