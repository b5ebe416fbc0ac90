package dev.wse.bench.peer;

import java.io.IOException;

import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Spring's default: STOMP over WebSocket on {@code /stomp} (Tomcat) with the simple
 * broker on {@code /topic} and application destinations under {@code /app}; no
 * authentication. Clients publish by {@code SEND}ing to {@code /topic/<name>} (the broker
 * fans out), {@code /app/noop} is a counted no-op {@link MessageMapping}, and
 * {@code /app/echo} sends the body back to {@code /topic/echo-<x-reply header>}.
 * <p>
 * Usage: {@code java -cp ... dev.wse.bench.peer.StompPeer --port=8080 --stats-port=8099}
 *
 * @author WSE team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
@Import(StompPeer.BenchController.class)
public class StompPeer implements WebSocketMessageBrokerConfigurer {

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/stomp").setAllowedOriginPatterns("*");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic");
		registry.setApplicationDestinationPrefixes("/app");
	}

	/**
	 * Start the peer.
	 * @param args the peer arguments
	 * @return the running application
	 * @throws IOException if the stats endpoint cannot start
	 */
	public static PlainSpringPeer.Running start(PeerArgs args) throws IOException {
		HttpServer stats = PeerStats.start(args.statsPort());
		ConfigurableApplicationContext context = SpringApplication.run(StompPeer.class,
				args.springArgs("--wse.enabled=false"));
		return new PlainSpringPeer.Running(context, stats);
	}

	/**
	 * Run the peer until the process is killed.
	 * @param args {@code --port=}, {@code --stats-port=}, Spring properties
	 * @throws IOException if the stats endpoint cannot start
	 */
	public static void main(String[] args) throws IOException {
		start(PeerArgs.parse(args));
		System.out.println("spring-stomp peer ready");
	}

	/**
	 * The application destinations.
	 */
	@Controller
	public static class BenchController {

		private final SimpMessagingTemplate template;

		/**
		 * Create the controller.
		 * @param template the template sending echoes
		 */
		public BenchController(SimpMessagingTemplate template) {
			this.template = template;
		}

		/**
		 * Count and drop.
		 * @param message the message
		 */
		@MessageMapping("/noop")
		public void noop(Message<?> message) {
			PeerStats.INBOUND.increment();
		}

		/**
		 * Send the body back to the caller's echo topic.
		 * @param body the body
		 * @param replyTo the caller's id
		 */
		@MessageMapping("/echo")
		public void echo(@Payload String body, @Header("x-reply") String replyTo) {
			this.template.convertAndSend("/topic/echo-" + replyTo, body);
		}

	}

}
