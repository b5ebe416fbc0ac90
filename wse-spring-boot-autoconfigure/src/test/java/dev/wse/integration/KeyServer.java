package dev.wse.integration;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free loopback port serving a JSON Web Key Set (one RS256 and
 * one ES256 key, generated per instance) at {@code /jwks} and an OpenID Connect discovery
 * document at {@code /.well-known/openid-configuration}, plus token minting with those
 * keys and with the ways a token can be forged.
 */
final class KeyServer implements AutoCloseable {

	static final String AUDIENCE = "wse-key-tests";

	private final HttpServer server;

	private final RSAKey rsa;

	private final ECKey ec;

	private final AtomicInteger discoveryRequests = new AtomicInteger();

	private final AtomicInteger jwksRequests = new AtomicInteger();

	private KeyServer() throws IOException, JOSEException {
		this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		String jwks = new JWKSet(List.of(this.rsa.toPublicJWK(), this.ec.toPublicJWK())).toString();
		this.server.createContext("/jwks", (exchange) -> {
			this.jwksRequests.incrementAndGet();
			respond(exchange, jwks);
		});
		this.server.createContext("/.well-known/openid-configuration", (exchange) -> {
			this.discoveryRequests.incrementAndGet();
			respond(exchange,
					"{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwkSetUri()
							+ "\",\"subject_types_supported\":[\"public\"],"
							+ "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}");
		});
		this.server.start();
	}

	static KeyServer start() {
		try {
			return new KeyServer();
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void respond(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	String jwkSetUri() {
		return issuer() + "/jwks";
	}

	int discoveryRequests() {
		return this.discoveryRequests.get();
	}

	int jwksRequests() {
		return this.jwksRequests.get();
	}

	JWTClaimsSet claims(String subject, String issuer) {
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(issuer)
			.audience(AUDIENCE)
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
	}

	String rs256(JWTClaimsSet claims) {
		return sign(JWSAlgorithm.RS256, this.rsa.getKeyID(), signer(() -> new RSASSASigner(this.rsa)), claims);
	}

	String es256(JWTClaimsSet claims) {
		return sign(JWSAlgorithm.ES256, this.ec.getKeyID(), signer(() -> new ECDSASigner(this.ec)), claims);
	}

	/**
	 * RS512 with the server's RSA key: a valid signature with an algorithm not allowed.
	 */
	String rs512(JWTClaimsSet claims) {
		return sign(JWSAlgorithm.RS512, this.rsa.getKeyID(), signer(() -> new RSASSASigner(this.rsa)), claims);
	}

	/** RS256 with a key of the same id that is not the server's. */
	String rs256WithAnotherKey(JWTClaimsSet claims) {
		RSAKey other = signer(() -> new RSAKeyGenerator(2048).keyID(this.rsa.getKeyID()).generate());
		return sign(JWSAlgorithm.RS256, other.getKeyID(), signer(() -> new RSASSASigner(other)), claims);
	}

	/** {@code alg: none}, no signature. */
	String unsigned(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

	/**
	 * Algorithm confusion: HS256 with the RSA public key (X.509 DER) as the HMAC secret.
	 */
	String hs256WithThePublicKey(JWTClaimsSet claims) {
		RSAPublicKey publicKey = signer(this.rsa::toRSAPublicKey);
		return sign(JWSAlgorithm.HS256, this.rsa.getKeyID(), signer(() -> new MACSigner(publicKey.getEncoded())),
				claims);
	}

	private static String sign(JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static <T> T signer(JoseSupplier<T> supplier) {
		try {
			return supplier.get();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	@FunctionalInterface
	private interface JoseSupplier<T> {

		T get() throws JOSEException;

	}

}
