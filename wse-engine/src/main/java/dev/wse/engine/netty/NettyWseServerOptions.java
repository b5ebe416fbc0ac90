package dev.wse.engine.netty;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link NettyWseServer}. Start with {@link #builder()}.
 */
public final class NettyWseServerOptions {

	/** The default port. */
	public static final int DEFAULT_PORT = 8081;

	/** The default endpoint path. */
	public static final String DEFAULT_PATH = "/wse";

	/** The default cap on the size of the upgrade request's headers, in bytes. */
	public static final int DEFAULT_MAX_HEADER_SIZE = 8192;

	private final String host;

	private final int port;

	private final String path;

	private final @Nullable Path sslCertificate;

	private final @Nullable Path sslPrivateKey;

	private final boolean epoll;

	private final int workerThreads;

	private final int maxHeaderSize;

	private final Predicate<String> allowedOrigins;

	private NettyWseServerOptions(Builder builder) {
		this.host = builder.host;
		this.port = builder.port;
		this.path = builder.path;
		this.sslCertificate = builder.sslCertificate;
		this.sslPrivateKey = builder.sslPrivateKey;
		this.epoll = builder.epoll;
		this.workerThreads = builder.workerThreads;
		this.maxHeaderSize = builder.maxHeaderSize;
		this.allowedOrigins = builder.allowedOrigins;
		if (this.port < 0 || this.port > 65535) {
			throw new IllegalArgumentException("port must be between 0 and 65535: " + this.port);
		}
		if (!this.path.startsWith("/")) {
			throw new IllegalArgumentException("path must start with '/': " + this.path);
		}
		if (this.workerThreads < 0) {
			throw new IllegalArgumentException("workerThreads must not be negative: " + this.workerThreads);
		}
		if (this.maxHeaderSize < 1024) {
			throw new IllegalArgumentException("maxHeaderSize must be at least 1024: " + this.maxHeaderSize);
		}
		if ((this.sslCertificate == null) != (this.sslPrivateKey == null)) {
			throw new IllegalArgumentException("TLS needs both a certificate chain and a private key");
		}
	}

	/**
	 * Start a builder with the defaults: {@code 0.0.0.0:8081}, path {@code /wse}, no TLS,
	 * epoll when available, Netty's default worker thread count, any origin.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the address to bind.
	 * @return the host name or address
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Return the port to bind ({@code 0} picks a free one).
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the WebSocket endpoint path.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the PEM certificate chain file, when TLS is on.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path sslCertificate() {
		return this.sslCertificate;
	}

	/**
	 * Return the PEM private key file, when TLS is on.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path sslPrivateKey() {
		return this.sslPrivateKey;
	}

	/**
	 * Return whether TLS is on (both PEM files are set).
	 * @return {@code true} for TLS
	 */
	public boolean isSsl() {
		return this.sslCertificate != null;
	}

	/**
	 * Return whether to use the native epoll transport when it is available.
	 * @return {@code true} to prefer epoll
	 */
	public boolean epoll() {
		return this.epoll;
	}

	/**
	 * Return the number of worker event loop threads ({@code 0} for Netty's default,
	 * twice the available processors).
	 * @return the thread count
	 */
	public int workerThreads() {
		return this.workerThreads;
	}

	/**
	 * Return the cap on the size of the upgrade request's headers, in bytes.
	 * @return the size
	 */
	public int maxHeaderSize() {
		return this.maxHeaderSize;
	}

	/**
	 * Return the test of a cross-origin upgrade request's {@code Origin} header.
	 * @return the predicate
	 */
	public Predicate<String> allowedOrigins() {
		return this.allowedOrigins;
	}

	/**
	 * Builder of {@link NettyWseServerOptions}.
	 */
	public static final class Builder {

		private String host = "0.0.0.0";

		private int port = DEFAULT_PORT;

		private String path = DEFAULT_PATH;

		private @Nullable Path sslCertificate;

		private @Nullable Path sslPrivateKey;

		private boolean epoll = true;

		private int workerThreads;

		private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;

		private Predicate<String> allowedOrigins = (origin) -> true;

		private Builder() {
		}

		/**
		 * Set the address to bind.
		 * @param host the host name or address
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = Objects.requireNonNull(host, "host");
			return this;
		}

		/**
		 * Set the port to bind ({@code 0} picks a free one).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Set the WebSocket endpoint path.
		 * @param path the path
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = Objects.requireNonNull(path, "path");
			return this;
		}

		/**
		 * Serve TLS with a PEM certificate chain and a PEM (PKCS#8) private key, or turn
		 * TLS off with two {@code null}s.
		 * @param certificate the certificate chain file
		 * @param privateKey the private key file
		 * @return this builder
		 */
		public Builder ssl(@Nullable Path certificate, @Nullable Path privateKey) {
			this.sslCertificate = certificate;
			this.sslPrivateKey = privateKey;
			return this;
		}

		/**
		 * Set whether to use the native epoll transport when it is available.
		 * @param epoll {@code true} to prefer epoll
		 * @return this builder
		 */
		public Builder epoll(boolean epoll) {
			this.epoll = epoll;
			return this;
		}

		/**
		 * Set the number of worker event loop threads ({@code 0} for Netty's default).
		 * @param workerThreads the thread count
		 * @return this builder
		 */
		public Builder workerThreads(int workerThreads) {
			this.workerThreads = workerThreads;
			return this;
		}

		/**
		 * Set the cap on the size of the upgrade request's headers; a larger request gets
		 * HTTP 431.
		 * @param maxHeaderSize the size in bytes
		 * @return this builder
		 */
		public Builder maxHeaderSize(int maxHeaderSize) {
			this.maxHeaderSize = maxHeaderSize;
			return this;
		}

		/**
		 * Set the test of a cross-origin upgrade request's {@code Origin} header: a
		 * request with an {@code Origin} that is not the request's own host and fails the
		 * test gets HTTP 403. Requests without an {@code Origin} header (non-browser
		 * clients) are not checked.
		 * @param allowedOrigins the predicate
		 * @return this builder
		 */
		public Builder allowedOrigins(Predicate<String> allowedOrigins) {
			this.allowedOrigins = Objects.requireNonNull(allowedOrigins, "allowedOrigins");
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public NettyWseServerOptions build() {
			return new NettyWseServerOptions(this);
		}

	}

}
