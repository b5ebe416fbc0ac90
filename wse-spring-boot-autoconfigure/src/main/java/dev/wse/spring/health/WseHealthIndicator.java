package dev.wse.spring.health;

import java.util.Locale;

import dev.wse.engine.EngineState;
import dev.wse.engine.WseEngine;
import dev.wse.spring.security.WseSecurityMode;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} for a {@link WseEngine}: {@code UP} while it accepts
 * connections, {@code OUT_OF_SERVICE} before it starts and while it drains or is stopped.
 * Details: the engine state, the number of connections and topics, the security mode and,
 * when connections are anonymous, a warning.
 *
 * @author WSE team
 * @since 0.1.0
 */
public class WseHealthIndicator extends AbstractHealthIndicator {

	static final String ANONYMOUS_WARNING = "Connections are not authenticated: "
			+ "set wse.security.jwt.secret or define a JwtDecoder or Authenticator bean";

	private final WseEngine engine;

	private final WseSecurityMode securityMode;

	/**
	 * Create an indicator.
	 * @param engine the engine
	 * @param securityMode how connections are authenticated
	 */
	public WseHealthIndicator(WseEngine engine, WseSecurityMode securityMode) {
		super("WSE health check failed");
		Assert.notNull(engine, "'engine' must not be null");
		Assert.notNull(securityMode, "'securityMode' must not be null");
		this.engine = engine;
		this.securityMode = securityMode;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EngineState state = this.engine.state();
		if (state == EngineState.RUNNING) {
			builder.up();
		}
		else {
			builder.outOfService();
		}
		builder.withDetail("state", state.name().toLowerCase(Locale.ROOT))
			.withDetail("connections", this.engine.connectionCount())
			.withDetail("topics", this.engine.topicCount())
			.withDetail("security", this.securityMode.value());
		if (this.securityMode == WseSecurityMode.NONE) {
			builder.withDetail("warning", ANONYMOUS_WARNING);
		}
	}

}
