package dev.wse.protocol;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.fail;

/**
 * The shared conformance vectors ({@code shared/conformance/vectors.json}), found by
 * walking up from the working directory: they sit beside the project root, not inside it.
 */
public final class ConformanceVectors {

	private static final Path RELATIVE = Path.of("shared", "conformance", "vectors.json");

	private ConformanceVectors() {
	}

	/**
	 * Load the vectors, failing the calling test if the file cannot be found.
	 * @return the vectors document
	 */
	public static JsonNode load() {
		Path start = Path.of("").toAbsolutePath();
		for (Path dir = start; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(RELATIVE);
			if (Files.isRegularFile(candidate)) {
				return JsonMapper.shared().readTree(candidate);
			}
		}
		return fail("Conformance vectors not found: no " + RELATIVE + " in " + start + " or any parent directory");
	}

}
