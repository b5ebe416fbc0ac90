package dev.wse.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wse.engine.WseEngineConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the configuration metadata and {@code docs/configuration.md} true to the code:
 * every documented default is the engine's default, and every property is documented.
 *
 * @author WSE team
 */
class ConfigurationMetadataTests {

	/**
	 * Properties whose default is computed at runtime or absent by design (empty lists
	 * have no default entry).
	 */
	private static final Set<String> NO_STATIC_DEFAULT = Set.of("wse.handler.threads",
			"wse.endpoint.allowed-origin-patterns", "wse.security.jwt.secret", "wse.security.jwt.issuer",
			"wse.security.jwt.audience", "wse.security.jwt.previous-secret",
			"wse.security.jwt.previous-secret-valid-until", "wse.security.jwt.query-parameter",
			"wse.topics.default-subscriptions", "wse.rooms.allowed", "wse.security.topics.allow",
			"wse.security.topics.deny", "wse.security.topics.publish-allow", "wse.security.topics.publish-deny",
			"wse.security.jwt.jwk-set-uri", "wse.security.jwt.issuer-uri", "wse.netty.ssl.certificate",
			"wse.netty.ssl.private-key",
			// an empty list
			"wse.security.signing.types");

	private static List<JsonNode> properties() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			List<JsonNode> result = new ArrayList<>();
			JsonMapper.builder().build().readTree(in).path("properties").forEach(result::add);
			return result;
		}
	}

	private static String configurationDoc() throws IOException {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("docs/configuration.md"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("docs/configuration.md above the module directory").isNotNull();
		return Files.readString(dir.resolve("docs/configuration.md"));
	}

	@Test
	void everyMetadataDefaultIsTheEngineDefault() throws IOException {
		WseEngineConfig defaults = WsePropertiesMapper.toBuilder(new WseProperties()).build();
		for (JsonNode property : properties()) {
			String name = property.path("name").asString();
			if (NO_STATIC_DEFAULT.contains(name) || name.equals("wse.enabled") || name.equals("wse.endpoint.path")) {
				continue;
			}
			assertThat(property.has("defaultValue")).as("default of %s in the metadata", name).isTrue();
			WseProperties bound = new WseProperties();
			Binder binder = new Binder(
					new MapConfigurationPropertySource(Map.of(name, property.path("defaultValue").asString())));
			binder.bind("wse", org.springframework.boot.context.properties.bind.Bindable.ofInstance(bound));
			assertThat(WsePropertiesMapper.toBuilder(bound).build()).as("default of %s", name)
				.usingRecursiveComparison()
				.isEqualTo(defaults);
		}
	}

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws IOException {
		String doc = configurationDoc();
		for (JsonNode property : properties()) {
			String name = property.path("name").asString();
			assertThat(doc).as("docs/configuration.md documents %s", name).contains("| `" + name + "` |");
			if (property.has("defaultValue")) {
				assertThat(doc).as("docs/configuration.md gives the default of %s", name)
					.contains("| `" + name + "` | `" + property.path("defaultValue").asString() + "` |");
			}
		}
	}

}
