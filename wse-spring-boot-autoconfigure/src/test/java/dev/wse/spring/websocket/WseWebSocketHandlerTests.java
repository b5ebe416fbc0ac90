package dev.wse.spring.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;

import dev.wse.engine.WseEngine;
import dev.wse.engine.transport.HandshakeRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WseWebSocketHandler}.
 *
 * @author WSE team
 */
class WseWebSocketHandlerTests {

	@Test
	void handshakeRequestCarriesUriHeadersAddressAndPrincipal() {
		WebSocketSession session = mock(WebSocketSession.class);
		HttpHeaders headers = new HttpHeaders();
		headers.add("Cookie", "access_token=abc; theme=dark");
		headers.add("Authorization", "Bearer xyz");
		headers.add("X-Multi", "a");
		headers.add("X-Multi", "b");
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", 50000);
		Principal principal = () -> "alice";
		given(session.getUri()).willReturn(URI.create("ws://localhost:8080/wse?format=msgpack"));
		given(session.getHandshakeHeaders()).willReturn(headers);
		given(session.getRemoteAddress()).willReturn(address);
		given(session.getPrincipal()).willReturn(principal);
		HandshakeRequest request = WseWebSocketHandler.handshakeRequest(session);
		assertThat(request.uri()).hasToString("ws://localhost:8080/wse?format=msgpack");
		assertThat(request.cookie("access_token")).isEqualTo("abc");
		assertThat(request.bearerToken()).isEqualTo("xyz");
		assertThat(request.headers().get("x-multi")).containsExactly("a", "b");
		assertThat(request.remoteAddress()).isEqualTo(address);
		assertThat(request.principal()).isSameAs(principal);
	}

	@Test
	void supportsPartialMessages() {
		WseWebSocketHandler handler = new WseWebSocketHandler(WseEngine.builder().build(), 1024);
		try {
			assertThat(handler.supportsPartialMessages()).isTrue();
			assertThat(handler.getMaxMessageSize()).isEqualTo(1024);
		}
		finally {
			handler.destroy();
		}
	}

}
