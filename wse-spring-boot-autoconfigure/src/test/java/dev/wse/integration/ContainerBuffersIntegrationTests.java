package dev.wse.integration;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.wse.client.WseClient;
import dev.wse.spring.websocket.WebSocketContainerBuffers;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.Test;

import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet container's WebSocket message buffers on the shared test server: Tomcat
 * allocates them for every session, WSE sets them to 1 KiB
 * ({@code wse.endpoint.servlet-message-buffer}) and messages larger than that still
 * arrive whole, reassembled from parts. On the Netty transport nothing is set.
 */
class ContainerBuffersIntegrationTests extends SharedServerSupport {

	@Test
	void servletContainerBuffersAreSmallAndLargeMessagesStillArriveWhole() throws Exception {
		if (WsePorts.isNetty(this.context)) {
			assertThat(this.context.getBeanProvider(WebSocketContainerBuffers.class).getIfAvailable()).isNull();
		}
		else {
			WebSocketContainer container = (WebSocketContainer) ((WebApplicationContext) this.context)
				.getServletContext()
				.getAttribute("jakarta.websocket.server.ServerContainer");
			assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
			assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(1024);
		}
		WseClient client = this.clients.connect("buffers");
		// 20,000 characters, 3 bytes each in UTF-8: many parts of 1 Ki characters
		String text = "\u20ac".repeat(20_000);
		client.send("echo", Map.of("text", text));
		String echoed = client.messages()
			.awaitType("echo_response", TestClients.WAIT)
			.payload()
			.path("text")
			.asString();
		assertThat(echoed.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
	}

}
