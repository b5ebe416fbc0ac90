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
 * Runs a test class against the one test server with recovery on:
 * {@link WseTestApplication} on a random port with JWT security (as
 * {@link SharedServerTest}), a recovery buffer of {@value #BUFFER_SIZE} messages per
 * topic and replays of up to {@value #MAX_MESSAGES} messages, so that within the soak
 * test recovery never fails for lack of history. Every class with this annotation shares
 * the same application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.recovery.enabled=true",
				"wse.recovery.buffer-size=" + RecoveryServerTest.BUFFER_SIZE,
				"wse.recovery.max-messages=" + RecoveryServerTest.MAX_MESSAGES })
@interface RecoveryServerTest {

	/** Messages kept per topic. */
	int BUFFER_SIZE = 16_384;

	/** Largest backlog replayed to a resuming client. */
	int MAX_MESSAGES = 10_000;

}
