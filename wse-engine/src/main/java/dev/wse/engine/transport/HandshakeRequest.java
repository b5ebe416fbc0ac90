package dev.wse.engine.transport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP upgrade request of a connection, as the transport saw it.
 *
 * @param uri the request URI (with query)
 * @param headers the request headers (names are matched case-insensitively)
 * @param remoteAddress the peer address, if known
 * @param principal a principal the container already authenticated (session login), if
 * any
 */
public record HandshakeRequest(URI uri, Map<String, List<String>> headers, @Nullable InetSocketAddress remoteAddress,
		@Nullable Principal principal) {

	/**
	 * Create a request, copying the headers into a case-insensitive map.
	 * @param uri the request URI
	 * @param headers the headers
	 * @param remoteAddress the peer address
	 * @param principal an authenticated principal
	 */
	public HandshakeRequest {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
			java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
			all.addAll(b);
			return List.copyOf(all);
		}));
		headers = java.util.Collections.unmodifiableMap(copy);
	}

	/**
	 * Create a request without a principal.
	 * @param uri the request URI
	 * @param headers the headers
	 * @return the request
	 */
	public static HandshakeRequest of(URI uri, Map<String, List<String>> headers) {
		return new HandshakeRequest(uri, headers, null, null);
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name (any case)
	 * @return the value, or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Return a cookie from the first {@code Cookie} header, the way upstream reads it:
	 * items split on {@code ;} and trimmed; empty, {@code undefined} and {@code null}
	 * values count as absent.
	 * @param name the cookie name
	 * @return the value, or {@code null}
	 */
	public @Nullable String cookie(String name) {
		String header = header("Cookie");
		if (header == null) {
			return null;
		}
		String prefix = name + "=";
		for (String item : header.split(";")) {
			String trimmed = item.trim();
			if (trimmed.startsWith(prefix)) {
				String value = trimmed.substring(prefix.length()).trim();
				if (!value.isEmpty() && !value.equals("undefined") && !value.equals("null")) {
					return value;
				}
			}
		}
		return null;
	}

	/**
	 * Return the raw query string of the URI.
	 * @return the raw query, or {@code null}
	 */
	public @Nullable String rawQuery() {
		return this.uri.getRawQuery();
	}

	/**
	 * Return the first value of a query parameter, URL-decoded.
	 * @param name the parameter name
	 * @return the value, or {@code null}
	 */
	public @Nullable String queryParameter(String name) {
		String query = rawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String key = (eq < 0) ? pair : pair.substring(0, eq);
			if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
				return (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/**
	 * Return the bearer token of the {@code Authorization} header (first 7 characters
	 * compared case-insensitively with {@code "bearer "}).
	 * @return the token, or {@code null}
	 */
	public @Nullable String bearerToken() {
		String header = header("Authorization");
		if (header == null || header.length() <= 7
				|| !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
			return null;
		}
		return header.substring(7);
	}

}
