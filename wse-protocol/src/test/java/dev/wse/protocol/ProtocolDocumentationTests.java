package dev.wse.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@code docs/protocol.md} lists every error code and close code exactly as
 * the enums define them, so the documentation cannot drift from the code.
 */
class ProtocolDocumentationTests {

	private static String protocolDoc() throws IOException {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("docs/protocol.md"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("docs/protocol.md above the module directory").isNotNull();
		return Files.readString(dir.resolve("docs/protocol.md"));
	}

	@Test
	void everyErrorCodeIsDocumented() throws IOException {
		String doc = protocolDoc();
		for (ErrorCode code : ErrorCode.values()) {
			assertThat(doc).as("error code %s", code).contains("| `" + code.name() + "` |");
		}
	}

	@Test
	void everyCloseCodeIsDocumentedWithItsReason() throws IOException {
		String doc = protocolDoc();
		for (CloseCode code : CloseCode.values()) {
			assertThat(doc).as("close code %s", code).contains("| " + code.code() + " | `" + code.reason() + "` |");
		}
	}

}
