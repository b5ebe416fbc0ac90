package dev.wse.bench.jmh;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wse.engine.security.AuthenticationResult;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.spring.security.JwtAuthenticator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Handshake token verification: an HS256 token checked by the {@link NimbusJwtDecoder}
 * that {@link JwtAuthenticator#hs256Decoder(String, String, String)} builds (signature,
 * {@code exp}/{@code nbf} with skew, issuer, audience), and the whole
 * {@link JwtAuthenticator#authenticate(HandshakeRequest)} from an {@code Authorization:
 * Bearer} header to the principal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JwtVerificationBenchmark {

	private static final String SECRET = "wse-benchmark-secret-0123456789abcdef-0123456789";

	private static final String ISSUER = "https://issuer.wse.bench";

	private static final String AUDIENCE = "wse-bench";

	private NimbusJwtDecoder decoder = JwtAuthenticator.hs256Decoder(SECRET, ISSUER, AUDIENCE);

	private JwtAuthenticator authenticator = JwtAuthenticator.withSecret(SECRET, ISSUER, AUDIENCE);

	private String token = "";

	private HandshakeRequest request = HandshakeRequest.of(URI.create("ws://localhost/wse"), Map.of());

	/**
	 * Sign a token valid for an hour and check that both paths accept it.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.decoder = JwtAuthenticator.hs256Decoder(SECRET, ISSUER, AUDIENCE);
		this.authenticator = JwtAuthenticator.withSecret(SECRET, ISSUER, AUDIENCE);
		this.token = sign("user-42", Instant.now().plusSeconds(3600));
		this.request = HandshakeRequest.of(URI.create("ws://localhost/wse"),
				Map.of("Authorization", List.of("Bearer " + this.token)));
		if (!"user-42".equals(this.decoder.decode(this.token).getSubject())
				|| !this.authenticator.authenticate(this.request).isAccepted()) {
			throw new IllegalStateException("Benchmark setup is wrong: token rejected");
		}
	}

	static String sign(String subject, Instant expiresAt) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(expiresAt))
			.claim("roles", List.of("trader", "viewer"))
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Verify the token with Spring Security's decoder.
	 * @return the decoded token
	 */
	@Benchmark
	public Jwt nimbusDecode() {
		return this.decoder.decode(this.token);
	}

	/**
	 * Authenticate a handshake that carries the token in its {@code Authorization}
	 * header.
	 * @return the result
	 */
	@Benchmark
	public AuthenticationResult authenticate() {
		return this.authenticator.authenticate(this.request);
	}

}
