package dev.wse.engine.internal;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.KeyExchange;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Answers {@code client_hello}: negotiates the protocol version and, when the client asks
 * for encryption ({@code p.features.encryption} is {@code true} and
 * {@code p.encryption_public_key} a string), performs a key exchange with a fresh server
 * key pair. Every hello gets a plaintext {@code server_hello}; one that keyed carries the
 * server's public key and {@code features.encryption: true}. A later hello with a key
 * rekeys the connection.
 */
final class HelloRequests {

	private static final Logger logger = LoggerFactory.getLogger(HelloRequests.class);

	private final EngineCore core;

	HelloRequests(EngineCore core) {
		this.core = core;
	}

	void hello(Connection connection, Envelope envelope) {
		JsonNode payload = envelope.payload();
		JsonNode version = payload.path("protocol_version");
		long clientVersion = Math.max(1,
				version.canConvertToLong() && version.isIntegralNumber() ? version.asLong() : 1);
		JsonNode publicKey = payload.path("encryption_public_key");
		boolean wantsEncryption = payload.path("features").path("encryption").isBoolean()
				&& payload.path("features").path("encryption").booleanValue() && publicKey.isString();
		if (!wantsEncryption) {
			connection.hello(serverHello(connection, clientVersion, null));
			return;
		}
		KeyExchange exchange;
		AesGcmCipher cipher;
		try {
			exchange = KeyExchange.generate();
			cipher = exchange.deriveCipher(publicKey.stringValue());
		}
		catch (ProtocolException ex) {
			// encrypted under the current key if there is one, plaintext otherwise
			connection.sendError(ex.code(), ex.getMessage(), envelope);
			connection.hello(serverHello(connection, clientVersion, null));
			return;
		}
		if (!connection.rekey(cipher, serverHello(connection, clientVersion, exchange.publicKeyBase64()))) {
			logger.debug("Key exchange on {} abandoned: its server_hello could not be queued", connection.id());
		}
	}

	private OutboundFrame serverHello(Connection connection, long clientVersion, @Nullable String publicKey) {
		return this.core.messages().serverHello(connection.id(), clientVersion, publicKey);
	}

}
