package io.kosmos.mqtt.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerReaderTests {

	private final TriggerReader reader = new TriggerReader(JsonMapper.builder().build(), new SchemaValidator());

	@Test
	void payloadOverLimitRejectedUnparsed() {
		TriggerReader limited = new TriggerReader(JsonMapper.builder().build(), new SchemaValidator(), 10);

		// Not even JSON: the size is checked before parsing.
		assertThatThrownBy(() -> limited.read("x".repeat(11).getBytes(StandardCharsets.UTF_8)))
			.isInstanceOfSatisfying(InvalidTriggerException.class,
					(ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.TOO_LARGE))
			.hasMessage("Trigger of 11 bytes is bigger than kosmos.mqtt.limits.max-trigger-size (10 bytes) and is "
					+ "not parsed; send less data per trigger or raise the limit");
	}

	@Test
	void payloadAtLimitIsParsed() throws IOException {
		byte[] payload = fixture("triggers/conveyor-trigger.json");
		TriggerReader limited = new TriggerReader(JsonMapper.builder().build(), new SchemaValidator(), payload.length);

		assertThat(limited.read(payload).contract()).isEqualTo("k2301");
	}

	@Test
	void sensorUpdateBecomesTable() throws IOException {
		Trigger trigger = this.reader.read(fixture("triggers/conveyor-trigger.json"));

		assertThat(trigger.contract()).isEqualTo("k2301");
		assertThat(trigger.machine()).isEqualTo("conveyor-3");
		assertThat(trigger.sensor()).isEqualTo("belt-motor");
		assertThat(trigger.type()).isEqualTo(TriggerType.SENSOR_UPDATE);
		assertThat(trigger.timestamp()).isEqualTo(Instant.parse("2023-11-02T13:00:05.120Z"));

		Table table = trigger.table();
		assertThat(table.rowCount()).isEqualTo(5);
		assertThat(table.columnNames()).containsExactly("time", "current", "state");
		assertThat(table.column("time")).isInstanceOf(InstantColumn.class);
		assertThat(table.column("current")).isInstanceOf(DoubleColumn.class);
		assertThat(table.column("state")).isInstanceOf(StringColumn.class);
	}

	@Test
	void valuesParseLikeJava() throws IOException {
		Table table = this.reader.read(fixture("triggers/conveyor-trigger.json")).table();

		DoubleColumn current = table.doubleColumn("current");
		assertThat(current.get(0)).isEqualTo(3.5);
		assertThat(current.get(1)).isEqualTo(4.25);
		assertThat(current.get(2)).isEqualTo(10.0);
		assertThat(Double.doubleToRawLongBits(current.get(3))).isEqualTo(Double.doubleToRawLongBits(-0.0));
		assertThat(current.getDouble(4)).isNaN();

		InstantColumn time = (InstantColumn) table.column("time");
		assertThat(time.get(1)).isEqualTo(Instant.parse("2023-11-02T14:00:01.500Z"));
		assertThat(time.get(2)).isEqualTo(Instant.parse("2023-11-02T14:00:02Z"));
		assertThat(table.stringColumn("state").get(2)).isEqualTo("Störung");
	}

	@Test
	void columnMetadataAndMessageMetaKept() throws IOException {
		Trigger trigger = this.reader.read(fixture("triggers/conveyor-trigger.json"));

		ColumnMetadata current = trigger.columns().get(1);
		assertThat(current.name()).isEqualTo("current");
		assertThat(current.type()).isEqualTo(ColumnType.NUMBER);
		assertThat(current.unit()).isEqualTo("A");
		assertThat(current.description()).isEqualTo("motor current");
		assertThat(current.future()).containsEntry("horizon", "PT1H");
		assertThat(trigger.columns().get(0).description()).isNull();

		assertThat(trigger.meta()).containsExactly(new MessageMeta("line", ColumnType.STRING, "L2", "production line"));
	}

	@Test
	void invalidJsonRejected() {
		assertThatThrownBy(() -> this.reader.read("{\"body\": ".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessageStartingWith("Trigger is not valid JSON");
	}

	@Test
	void deepNestingRejectedAtJacksonDefault() {
		String nested = "[".repeat(100_000);

		assertThatThrownBy(() -> this.reader.read(nested.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessageStartingWith("Trigger nests JSON objects and arrays deeper than "
					+ "kosmos.mqtt.limits.max-nesting-depth (500)")
			.extracting((ex) -> ((InvalidTriggerException) ex).getReason())
			.isEqualTo(RejectionReason.NESTING_TOO_DEEP);
	}

	@Test
	void missingSensorRejectedBySchema() {
		String trigger = """
				{"body": {"contract": "c1", "machine": "m", "type": "sensor_update",
				  "payload": {"body": {}}}}
				""";

		assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessageContaining("sensor");
	}

	@Test
	void raggedColumnsRejectedWithBothLengths() {
		String trigger = sensorUpdate("""
				[{"name": "a", "type": "number", "meta": {"unit": ""}},
				 {"name": "b", "type": "number", "meta": {"unit": ""}}]""", """
				[["1", "2", "3", "4"], ["5"]]""");

		assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessage("Column 'b' (body.payload.body.data[1]) has 1 values but column 'a' (body.payload.body.data[0]) "
					+ "has 4; every column of body.payload.body.data must have the same number of values");
	}

	@Test
	void textInNumberColumnRejected() {
		String trigger = sensorUpdate("""
				[{"name": "speed", "type": "number", "meta": {"unit": "rpm"}}]""", """
				[["12", "a"]]""");

		assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessage("Value 'a' in row 1 of number column 'speed' (body.payload.body.data[0]) is not a number; "
					+ "send a decimal such as \"-312.155\" or \"1.5e3\"");
	}

	@Test
	void badTimestampInRfctimeColumnRejected() {
		String trigger = sensorUpdate("""
				[{"name": "t", "type": "rfctime", "meta": {"unit": ""}}]""", """
				[["2020-08-21T0:00:00.001"]]""");

		assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessage("Value '2020-08-21T0:00:00.001' in row 0 of rfctime column 't' (body.payload.body.data[0]) "
					+ "is not an RFC 3339 timestamp; send one such as \"2020-10-01T10:29:55.986+01:00\"");
	}

	@Test
	void contractWithSlashRejected() {
		String trigger = sensorUpdate("""
				[{"name": "a", "type": "number", "meta": {"unit": ""}}]""", """
				[["1"]]""").replace("\"contract\": \"c1\"", "\"contract\": \"a/b\"");

		assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessageStartingWith("Field body.contract value 'a/b' contains '/'");
	}

	@Test
	void duplicateColumnNamesRejected() {
		String trigger = sensorUpdate("""
				[{"name": "a", "type": "number", "meta": {"unit": ""}},
				 {"name": "a", "type": "string", "meta": {"unit": ""}}]""", """
				[["1"], ["x"]]""");

		assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.hasMessage("Column name 'a' appears more than once in body.payload.body.columns (at 0 and 1); "
					+ "column names must be unique");
	}

	static String sensorUpdate(String columns, String data) {
		return """
				{"body": {"contract": "c1", "machine": "m1", "sensor": "s1", "type": "sensor_update",
				  "payload": {"body": {"timestamp": "2024-01-01T00:00:00Z", "columns": %s, "data": %s}}}}
				""".formatted(columns, data);
	}

	static byte[] fixture(String path) throws IOException {
		try (InputStream in = TriggerReaderTests.class.getClassLoader().getResourceAsStream(path)) {
			return in.readAllBytes();
		}
	}

}
