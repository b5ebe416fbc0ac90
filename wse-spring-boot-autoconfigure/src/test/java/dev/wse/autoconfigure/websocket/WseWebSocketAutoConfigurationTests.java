package dev.wse.autoconfigure.websocket;

import java.util.HashMap;
import java.util.Map;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.WseEngine;
import dev.wse.spring.websocket.WebSocketContainerBuffers;
import dev.wse.spring.websocket.WseWebSocketHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseWebSocketAutoConfiguration}.
 *
 * @author WSE team
 */
class WseWebSocketAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseWebSocketAutoConfiguration.class));

	@Test
	void registersTheHandlerAtSlashWse() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WseWebSocketHandler.class);
			WebSocketHttpRequestHandler requestHandler = requestHandler(context, "/wse");
			assertThat(WebSocketHandlerDecorator.unwrap(requestHandler.getWebSocketHandler()))
				.isSameAs(context.getBean(WseWebSocketHandler.class));
			assertThat(requestHandler.getWebSocketHandler().supportsPartialMessages()).isTrue();
			assertThat(context.getBean(WseWebSocketHandler.class).getMaxMessageSize())
				.isEqualTo(context.getBean(WseEngine.class).config().maxMessageSize());
		});
	}

	@Test
	void registersTheHandlerAtTheConfiguredPath() {
		this.contextRunner.withPropertyValues("wse.endpoint.path=/realtime", "wse.limits.max-message-size=64KB")
			.run((context) -> {
				assertThat(handlerMapping(context).getUrlMap()).containsKey("/realtime").doesNotContainKey("/wse");
				assertThat(context.getBean(WseWebSocketHandler.class).getMaxMessageSize()).isEqualTo(65536);
			});
	}

	@Test
	void acceptsAnyOriginByDefault() {
		this.contextRunner.run((context) -> {
			OriginHandshakeInterceptor origin = originInterceptor(requestHandler(context, "/wse"));
			assertThat(origin.getAllowedOriginPatterns()).containsExactly("*");
			assertThat(handshake(origin, "https://anywhere.example").allowed()).isTrue();
		});
	}

	@Test
	void forbiddenOriginGets403BeforeTheUpgrade() {
		this.contextRunner.withPropertyValues("wse.endpoint.allowed-origin-patterns=https://*.example.com")
			.run((context) -> {
				OriginHandshakeInterceptor origin = originInterceptor(requestHandler(context, "/wse"));
				assertThat(handshake(origin, "https://app.example.com").allowed()).isTrue();
				Handshake forbidden = handshake(origin, "https://evil.example.org");
				assertThat(forbidden.allowed()).isFalse();
				assertThat(forbidden.status()).isEqualTo(HttpStatus.FORBIDDEN.value());
			});
	}

	@Test
	void containerMessageBuffersDefaultToOneKilobyte() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(WebSocketContainerBuffers.class).size()).isEqualTo(1024));
	}

	@Test
	void containerMessageBuffersFollowTheProperty() {
		this.contextRunner.withPropertyValues("wse.endpoint.servlet-message-buffer=4KB")
			.run((context) -> assertThat(context.getBean(WebSocketContainerBuffers.class).size()).isEqualTo(4096));
	}

	@Test
	void containerMessageBuffersBackOffForTheApplicationsContainerFactory() {
		// the mock servlet context has no JSR 356 container for the factory to configure
		this.contextRunner
			.withBean(ServletServerContainerFactoryBean.class, () -> new ServletServerContainerFactoryBean() {

				@Override
				public void afterPropertiesSet() {
				}

			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WebSocketContainerBuffers.class);
			});
	}

	@Test
	void userDefinedHandlerBacksOff() {
		this.contextRunner.withUserConfiguration(HandlerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WseWebSocketHandler.class);
			assertThat(context.getBean(WseWebSocketHandler.class).getMaxMessageSize()).isEqualTo(100);
		});
	}

	@Test
	void backsOffWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(WseEngine.class)
				.doesNotHaveBean(WseWebSocketHandler.class));
	}

	@Test
	void backsOffWhenWseIsDisabled() {
		this.contextRunner.withPropertyValues("wse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WseWebSocketHandler.class));
	}

	@Test
	void backsOffOutsideServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class, WseWebSocketAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(WseEngine.class)
				.doesNotHaveBean(WseWebSocketHandler.class));
	}

	private static SimpleUrlHandlerMapping handlerMapping(AssertableWebApplicationContext context) {
		return context.getBean("webSocketHandlerMapping", SimpleUrlHandlerMapping.class);
	}

	private static WebSocketHttpRequestHandler requestHandler(AssertableWebApplicationContext context, String path) {
		Object handler = handlerMapping(context).getUrlMap().get(path);
		assertThat(handler).isInstanceOf(WebSocketHttpRequestHandler.class);
		return (WebSocketHttpRequestHandler) handler;
	}

	private static OriginHandshakeInterceptor originInterceptor(WebSocketHttpRequestHandler handler) {
		for (HandshakeInterceptor interceptor : handler.getHandshakeInterceptors()) {
			if (interceptor instanceof OriginHandshakeInterceptor origin) {
				return origin;
			}
		}
		throw new AssertionError("No OriginHandshakeInterceptor registered");
	}

	private static Handshake handshake(OriginHandshakeInterceptor interceptor, String origin) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/wse");
		request.setServerName("localhost");
		request.addHeader("Origin", origin);
		MockHttpServletResponse response = new MockHttpServletResponse();
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(response);
		Map<String, Object> attributes = new HashMap<>();
		boolean allowed = interceptor.beforeHandshake(new ServletServerHttpRequest(request), serverResponse, null,
				attributes);
		serverResponse.flush();
		return new Handshake(allowed, response.getStatus());
	}

	record Handshake(boolean allowed, int status) {
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		WseWebSocketHandler customHandler(WseEngine engine) {
			return new WseWebSocketHandler(engine, 100);
		}

	}

}
