package dev.wse.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens signed with {@code javax.crypto}, as an identity provider would
 * issue them: {@code sub} and {@code exp} one hour ahead.
 *
 * @author WSE team
 */
public final class Jwt {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final Mac mac;

	/**
	 * Create a signer.
	 * @param secret the HS256 secret
	 */
	public Jwt(String secret) {
		try {
			this.mac = Mac.getInstance("HmacSHA256");
			this.mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sign a token for a user.
	 * @param subject the {@code sub} claim
	 * @return the compact token
	 */
	public synchronized String token(String subject) {
		long exp = System.currentTimeMillis() / 1000 + 3600;
		String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = encode("{\"sub\":\"" + subject + "\",\"exp\":" + exp + "}");
		String signingInput = header + "." + claims;
		byte[] signature = this.mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + BASE64.encodeToString(signature);
	}

	private static String encode(String json) {
		return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
