package dev.wse.engine.internal;

import java.nio.charset.StandardCharsets;

import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ProtocolException;
import dev.wse.protocol.crypto.AesGcmCipher;
import dev.wse.protocol.crypto.Hkdf;
import dev.wse.protocol.crypto.KeyExchange;
import dev.wse.protocol.crypto.MessageSigning;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Answers {@code client_hello}: negotiates the protocol version and, when the client asks
 * for encryption ({@code p.features.encryption} is {@code true}) or for signing
 * ({@code p.features.signing} is {@code true} and signing is enabled) with
 * {@code p.encryption_public_key} a string, performs a key exchange with a fresh server
 * key pair. From the one shared secret it derives the AES key (if encryption was asked
 * for) and the signing key (if signing was), each with its own HKDF info. Every hello
 * gets a plaintext {@code server_hello}; one that keyed carries the server's public key,
 * {@code features.encryption} and {@code features.signing} as negotiated, and for signing
 * the {@code signing} object with the algorithm and the signed types. A later hello with
 * a key rekeys what it asks for.
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
		JsonNode features = payload.path("features");
		boolean wantsEncryption = flag(features, "encryption") && publicKey.isString();
		boolean wantsSigning = this.core.signatures().enabled() && flag(features, "signing") && publicKey.isString();
		if (!wantsEncryption && !wantsSigning) {
			connection.hello(serverHello(connection, clientVersion, null, false, false));
			return;
		}
		KeyExchange exchange;
		byte[] secret;
		try {
			exchange = KeyExchange.generate();
			secret = exchange.sharedSecret(publicKey.stringValue());
		}
		catch (ProtocolException ex) {
			// encrypted under the current key if there is one, plaintext otherwise
			connection.sendError(ex.code(), ex.getMessage(), envelope);
			connection.hello(serverHello(connection, clientVersion, null, false, false));
			return;
		}
		AesGcmCipher cipher = wantsEncryption ? new AesGcmCipher(Hkdf.sha256(secret, null,
				KeyExchange.HKDF_INFO.getBytes(StandardCharsets.US_ASCII), AesGcmCipher.KEY_LENGTH)) : null;
		MessageSigning signer = wantsSigning ? MessageSigning.fromSharedSecret(secret) : null;
		OutboundFrame hello = serverHello(connection, clientVersion, exchange.publicKeyBase64(), wantsEncryption,
				wantsSigning);
		if (!connection.rekey(cipher, signer, hello)) {
			logger.debug("Key exchange on {} abandoned: its server_hello could not be queued", connection.id());
		}
	}

	private static boolean flag(JsonNode features, String name) {
		JsonNode value = features.path(name);
		return value.isBoolean() && value.booleanValue();
	}

	private OutboundFrame serverHello(Connection connection, long clientVersion, @Nullable String publicKey,
			boolean encrypted, boolean signed) {
		return this.core.messages()
			.serverHello(connection.id(), clientVersion, publicKey, encrypted,
					signed ? this.core.signatures().types() : null);
	}

}
