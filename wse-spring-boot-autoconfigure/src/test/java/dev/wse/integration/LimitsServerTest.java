package dev.wse.integration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Runs a test class against a test server with client publishing opened by rules
 * ({@code chat:*} and {@code user:{sub}}, not {@code chat:readonly}) and a limit of
 * {@value #CONNECTIONS_PER_USER} connections per user (policy reject-new), otherwise the
 * defaults (1,000 connections, 60 s idle timeout) and the JWT settings of {@link Tokens}.
 * Every class with this annotation shares the same application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.security.topics.publish-allow=chat:*,user:{sub}",
				"wse.security.topics.publish-deny=chat:readonly",
				"wse.limits.connections-per-user=" + LimitsServerTest.CONNECTIONS_PER_USER })
@interface LimitsServerTest {

	/** The server's connections-per-user limit. */
	int CONNECTIONS_PER_USER = 100;

}
