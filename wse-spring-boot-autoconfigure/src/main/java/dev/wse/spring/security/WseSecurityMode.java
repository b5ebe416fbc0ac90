package dev.wse.spring.security;

import dev.wse.engine.security.Authenticator;

import org.springframework.util.ClassUtils;

/**
 * How WSE connections are authenticated, as reported by the health indicator.
 *
 * @author WSE team
 * @since 0.1.0
 */
public enum WseSecurityMode {

	/**
	 * Tokens are verified with an HS256 decoder built from
	 * {@code wse.security.jwt.secret}.
	 */
	JWT("jwt"),

	/** Tokens are verified with the application's own {@code JwtDecoder}. */
	CUSTOM_JWT_DECODER("custom-jwt-decoder"),

	/** The application provides its own {@link Authenticator}. */
	CUSTOM("custom"),

	/** No authentication: every connection is accepted anonymously. */
	NONE("none");

	private static final boolean JWT_PRESENT = ClassUtils
		.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder", WseSecurityMode.class.getClassLoader());

	private final String value;

	WseSecurityMode(String value) {
		this.value = value;
	}

	/**
	 * Return the value reported in health details.
	 * @return the value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the mode of an authenticator.
	 * @param authenticator the authenticator
	 * @return the mode
	 */
	public static WseSecurityMode of(Authenticator authenticator) {
		if (authenticator == Authenticator.ANONYMOUS) {
			return NONE;
		}
		if (JWT_PRESENT && authenticator instanceof JwtAuthenticator jwtAuthenticator) {
			return jwtAuthenticator.securityMode();
		}
		return CUSTOM;
	}

}
