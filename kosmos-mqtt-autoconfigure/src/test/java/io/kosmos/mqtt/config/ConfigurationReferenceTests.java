package io.kosmos.mqtt.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps {@code docs/configuration.md} in step with the configuration metadata that
 * {@code spring-boot-configuration-processor} writes at compile time, and checks that
 * every property is documented.
 *
 * <p>Run with {@code -Dkosmos.docs.update=true} to rewrite the file from the metadata.
 */
class ConfigurationReferenceTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path REFERENCE = Path.of("../docs/configuration.md");

	private static final String UPDATE_PROPERTY = "kosmos.docs.update";

	/**
	 * The default column of properties without a {@code defaultValue} in the metadata,
	 * because they are required, optional without a value, or computed at startup.
	 */
	private static final Map<String, String> DEFAULTS_WITHOUT_VALUE = Map.ofEntries(
			Map.entry("kosmos.mqtt.model.url", "required"), Map.entry("kosmos.mqtt.model.tag", "required"),
			Map.entry("kosmos.mqtt.model.from", "required"), Map.entry("kosmos.mqtt.result.temporary", "required"),
			Map.entry("kosmos.mqtt.broker.client-id", "`kosmos-<model.from>-<model.url>-<model.tag>`"),
			Map.entry("kosmos.mqtt.broker.username", "none"), Map.entry("kosmos.mqtt.broker.password", "none"),
			Map.entry("kosmos.mqtt.broker.ssl.bundle", "none"),
			Map.entry("kosmos.mqtt.signing.bundle", "none (messages are not signed)"),
			Map.entry("kosmos.mqtt.signing.trust-bundle", "none"),
			Map.entry("kosmos.mqtt.shared-subscription.group", "none (subscriptions are not shared)"),
			Map.entry("kosmos.mqtt.handlers", "none (every handler uses the tool-wide settings)"),
			Map.entry("kosmos.mqtt.trigger.qos", "value of `kosmos.mqtt.qos`"),
			Map.entry("kosmos.mqtt.result.qos", "value of `kosmos.mqtt.qos`"),
			Map.entry("kosmos.mqtt.topics.dead-letter", "`kosmos/dead-letter/<model.url>/<model.tag>`"),
			Map.entry("kosmos.mqtt.executor.concurrency", "number of processors"),
			Map.entry("kosmos.mqtt.broker.persistence-directory", "`<java.io.tmpdir>/kosmos-mqtt`"));

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void everyPropertyHasDescription() throws IOException {
		for (JsonNode property : properties()) {
			String name = property.get("name").stringValue();
			String description = text(property, "description");
			assertThat(description).as("description of %s", name).isNotBlank();
			if ("java.lang.Boolean".equals(text(property, "type"))) {
				assertThat(description).as("description of boolean %s", name).startsWith("Whether");
			}
		}
	}

	@Test
	void everyPropertyHasDefault() throws IOException {
		for (JsonNode property : properties()) {
			String name = property.get("name").stringValue();
			boolean hasValue = property.has("defaultValue");
			assertThat(hasValue || DEFAULTS_WITHOUT_VALUE.containsKey(name))
				.as("%s needs a defaultValue in the metadata or an entry in DEFAULTS_WITHOUT_VALUE", name)
				.isTrue();
			assertThat(hasValue && DEFAULTS_WITHOUT_VALUE.containsKey(name))
				.as("%s has a defaultValue, so remove it from DEFAULTS_WITHOUT_VALUE", name)
				.isFalse();
		}
	}

	@Test
	void referenceMatchesMetadata() throws IOException {
		String expected = render(properties());
		if (Boolean.getBoolean(UPDATE_PROPERTY)) {
			Files.createDirectories(REFERENCE.getParent());
			Files.writeString(REFERENCE, expected, StandardCharsets.UTF_8);
		}
		String actual = Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";
		if (!actual.equals(expected)) {
			fail("docs/configuration.md does not match the configuration metadata; regenerate it with "
					+ "'mvn -pl kosmos-mqtt-autoconfigure test -Dtest=ConfigurationReferenceTests -D" + UPDATE_PROPERTY
					+ "=true' and commit the result");
		}
	}

	private List<JsonNode> properties() throws IOException {
		assertThat(METADATA).as("metadata written by spring-boot-configuration-processor").exists();
		JsonNode root = this.json.readTree(METADATA.toFile());
		List<JsonNode> properties = new ArrayList<>();
		root.get("properties").forEach(properties::add);
		properties.sort(Comparator.comparing((JsonNode property) -> property.get("name").stringValue()));
		return properties;
	}

	private static String render(List<JsonNode> properties) {
		StringBuilder markdown = new StringBuilder();
		markdown.append("# Configuration properties\n\n");
		markdown.append("Generated from the configuration metadata of `kosmos-mqtt-autoconfigure` by\n");
		markdown.append("`ConfigurationReferenceTests`; do not edit by hand. To regenerate:\n\n");
		markdown.append("```sh\n");
		markdown.append("mvn -pl kosmos-mqtt-autoconfigure test -Dtest=ConfigurationReferenceTests -D")
			.append(UPDATE_PROPERTY)
			.append("=true\n");
		markdown.append("```\n\n");
		markdown.append("| property | type | default | description |\n");
		markdown.append("| --- | --- | --- | --- |\n");
		for (JsonNode property : properties) {
			String name = property.get("name").stringValue();
			markdown.append("| `")
				.append(name)
				.append("` | ")
				.append(shortType(text(property, "type")))
				.append(" | ")
				.append(defaultText(name, property.get("defaultValue")))
				.append(" | ")
				.append(cell(text(property, "description")))
				.append(" |\n");
		}
		return markdown.toString();
	}

	private static String defaultText(String name, JsonNode defaultValue) {
		if (defaultValue == null) {
			return DEFAULTS_WITHOUT_VALUE.get(name);
		}
		if (defaultValue.isArray()) {
			if (defaultValue.isEmpty()) {
				return "empty";
			}
			List<String> values = new ArrayList<>();
			defaultValue.forEach((value) -> values.add(value.asString()));
			return "`" + String.join(",", values) + "`";
		}
		return "`" + defaultValue.asString() + "`";
	}

	/** Drops package names: {@code java.util.List<java.lang.String>} becomes {@code List<String>}. */
	private static String shortType(String type) {
		if (type == null) {
			return "";
		}
		return cell(type.replaceAll("\\b[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*\\.", ""));
	}

	/** Escapes text for one table cell: one line, with pipes and angle brackets escaped. */
	private static String cell(String text) {
		return text.replaceAll("\\s+", " ")
			.trim()
			.replace("|", "\\|")
			.replace("<", "&lt;")
			.replace(">", "&gt;");
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.stringValue() : null;
	}

}
