package dev.wse.bench.load;

/**
 * The peers of the matrix: the main class each one runs, its dialect and path.
 *
 * @author WSE team
 */
public enum PeerKind {

	/** Raw Netty, pre-encoded broadcast, no auth: the JVM limit. */
	RAW_NETTY("raw-netty", "dev.wse.bench.peer.RawNettyPeer", Dialect.RAW, "/ws"),

	/** A hand-written Spring {@code TextWebSocketHandler} on Tomcat, no auth. */
	SPRING_PLAIN("spring-plain", "dev.wse.bench.peer.PlainSpringPeer", Dialect.RAW, "/ws"),

	/** Spring STOMP with the simple broker on Tomcat, no auth. */
	SPRING_STOMP("spring-stomp", "dev.wse.bench.peer.StompPeer", Dialect.STOMP, "/stomp"),

	/** WSE on the servlet (Tomcat) transport, JWT on every handshake. */
	WSE_SERVLET("wse-servlet", "dev.wse.bench.peer.WsePeer", Dialect.WSE, "/wse"),

	/**
	 * WSE on the Netty transport ({@code --wse.transport=netty}), JWT on every handshake.
	 */
	WSE_NETTY("wse-netty", "dev.wse.bench.peer.WsePeer", Dialect.WSE, "/wse");

	private final String id;

	private final String mainClass;

	private final Dialect dialect;

	private final String path;

	PeerKind(String id, String mainClass, Dialect dialect, String path) {
		this.id = id;
		this.mainClass = mainClass;
		this.dialect = dialect;
		this.path = path;
	}

	/**
	 * The name used in options and tables.
	 * @return the name
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The peer's main class.
	 * @return the class name
	 */
	public String mainClass() {
		return this.mainClass;
	}

	/**
	 * The dialect.
	 * @return the dialect
	 */
	public Dialect dialect() {
		return this.dialect;
	}

	/**
	 * The WebSocket path.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Find a peer by name.
	 * @param id the name
	 * @return the peer
	 */
	public static PeerKind of(String id) {
		for (PeerKind kind : values()) {
			if (kind.id.equals(id)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown peer '" + id + "'");
	}

}
