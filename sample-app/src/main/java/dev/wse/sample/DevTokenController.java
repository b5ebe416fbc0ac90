package dev.wse.sample;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import dev.wse.autoconfigure.WseProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Development endpoint issuing HS256 tokens for any user name, signed with
 * {@code wse.security.jwt.secret}: {@code GET /dev/token?user=NAME} returns
 * {@code {token, user, expires_at}}. Enabled only with
 * {@code wse.sample.dev-tokens=true}; never enable it in production, where tokens come
 * from your identity provider.
 *
 * @author WSE team
 */
@RestController
@ConditionalOnBooleanProperty("wse.sample.dev-tokens")
public class DevTokenController {

	private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final JwtEncoder encoder;

	private final WseProperties.Security.Jwt jwt;

	private final SampleProperties properties;

	/**
	 * Create the controller.
	 * @param wseProperties the WSE properties holding the secret, issuer and audience
	 * @param properties the sample properties
	 */
	public DevTokenController(WseProperties wseProperties, SampleProperties properties) {
		this.jwt = wseProperties.getSecurity().getJwt();
		this.properties = properties;
		String secret = this.jwt.getSecret();
		if (!StringUtils.hasText(secret)) {
			throw new IllegalStateException(
					"wse.sample.dev-tokens=true needs wse.security.jwt.secret to sign the development tokens");
		}
		this.encoder = NimbusJwtEncoder
			.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.build();
	}

	/**
	 * Issue a token.
	 * @param user the user name, which becomes the token's {@code sub}
	 * @return {@code {token, user, expires_at}}
	 */
	@GetMapping("/dev/token")
	public Map<String, Object> token(@RequestParam String user) {
		if (!USER.matcher(user).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"user must be 1-64 letters, digits, '.', '_' or '-'");
		}
		Instant now = Instant.now();
		Instant expiresAt = now.plus(this.properties.getTokenLifetime());
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(user).issuedAt(now).expiresAt(expiresAt);
		if (StringUtils.hasText(this.jwt.getIssuer())) {
			claims.issuer(this.jwt.getIssuer());
		}
		if (StringUtils.hasText(this.jwt.getAudience())) {
			claims.audience(List.of(this.jwt.getAudience()));
		}
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("token", token);
		response.put("user", user);
		response.put("expires_at", expiresAt.toString());
		return response;
	}

}
