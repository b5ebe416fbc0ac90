package dev.wse.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The URI and headers of a client's WebSocket upgrade: query parameters appended to the
 * URI, the token as {@code Authorization: Bearer} and/or the {@code access_token} cookie.
 *
 * @param uri the URI to open
 * @param headers the headers to send, in order
 */
public record UpgradeRequest(URI uri, Map<String, String> headers) {

	private static final String COOKIE = "Cookie";

	/**
	 * Build the upgrade request.
	 * @param base the endpoint URI, possibly with a query already
	 * @param queryParameters parameters to append
	 * @param headers extra headers
	 * @param bearerToken the token for {@code Authorization}, or {@code null}
	 * @param cookieName the name of the token cookie
	 * @param cookieToken the token for the cookie, or {@code null}
	 * @return the request
	 */
	public static UpgradeRequest of(URI base, Map<String, String> queryParameters, Map<String, String> headers,
			@Nullable String bearerToken, String cookieName, @Nullable String cookieToken) {
		Map<String, String> all = new LinkedHashMap<>();
		String extraCookie = null;
		for (Map.Entry<String, String> header : headers.entrySet()) {
			if (COOKIE.equalsIgnoreCase(header.getKey())) {
				extraCookie = header.getValue();
			}
			else {
				all.put(header.getKey(), header.getValue());
			}
		}
		if (bearerToken != null) {
			all.put("Authorization", "Bearer " + bearerToken);
		}
		String cookie = (cookieToken != null) ? cookieName + "=" + cookieToken : null;
		if (extraCookie != null) {
			cookie = (cookie != null) ? cookie + "; " + extraCookie : extraCookie;
		}
		if (cookie != null) {
			all.put(COOKIE, cookie);
		}
		return new UpgradeRequest(withQuery(base, queryParameters), Collections.unmodifiableMap(all));
	}

	private static URI withQuery(URI base, Map<String, String> parameters) {
		if (parameters.isEmpty()) {
			return base;
		}
		StringBuilder query = new StringBuilder();
		if (base.getRawQuery() != null && !base.getRawQuery().isEmpty()) {
			query.append(base.getRawQuery());
		}
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			if (query.length() > 0) {
				query.append('&');
			}
			query.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
		}
		try {
			return new URI(base.getScheme() + "://" + base.getRawAuthority() + rawPath(base) + "?" + query);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Cannot add query parameters to " + base, ex);
		}
	}

	private static String rawPath(URI uri) {
		return (uri.getRawPath() != null) ? uri.getRawPath() : "";
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
