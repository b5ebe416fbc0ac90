package dev.wse.autoconfigure;

import dev.wse.engine.WseEngineConfig;

/**
 * Callback to customize the {@link WseEngineConfig} built from {@link WseProperties}.
 * Customizers are applied in order ({@link org.springframework.core.Ordered} /
 * {@link org.springframework.core.annotation.Order}) after the properties.
 *
 * @author WSE team
 * @since 0.1.0
 */
@FunctionalInterface
public interface WseEngineConfigCustomizer {

	/**
	 * Customize the configuration builder.
	 * @param builder the builder, already holding the {@code wse.*} values
	 */
	void customize(WseEngineConfig.Builder builder);

}
