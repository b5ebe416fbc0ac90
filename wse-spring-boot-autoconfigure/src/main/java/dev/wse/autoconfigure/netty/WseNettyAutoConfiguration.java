package dev.wse.autoconfigure.netty;

import java.nio.file.Path;
import java.util.List;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.autoconfigure.WseProperties;
import dev.wse.engine.WseEngine;
import dev.wse.engine.netty.NettyWseServer;
import dev.wse.engine.netty.NettyWseServerOptions;
import dev.wse.spring.netty.WseNettyServerLifecycle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the Netty transport
 * ({@code wse.transport=netty}): a {@link NettyWseServer} on {@code wse.netty.port}
 * serving the engine at {@code wse.endpoint.path}, with the same origin check
 * ({@code wse.endpoint.allowed-origin-patterns}) as the servlet transport. Works in web
 * and non-web applications alike.
 *
 * @author WSE team
 * @since 0.1.0
 */
@AutoConfiguration(after = WseAutoConfiguration.class)
@ConditionalOnClass({ NettyWseServer.class, io.netty.channel.Channel.class })
@ConditionalOnProperty(name = "wse.transport", havingValue = "netty")
@ConditionalOnBean(WseEngine.class)
public final class WseNettyAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WseNettyAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WseNettyServerLifecycle wseNettyServer(WseEngine engine, WseProperties properties) {
		return new WseNettyServerLifecycle(new NettyWseServer(engine, options(properties)), engine);
	}

	static NettyWseServerOptions options(WseProperties properties) {
		WseProperties.Netty netty = properties.getNetty();
		List<String> origins = properties.getEndpoint().getAllowedOriginPatterns();
		if (origins.isEmpty()) {
			logger.info("WSE Netty endpoint accepts upgrades from any origin; set "
					+ "'wse.endpoint.allowed-origin-patterns' to restrict it (recommended with cookie authentication)");
		}
		return NettyWseServerOptions.builder()
			.host(netty.getHost())
			.port(netty.getPort())
			.path(properties.getEndpoint().getPath())
			.epoll(netty.isEpoll())
			.workerThreads(netty.getWorkerThreads())
			.maxHeaderSize(Math.toIntExact(netty.getMaxHeaderSize().toBytes()))
			.ssl(path(netty.getSsl().getCertificate()), path(netty.getSsl().getPrivateKey()))
			.allowedOrigins(OriginPatterns.of(origins))
			.build();
	}

	private static @Nullable Path path(@Nullable String location) {
		if (!StringUtils.hasText(location)) {
			return null;
		}
		return Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
	}

}
