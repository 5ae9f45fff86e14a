package io.kosmos.mqtt.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Conformance with the published KOSMoS examples and reference schemas, read from
 * {@code shared/kosmos-spec} beside the repository (or {@code -Dkosmos.spec.dir=...}).
 * Skipped, with a message saying so, where that folder is absent: its files may not be
 * copied into the project.
 *
 * <ul>
 * <li>every valid example is accepted and converted, data and analysis examples inside a
 * trigger envelope built around them;</li>
 * <li>every {@code fail-*} example and every trap of the spec README's "Known traps" is
 * rejected with the reason expected;</li>
 * <li>the starter's schemas give the same verdict as the reference schemas on every
 * example.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KosmosSpecConformanceTests {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final SchemaValidator validator = new SchemaValidator();

	private final TriggerReader reader = new TriggerReader(this.mapper, this.validator);

	private Path spec;

	@BeforeAll
	void findSpec() {
		this.spec = locateSpec();
	}

	@BeforeEach
	void skipWithoutSpec() {
		assumeTrue(this.spec != null, "KOSMoS spec not found (no shared/kosmos-spec beside the repository and no "
				+ "-Dkosmos.spec.dir): conformance tests skipped");
	}

	static Path locateSpec() {
		String configured = System.getProperty("kosmos.spec.dir");
		if (configured != null && !configured.isBlank()) {
			Path path = Paths.get(configured);
			return Files.isDirectory(path.resolve("examples")) ? path : null;
		}
		for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("shared").resolve("kosmos-spec");
			if (Files.isDirectory(candidate.resolve("examples"))) {
				return candidate;
			}
		}
		return null;
	}

	// Valid examples

	@Test
	void validDataExamplesAcceptedAndConverted() throws IOException {
		Map<String, Integer> rows = Map.of("data.example.json", 1, "data.example-3.json", 1,
				"data.example-axistest.json", 5, "data.example-violation.json", 1);
		for (Map.Entry<String, Integer> example : rows.entrySet()) {
			Trigger trigger = read(envelope("sensor_update", example(example.getKey())));
			assertThat(trigger.table().rowCount()).as(example.getKey()).isEqualTo(example.getValue());
		}
		Trigger axis = read(envelope("sensor_update", example("data.example-axistest.json")));
		assertThat(axis.table().doubleColumn("SValueEx").getDouble(4)).isEqualTo(-312.15500000000003);
		assertThat(axis.columns().get(0).unit()).isEqualTo("mm");
		assertThat(axis.meta()).isNotEmpty();
	}

	@Test
	void nonAsciiTextSurvivesUnchanged() throws IOException {
		String expected = "Störung AS-i Kreis: Freigabekreis 41 Sicherheisbestätigung erfoderlich";
		Trigger fromData = read(envelope("sensor_update", example("data.example-violation.json")));
		Trigger fromTrigger = this.reader.read(bytes("ml-trigger.example-violation.json"));
		assertThat(fromData.table().stringColumn("details").get(0)).isEqualTo(expected);
		assertThat(fromTrigger.table().stringColumn("details").get(0)).isEqualTo(expected);
	}

	@Test
	void validAnalysisExamplesAcceptedAsTriggerInput() throws IOException {
		Trigger series = read(envelope("analyse_result", example("analysis.example-time_series.json")));
		assertThat(series.table().doubleColumn("oil pressure").getDouble(4)).isEqualTo(99.0);
		assertThat(series.previous().type()).isEqualTo(ResultType.TIME_SERIES);

		Trigger multiple = read(envelope("analyse_result", example("analysis.example-multiple_time_series.json")));
		List<Table> tables = multiple.toRequest("t", series.timestamp()).tables();
		assertThat(tables).hasSize(2);
		assertThat(tables.get(1).doubleColumn("oil pressure").getDouble(4)).isEqualTo(100.0);

		Trigger text = read(envelope("analyse_result", example("analysis.example-text.json")));
		assertThat(text.toRequest("t", series.timestamp()).text().parts().get(0).sensors().get(0).predict())
			.isEqualTo(100.0);
		assertThat(text.previous().from()).isEqualTo("creator of this message");
	}

	@Test
	void validTriggerExamplesAccepted() throws IOException {
		Trigger analysis = this.reader.read(bytes("ml-trigger.analysis-example.json"));
		assertThat(analysis.toRequest("t", analysis.timestamp()).text().total()).isEqualTo("stop");
		Trigger update = this.reader.read(bytes("ml-trigger.update-example-2.json"));
		assertThat(update.table().stringColumn("details").get(0)).startsWith("27900\tPROFIBUS DP");
	}

	@Test
	void validAnalysisAndStatusExamplesMatchOurSchemas() throws IOException {
		for (String name : List.of("analysis.example-time_series.json", "analysis.example-multiple_time_series.json",
				"analysis.example-text.json")) {
			assertThat(this.validator.violations(example(name), MessageSchema.ANALYSIS)).as(name).isEmpty();
		}
		assertThat(this.validator.violations(example("status.example.json"), MessageSchema.STATUS)).isEmpty();
	}

	// fail-* examples and known traps

	@Test
	void failAnalysisExamplesRejected() throws IOException {
		assertRejected(envelope("analyse_result", example("analysis.fail-example.json")),
				RejectionReason.SCHEMA_VIOLATION, "Payload of the analyse_result trigger does not match the KOSMoS "
						+ "analysis schema: /body: property 'error' is not defined in the schema and the schema does not "
						+ "allow additional properties");
		assertRejected(envelope("analyse_result", example("analysis.fail-example-text.json")),
				RejectionReason.SCHEMA_VIOLATION, "Payload of the analyse_result trigger does not match the KOSMoS "
						+ "analysis schema: /body/results: property 'error' is not defined in the schema and the schema "
						+ "does not allow additional properties");
		assertThat(this.validator.violations(example("analysis.fail-example.json"), MessageSchema.ANALYSIS)).isNotEmpty();
		assertThat(this.validator.violations(example("analysis.fail-example-text.json"), MessageSchema.ANALYSIS))
			.isNotEmpty();
	}

	@Test
	void failTriggerExampleRejected() throws IOException {
		ObjectNode trigger = (ObjectNode) this.mapper.readTree(bytes("ml-trigger.fail-example.json"));
		assertRejected(trigger, RejectionReason.SCHEMA_VIOLATION,
				"Field body.sensor is missing; a trigger's body needs contract, machine, sensor, type and payload");
		((ObjectNode) trigger.get("body")).put("sensor", "abc");
		assertRejected(trigger, RejectionReason.SCHEMA_VIOLATION, "Field body.payload.body is missing; the payload is "
				+ "a whole KOSMoS message, so wrap its fields in {\"body\": {...}}");
	}

	@Test
	void raggedColumnsTrapRejected() throws IOException {
		assertRejected(envelope("sensor_update", example("data.example-2.json")), RejectionReason.INVALID_DATA,
				"Column 'timestamp' (body.payload.body.data[1]) has 1 values but column 'value' "
						+ "(body.payload.body.data[0]) has 4; every column of body.payload.body.data must have the same "
						+ "number of values");
	}

	@Test
	void badNumberAndTimestampTrapRejected() throws IOException {
		ObjectNode trigger = (ObjectNode) this.mapper.readTree(bytes("ml-trigger.update-example.json"));
		assertRejected(trigger, RejectionReason.INVALID_DATA, "Field body.payload.body.timestamp value "
				+ "'2020-08-21T0:00:00.001' is not an RFC 3339 timestamp; send one such as \"2020-08-15T15:33:44.897Z\"");
		payloadBody(trigger).put("timestamp", "2020-08-21T00:00:00.001Z");
		assertRejected(trigger, RejectionReason.INVALID_DATA, "Value 'a' in row 0 of number column 'value' "
				+ "(body.payload.body.data[0]) is not a number; send a decimal such as \"-312.155\" or \"1.5e3\"");
	}

	@Test
	void dataTestTrapsRejected() throws IOException {
		// data.test.json is a whole trigger: integer columns, no column meta, empty timestamp, signature "".
		// The first three are rejected; the empty signature is read as no signature.
		ObjectNode trigger = (ObjectNode) this.mapper.readTree(bytes("data.test.json"));
		assertRejected(trigger, RejectionReason.SCHEMA_VIOLATION, "Column 'value' (body.payload.body.columns[0].type) "
				+ "has type 'integer', which is not a KOSMoS column type; use number, string or rfctime");
		for (JsonNode column : payloadBody(trigger).get("columns")) {
			((ObjectNode) column).put("type", "number");
		}
		assertRejected(trigger, RejectionReason.SCHEMA_VIOLATION, "Column 'value' (body.payload.body.columns[0].meta) "
				+ "has no meta; a sensor update column needs \"meta\": {\"unit\": \"...\"}");
		for (JsonNode column : payloadBody(trigger).get("columns")) {
			((ObjectNode) column).putObject("meta").put("unit", "");
		}
		assertRejected(trigger, RejectionReason.INVALID_DATA, "Field body.payload.body.timestamp value '' is not an "
				+ "RFC 3339 timestamp; send one such as \"2020-08-15T15:33:44.897Z\"");
		payloadBody(trigger).put("timestamp", "2020-08-15T15:33:44.897Z");
		// The empty signature string is a placeholder of senders that do not sign: accepted as unsigned.
		assertThat(trigger.get("body").get("payload").get("signature").stringValue()).isEmpty();
		assertThat(read(trigger).table().rowCount()).isEqualTo(1);
	}

	@Test
	void dataTest2TrapsRejected() throws IOException {
		ObjectNode trigger = envelope("sensor_update", example("data.test2.json"));
		assertRejected(trigger, RejectionReason.SCHEMA_VIOLATION, "Column 'value' "
				+ "(body.payload.body.columns[0].meta.unit) has no unit; send \"unit\": \"\" when the values have none");
		for (JsonNode column : payloadBody(trigger).get("columns")) {
			((ObjectNode) column.get("meta")).put("unit", "");
		}
		assertRejected(trigger, RejectionReason.INVALID_DATA, "Field body.payload.body.timestamp value '' is not an "
				+ "RFC 3339 timestamp; send one such as \"2020-08-15T15:33:44.897Z\"");
	}

	// Schema agreement

	@Test
	void ourSchemasAgreeWithReferenceSchemas() throws IOException {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
		Map<String, Schema> reference = Map.of("analysis", registry.getSchema(referenceText("analysis"), InputFormat.JSON),
				"data", registry.getSchema(referenceText("data"), InputFormat.JSON), "status",
				registry.getSchema(referenceText("status"), InputFormat.JSON), "ml-trigger",
				registry.getSchema(this.mapper.writeValueAsString(inlinedTriggerSchema()), InputFormat.JSON));

		Map<String, String> verdicts = new TreeMap<>();
		List<String> disagreements = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.spec.resolve("examples"))) {
			for (Path file : files.sorted().toList()) {
				String name = file.getFileName().toString();
				String kind = name.substring(0, name.indexOf('.'));
				JsonNode message = this.mapper.readTree(file.toFile());
				boolean referenceValid = reference.get(kind).validate(message).isEmpty();
				boolean ourValid = ourSchemaAccepts(kind, message);
				verdicts.put(name, referenceValid ? "valid" : "invalid");
				if (referenceValid != ourValid) {
					disagreements.add(name + ": reference " + referenceValid + ", ours " + ourValid);
				}
			}
		}
		assertThat(disagreements).as("verdicts " + verdicts).isEmpty();
		assertThat(verdicts).containsEntry("analysis.fail-example.json", "invalid")
			.containsEntry("analysis.fail-example-text.json", "invalid")
			.containsEntry("ml-trigger.fail-example.json", "invalid")
			.containsEntry("data.test.json", "invalid")
			.containsEntry("data.test2.json", "invalid")
			.containsEntry("analysis.example-text.json", "valid")
			.containsEntry("ml-trigger.analysis-example.json", "valid");
	}

	private boolean ourSchemaAccepts(String kind, JsonNode message) {
		return switch (kind) {
			case "analysis" -> this.validator.violations(message, MessageSchema.ANALYSIS).isEmpty();
			case "data" -> this.validator.violations(message, MessageSchema.SENSOR_UPDATE).isEmpty();
			case "status" -> this.validator.violations(message, MessageSchema.STATUS).isEmpty();
			default -> {
				if (!this.validator.violations(message, MessageSchema.TRIGGER).isEmpty()) {
					yield false;
				}
				JsonNode body = message.get("body");
				MessageSchema payload = "sensor_update".equals(body.get("type").stringValue())
						? MessageSchema.SENSOR_UPDATE : MessageSchema.ANALYSIS;
				yield this.validator.violations(body.get("payload"), payload).isEmpty();
			}
		};
	}

	/**
	 * The reference trigger schema refers to the others as {@code file:analysis/formal.json}
	 * and {@code file:data/formal.json}, which resolve nowhere: put them into its
	 * {@code definitions} (with the analysis schema's own definitions, which its internal
	 * {@code $ref}s name from the root) and point the references there.
	 */
	private ObjectNode inlinedTriggerSchema() throws IOException {
		ObjectNode trigger = (ObjectNode) this.mapper.readTree(referenceText("ml-trigger"));
		ObjectNode analysis = (ObjectNode) this.mapper.readTree(referenceText("analysis"));
		ObjectNode data = (ObjectNode) this.mapper.readTree(referenceText("data"));
		ObjectNode definitions = trigger.putObject("definitions");
		analysis.get("definitions").properties().forEach((entry) -> definitions.set(entry.getKey(), entry.getValue()));
		analysis.remove("$schema");
		data.remove("$schema");
		analysis.remove("definitions");
		definitions.set("kosmos-analysis", analysis);
		definitions.set("kosmos-data", data);
		String text = this.mapper.writeValueAsString(trigger)
			.replace("\"file:analysis/formal.json\"", "\"#/definitions/kosmos-analysis\"")
			.replace("\"file:data/formal.json\"", "\"#/definitions/kosmos-data\"");
		return (ObjectNode) this.mapper.readTree(text);
	}

	// Helpers

	private void assertRejected(JsonNode trigger, RejectionReason reason, String message) {
		assertThatThrownBy(() -> read(trigger)).isInstanceOf(InvalidTriggerException.class)
			.hasMessage(message)
			.satisfies((ex) -> assertThat(((InvalidTriggerException) ex).getReason()).isEqualTo(reason));
	}

	private Trigger read(JsonNode trigger) {
		return this.reader.read(this.mapper.writeValueAsBytes(trigger));
	}

	private ObjectNode envelope(String type, JsonNode payload) {
		ObjectNode trigger = this.mapper.createObjectNode();
		ObjectNode body = trigger.putObject("body");
		body.put("contract", "c4711");
		body.put("machine", "mach");
		body.put("sensor", "abc");
		body.put("type", type);
		body.set("payload", payload);
		return trigger;
	}

	private static ObjectNode payloadBody(JsonNode trigger) {
		return (ObjectNode) trigger.get("body").get("payload").get("body");
	}

	private JsonNode example(String name) throws IOException {
		return this.mapper.readTree(bytes(name));
	}

	private byte[] bytes(String name) throws IOException {
		return Files.readAllBytes(this.spec.resolve("examples").resolve(name));
	}

	private String referenceText(String kind) throws IOException {
		return Files.readString(this.spec.resolve("reference-schemas").resolve(kind + ".formal.json"));
	}

}
