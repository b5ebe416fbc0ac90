package dev.wse.autoconfigure.websocket;

import java.util.List;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.autoconfigure.WseProperties;
import dev.wse.engine.WseEngine;
import dev.wse.spring.servlet.WseRequestUpgradeStrategy;
import dev.wse.spring.websocket.WebSocketContainerBuffers;
import dev.wse.spring.websocket.WseWebSocketHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the WSE endpoint of a servlet
 * web application: a {@link WseWebSocketHandler} registered at {@code wse.endpoint.path}
 * on Spring's WebSocket support, with an origin check
 * ({@code wse.endpoint.allowed-origin-patterns}; a forbidden origin gets HTTP 403 before
 * the upgrade). On Tomcat, WSE speaks the WebSocket protocol itself over the container's
 * non-blocking I/O ({@link WseRequestUpgradeStrategy}) unless
 * {@code wse.endpoint.servlet-websocket=container}. Backs off with
 * {@code wse.transport=netty}.
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(after = WseAutoConfiguration.class,
		afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketConfigurer.class, HandlerMapping.class, WseEngine.class })
@ConditionalOnBean(WseEngine.class)
@ConditionalOnProperty(name = "wse.transport", havingValue = "servlet", matchIfMissing = true)
@EnableWebSocket
public final class WseWebSocketAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WseWebSocketAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WseWebSocketHandler wseWebSocketHandler(WseEngine engine) {
		return new WseWebSocketHandler(engine);
	}

	@Bean
	@ConditionalOnMissingBean({ WebSocketContainerBuffers.class, ServletServerContainerFactoryBean.class })
	WebSocketContainerBuffers wseWebSocketContainerBuffers(WseProperties properties) {
		return new WebSocketContainerBuffers((int) properties.getEndpoint().getServletMessageBuffer().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "wse.endpoint.servlet-websocket", havingValue = "wse", matchIfMissing = true)
	WseRequestUpgradeStrategy wseRequestUpgradeStrategy(WseEngine engine, WseWebSocketHandler handler) {
		return new WseRequestUpgradeStrategy(engine, handler.getMaxMessageSize());
	}

	@Bean
	WebSocketConfigurer wseWebSocketConfigurer(WseWebSocketHandler handler, WseProperties properties,
			ObjectProvider<WseRequestUpgradeStrategy> upgradeStrategy) {
		String path = properties.getEndpoint().getPath();
		List<String> allowedOriginPatterns = properties.getEndpoint().getAllowedOriginPatterns();
		if (allowedOriginPatterns.isEmpty()) {
			logger.info("WSE endpoint '" + path + "' accepts upgrades from any origin; set "
					+ "'wse.endpoint.allowed-origin-patterns' to restrict it (recommended with cookie authentication)");
		}
		String[] patterns = allowedOriginPatterns.isEmpty() ? new String[] { "*" }
				: allowedOriginPatterns.toArray(String[]::new);
		WseRequestUpgradeStrategy strategy = upgradeStrategy.getIfAvailable();
		return (registry) -> {
			WebSocketHandlerRegistration registration = registry.addHandler(handler, path);
			if (strategy != null) {
				registration.setHandshakeHandler(new DefaultHandshakeHandler(strategy));
			}
			registration.setAllowedOriginPatterns(patterns);
		};
	}

}
