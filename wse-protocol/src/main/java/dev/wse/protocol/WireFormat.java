package dev.wse.protocol;

/**
 * Encoding a connection uses for binary frames, chosen by the {@code format} query
 * parameter.
 */
public enum WireFormat {

	/**
	 * JSON (the default): binary sends are plain JSON or {@code C:} zlib-compressed JSON.
	 */
	JSON,

	/**
	 * MessagePack ({@code ?format=msgpack}): binary sends are {@code M:} MessagePack
	 * maps.
	 */
	MSGPACK;

	/**
	 * Choose the format from a raw query string, as upstream does (substring test).
	 * @param rawQuery the raw query string, or {@code null}
	 * @return the wire format
	 */
	public static WireFormat fromQuery(@org.jspecify.annotations.Nullable String rawQuery) {
		return (rawQuery != null && rawQuery.contains("format=msgpack")) ? MSGPACK : JSON;
	}

}
