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
 * Runs a test class against a test server with message signing on:
 * {@link WseTestApplication} on a random port with JWT security (as
 * {@link SharedServerTest}), signing enabled for {@code echo}, {@code echo_response} and
 * {@code tick}, and {@value #MAX_FAILURES} signature failures in a row allowed. Every
 * class with this annotation shares the same application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.security.signing.enabled=true",
				"wse.security.signing.types=echo,echo_response,tick",
				"wse.security.signing.max-failures=" + SigningServerTest.MAX_FAILURES })
@interface SigningServerTest {

	/** Consecutive signature failures after which a connection is closed with 4006. */
	int MAX_FAILURES = 5;

}
