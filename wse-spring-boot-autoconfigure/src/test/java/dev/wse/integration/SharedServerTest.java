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
 * Runs a test class against the one shared test server: {@link WseTestApplication} on a
 * random port with JWT security (secret, issuer, audience of {@link Tokens}), a 300 ms
 * server ping, a 3 s idle timeout and a small inbound rate-limit bucket. Every class with
 * this annotation shares the same application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = WseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wse.security.jwt.secret=" + Tokens.SECRET, "wse.security.jwt.issuer=" + Tokens.ISSUER,
				"wse.security.jwt.audience=" + Tokens.AUDIENCE, "wse.heartbeat.ping-interval=300ms",
				"wse.heartbeat.idle-timeout=3s", "wse.rate-limit.inbound.capacity=20",
				"wse.rate-limit.inbound.refill=10" })
@interface SharedServerTest {

	/** The server's ping interval. */
	long PING_INTERVAL_MILLIS = 300;

	/** The server's idle timeout. */
	long IDLE_TIMEOUT_MILLIS = 3000;

}
