package io.kosmos.mqtt.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The input guards of {@link TriggerReader} with {@link TriggerLimits}: each limit rejects
 * its input with its own reason kind, and a trigger within the limits is read.
 */
class TriggerLimitsTests {

	private static final TriggerLimits SMALL = new TriggerLimits(1_000_000, 16, 20, 200, 3, 5);

	private final JsonMapper json = JsonMapper.builder().build();

	private final TriggerReader reader = new TriggerReader(new SchemaValidator(), SMALL, (trigger) -> {
	});

	@Test
	void triggerWithinLimitsIsRead() throws IOException {
		Trigger trigger = this.reader.read(fixture());

		assertThat(trigger.table().rowCount()).isEqualTo(5);
		assertThat(trigger.table().columnCount()).isEqualTo(3);
	}

	@Test
	void deepNestingRejected() throws IOException {
		StringBuilder deep = new StringBuilder();
		deep.append("[".repeat(20)).append("]".repeat(20));
		byte[] payload = modified((root) -> firstColumnMeta(root).set("future",
				this.json.createObjectNode().set("deep", this.json.readTree(deep.toString()))));

		assertRejected(payload, RejectionReason.NESTING_TOO_DEEP,
				"Trigger nests JSON objects and arrays deeper than kosmos.mqtt.limits.max-nesting-depth (16) and is "
						+ "not read further; a KOSMoS trigger needs fewer than 10 levels");
	}

	@Test
	void longJsonNumberRejected() throws IOException {
		byte[] payload = bytes(new String(fixture(), StandardCharsets.UTF_8).replace("\"PT1H\"", "1" + "0".repeat(25)));

		assertRejected(payload, RejectionReason.NUMBER_TOO_LONG, "Trigger contains a JSON number longer than "
				+ "kosmos.mqtt.limits.max-number-length (20 characters); send shorter numbers or raise the limit");
	}

	@Test
	void longNumberValueRejected() throws IOException {
		String value = "1." + "5".repeat(19);
		byte[] payload = modified((root) -> data(root, 1).set(0, value));

		assertRejected(payload, RejectionReason.NUMBER_TOO_LONG, "Value '" + value + "' in row 0 of number column "
				+ "'current' has 21 characters, more than kosmos.mqtt.limits.max-number-length (20); send shorter "
				+ "numbers or raise the limit");
	}

	@Test
	void numberValueAtLimitIsRead() throws IOException {
		String value = "1." + "5".repeat(18);
		byte[] payload = modified((root) -> data(root, 1).set(0, value));

		assertThat(this.reader.read(payload).table().doubleColumn("current").get(0)).isEqualTo(1.5555555555555556);
	}

	@Test
	void longStringRejected() throws IOException {
		byte[] payload = modified((root) -> data(root, 2).set(0, "x".repeat(201)));

		assertRejected(payload, RejectionReason.STRING_TOO_LONG, "Trigger contains a JSON string longer than "
				+ "kosmos.mqtt.limits.max-string-length (200 characters); send shorter values or raise the limit");
	}

	@Test
	void longFieldNameRejected() throws IOException {
		byte[] payload = modified((root) -> firstColumnMeta(root).put("n".repeat(201), "x"));

		assertThatThrownBy(() -> this.reader.read(payload)).isInstanceOfSatisfying(InvalidTriggerException.class,
				(ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.STRING_TOO_LONG))
			.hasMessageContaining("JSON field name longer than 200 characters");
	}

	@Test
	void tooManyColumnsRejected() throws IOException {
		byte[] payload = modified((root) -> {
			ObjectNode body = (ObjectNode) root.get("body").get("payload").get("body");
			ObjectNode extra = ((ArrayNode) body.get("columns")).addObject();
			extra.put("name", "extra");
			extra.put("type", "string");
			extra.putObject("meta").put("unit", "");
			((ArrayNode) body.get("data")).add(data(root, 2).deepCopy());
		});

		assertRejected(payload, RejectionReason.TOO_MANY_COLUMNS, "body.payload.body.data has 4 columns, more than "
				+ "kosmos.mqtt.limits.max-columns (3); send fewer columns per trigger or raise the limit");
	}

	@Test
	void tooManyRowsRejected() throws IOException {
		byte[] payload = modified((root) -> {
			data(root, 0).add("2023-11-02T14:00:05Z");
			data(root, 1).add("1");
			data(root, 2).add("running");
		});

		assertRejected(payload, RejectionReason.TOO_MANY_ROWS, "body.payload.body.data has 6 rows, more than "
				+ "kosmos.mqtt.limits.max-rows (5); send fewer rows per trigger or raise the limit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "contract", "machine", "sensor" })
	void topicCharactersInIdsRejected(String field) throws IOException {
		for (String bad : new String[] { "a/b", "a+", "#", "a\u0000b", "line\nbreak", "tab\t" }) {
			byte[] payload = modified((root) -> ((ObjectNode) root.get("body")).put(field, bad));

			assertThatThrownBy(() -> this.reader.read(payload)).as("%s '%s'", field, bad)
				.isInstanceOfSatisfying(InvalidTriggerException.class,
						(ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.INVALID_ID))
				.hasMessageStartingWith("Field body." + field + " value '")
				.hasMessageEndingWith("send an id without '/', '+', '#' or control characters");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "contract", "machine", "sensor" })
	void emptyIdRejectedAsInvalidId(String field) throws IOException {
		byte[] payload = modified((root) -> ((ObjectNode) root.get("body")).put(field, ""));

		assertThatThrownBy(() -> this.reader.read(payload)).isInstanceOfSatisfying(InvalidTriggerException.class,
				(ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.INVALID_ID))
			.hasMessageStartingWith("Field body." + field + " is empty");
	}

	@Test
	void limitsBelowOneRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TriggerLimits(1, 0, 1, 1, 1, 1))
			.withMessage("maxNestingDepth must be at least 1, got 0");
	}

	private void assertRejected(byte[] payload, RejectionReason reason, String message) {
		assertThatThrownBy(() -> this.reader.read(payload)).isInstanceOfSatisfying(InvalidTriggerException.class,
				(ex) -> assertThat(ex.getReason()).isEqualTo(reason))
			.hasMessage(message);
	}

	private byte[] modified(Consumer<ObjectNode> change) throws IOException {
		ObjectNode root = (ObjectNode) this.json.readTree(fixture());
		change.accept(root);
		return this.json.writeValueAsBytes(root);
	}

	private static ObjectNode firstColumnMeta(ObjectNode root) {
		return (ObjectNode) root.get("body").get("payload").get("body").get("columns").get(0).get("meta");
	}

	private static ArrayNode data(ObjectNode root, int column) {
		return (ArrayNode) root.get("body").get("payload").get("body").get("data").get(column);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] fixture() throws IOException {
		try (InputStream in = TriggerLimitsTests.class.getClassLoader()
			.getResourceAsStream("triggers/conveyor-trigger.json")) {
			return in.readAllBytes();
		}
	}

}
