package dev.wse.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints HS256 handshake tokens for the integration tests, valid for the shared test
 * server by default; each setter breaks one property.
 */
final class Tokens {

	/** The HS256 secret the test servers verify with. */
	static final String SECRET = "wse-integration-tests-secret-0123456789abcdef";

	/** The issuer the test servers require. */
	static final String ISSUER = "https://issuer.wse.test";

	/** The audience the test servers require. */
	static final String AUDIENCE = "wse-integration-tests";

	private final String subject;

	private String secret = SECRET;

	private String issuer = ISSUER;

	private String audience = AUDIENCE;

	private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));

	private Tokens(String subject) {
		this.subject = subject;
	}

	static Tokens forUser(String subject) {
		return new Tokens(subject);
	}

	static String valid(String subject) {
		return forUser(subject).sign();
	}

	Tokens signedWith(String secret) {
		this.secret = secret;
		return this;
	}

	Tokens issuer(String issuer) {
		this.issuer = issuer;
		return this;
	}

	Tokens withoutIssuer() {
		this.issuer = null;
		return this;
	}

	Tokens audience(String audience) {
		this.audience = audience;
		return this;
	}

	Tokens expiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		return this;
	}

	String sign() {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(this.subject)
			.issueTime(Date.from(now.minusSeconds(600)))
			.expirationTime(Date.from(this.expiresAt));
		if (this.issuer != null) {
			claims.issuer(this.issuer);
		}
		if (this.audience != null) {
			claims.audience(this.audience);
		}
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
			jwt.sign(new MACSigner(this.secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
