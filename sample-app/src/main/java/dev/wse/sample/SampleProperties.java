package dev.wse.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the sample application ({@code wse.sample.*}).
 *
 * @author WSE team
 */
@ConfigurationProperties("wse.sample")
public class SampleProperties {

	/**
	 * Whether GET /dev/token issues signed tokens to anyone who asks. Development only.
	 */
	private boolean devTokens;

	/**
	 * Lifetime of the tokens issued by GET /dev/token.
	 */
	private Duration tokenLifetime = Duration.ofHours(1);

	/**
	 * Interval between two price ticks on the 'prices' topic.
	 */
	private Duration tickInterval = Duration.ofMillis(200);

	public boolean isDevTokens() {
		return this.devTokens;
	}

	public void setDevTokens(boolean devTokens) {
		this.devTokens = devTokens;
	}

	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	public void setTokenLifetime(Duration tokenLifetime) {
		this.tokenLifetime = tokenLifetime;
	}

	public Duration getTickInterval() {
		return this.tickInterval;
	}

	public void setTickInterval(Duration tickInterval) {
		this.tickInterval = tickInterval;
	}

}
