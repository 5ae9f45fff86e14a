package io.kosmos.mqtt.message;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every strictness rule of the trigger reader, each with the exact message it gives.
 */
class TriggerStrictnessTests {

	private final TriggerReader reader = new TriggerReader(JsonMapper.builder().build(), new SchemaValidator());

	private static final String NUMBER_A = "{\"name\": \"a\", \"type\": \"number\", \"meta\": {\"unit\": \"\"}}";

	static Stream<Arguments> rejected() {
		return Stream.of(
				arguments("ragged columns", update("[" + NUMBER_A + ", {\"name\": \"b\", \"type\": \"rfctime\", \"meta\": {\"unit\": \"\"}}]",
						"[[\"15\", \"4\", \"10\", \"30\"], [\"2020-10-01T10:29:55.986+01:00\"]]"),
						RejectionReason.INVALID_DATA,
						"Column 'b' (body.payload.body.data[1]) has 1 values but column 'a' (body.payload.body.data[0]) has 4; "
								+ "every column of body.payload.body.data must have the same number of values"),
				arguments("non-numeric value", update("[" + NUMBER_A + "]", "[[\"1\", \"2\", \"c\"]]"),
						RejectionReason.INVALID_DATA,
						"Value 'c' in row 2 of number column 'a' (body.payload.body.data[0]) is not a number; "
								+ "send a decimal such as \"-312.155\" or \"1.5e3\""),
				arguments("empty number", update("[" + NUMBER_A + "]", "[[\"\"]]"), RejectionReason.INVALID_DATA,
						"Value '' in row 0 of number column 'a' (body.payload.body.data[0]) is not a number; "
								+ "send a decimal such as \"-312.155\" or \"1.5e3\""),
				arguments("rfctime without offset",
						update("[{\"name\": \"t\", \"type\": \"rfctime\", \"meta\": {\"unit\": \"\"}}]",
								"[[\"2020-02-18T20:00:00\"]]"),
						RejectionReason.INVALID_DATA,
						"Value '2020-02-18T20:00:00' in row 0 of rfctime column 't' (body.payload.body.data[0]) is not an "
								+ "RFC 3339 timestamp; send one such as \"2020-10-01T10:29:55.986+01:00\""),
				arguments("value not a string", update("[" + NUMBER_A + "]", "[[\"1\", 2]]"),
						RejectionReason.INVALID_DATA,
						"Value 2 in row 1 of column 'a' (body.payload.body.data[0]) is a JSON number; KOSMoS sends every "
								+ "value as a JSON string, for example \"15\""),
				arguments("column without values", update("[" + NUMBER_A + "]", "[[]]"), RejectionReason.INVALID_DATA,
						"Column 'a' (body.payload.body.data[0]) has no values; a sensor update needs at least one value "
								+ "per column"),
				arguments("fewer value arrays than columns",
						update("[" + NUMBER_A + ", " + NUMBER_A.replace("\"a\"", "\"b\"") + "]", "[[\"1\"]]"),
						RejectionReason.INVALID_DATA,
						"Field body.payload.body.data has 1 value arrays but body.payload.body.columns declares 2 columns; "
								+ "send one array of values per column"),
				arguments("duplicate column names", update("[" + NUMBER_A + ", " + NUMBER_A + "]", "[[\"1\"], [\"2\"]]"),
						RejectionReason.INVALID_DATA,
						"Column name 'a' appears more than once in body.payload.body.columns (at 0 and 1); column names "
								+ "must be unique"),
				arguments("unknown column type", update("[{\"name\": \"value\", \"type\": \"integer\", \"meta\": {\"unit\": \"\"}}]",
						"[[\"15\"]]"), RejectionReason.SCHEMA_VIOLATION,
						"Column 'value' (body.payload.body.columns[0].type) has type 'integer', which is not a KOSMoS "
								+ "column type; use number, string or rfctime"),
				arguments("column without meta", update("[{\"name\": \"value\", \"type\": \"number\"}]", "[[\"15\"]]"),
						RejectionReason.SCHEMA_VIOLATION,
						"Column 'value' (body.payload.body.columns[0].meta) has no meta; a sensor update column needs "
								+ "\"meta\": {\"unit\": \"...\"}"),
				arguments("column meta without unit",
						update("[{\"name\": \"value\", \"type\": \"number\", \"meta\": {}}]", "[[\"15\"]]"),
						RejectionReason.SCHEMA_VIOLATION,
						"Column 'value' (body.payload.body.columns[0].meta.unit) has no unit; send \"unit\": \"\" when "
								+ "the values have none"),
				arguments("column without type", update("[{\"name\": \"value\", \"meta\": {\"unit\": \"\"}}]", "[[\"15\"]]"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.columns[0].type is missing; every column needs a name and a type"),
				arguments("payload timestamp not RFC 3339",
						update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("2024-01-01T00:00:00Z", "2020-08-21T0:00:00.001"),
						RejectionReason.INVALID_DATA,
						"Field body.payload.body.timestamp value '2020-08-21T0:00:00.001' is not an RFC 3339 timestamp; "
								+ "send one such as \"2020-08-15T15:33:44.897Z\""),
				arguments("payload timestamp empty", update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("2024-01-01T00:00:00Z", ""),
						RejectionReason.INVALID_DATA,
						"Field body.payload.body.timestamp value '' is not an RFC 3339 timestamp; send one such as "
								+ "\"2020-08-15T15:33:44.897Z\""),
				arguments("payload without timestamp",
						update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("\"timestamp\": \"2024-01-01T00:00:00Z\", ", ""),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.timestamp is missing; a sensor update's body needs timestamp, columns "
								+ "and data"),
				arguments("missing sensor",
						"{\"body\": {\"contract\": \"c1\", \"machine\": \"m\", \"type\": \"sensor_update\", \"payload\": {\"body\": {}}}}",
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.sensor is missing; a trigger's body needs contract, machine, sensor, type and payload"),
				arguments("missing payload",
						"{\"body\": {\"contract\": \"c1\", \"machine\": \"m\", \"sensor\": \"s\", \"type\": \"sensor_update\"}}",
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload is missing; a trigger's body needs contract, machine, sensor, type and payload"),
				arguments("payload without body wrapper",
						"{\"body\": {\"contract\": \"c1\", \"machine\": \"m\", \"sensor\": \"s\", \"type\": \"analyse_result\", "
								+ "\"payload\": {\"from\": \"x\", \"results\": {}}}}",
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body is missing; the payload is a whole KOSMoS message, so wrap its fields in "
								+ "{\"body\": {...}}"),
				arguments("no body", "{\"contract\": \"c1\"}", RejectionReason.SCHEMA_VIOLATION,
						"Field body is missing; a trigger is {\"body\": {...}}"),
				arguments("not an object", "[1, 2]", RejectionReason.SCHEMA_VIOLATION,
						"Trigger is a JSON array; send a JSON object with a 'body'"),
				arguments("contract a number", update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("\"c1\"", "42"),
						RejectionReason.SCHEMA_VIOLATION, "Field body.contract is a JSON number (42); send a string"),
				arguments("empty contract", update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("\"c1\"", "\"\""),
						RejectionReason.INVALID_ID, "Field body.contract is empty; send the contract id"),
				arguments("contract with wildcard", update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("\"c1\"", "\"c#\""),
						RejectionReason.INVALID_ID,
						"Field body.contract value 'c#' contains '#', which is not allowed in an MQTT topic level; send an "
								+ "id without '/', '+', '#' or control characters"),
				arguments("unknown trigger type", update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("sensor_update", "update"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.type value 'update' is not a trigger type; send sensor_update or analyse_result"),
				arguments("sensor_update with an analysis payload",
						AnalysisResultInputTests.analyseResult("text", "{\"total\": \"ok\", \"predict\": 1}")
							.replace("analyse_result", "sensor_update"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.type is 'sensor_update' but body.payload.body is an analysis result (it has 'results', "
								+ "no 'columns'); send type 'analyse_result' or a sensor update payload"),
				arguments("analyse_result with a sensor update payload",
						update("[" + NUMBER_A + "]", "[[\"1\"]]").replace("sensor_update", "analyse_result"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.type is 'analyse_result' but body.payload.body is a sensor update (it has 'columns', "
								+ "no 'results'); send type 'sensor_update' or an analysis result payload"),
				arguments("time_series type with an array", AnalysisResultInputTests.analyseResult("time_series", "[]"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.type is 'time_series' but body.payload.body.results is a JSON array; "
								+ "send an object with columns and data"),
				arguments("text type with an array", AnalysisResultInputTests.analyseResult("text", "[]"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.type is 'text' but body.payload.body.results is a JSON array; send an "
								+ "object with total and predict"),
				arguments("multiple_time_series type with an object",
						AnalysisResultInputTests.analyseResult("multiple_time_series", "{}"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.type is 'multiple_time_series' but body.payload.body.results is a JSON "
								+ "object; send an array of objects with columns and data"),
				arguments("unknown result type", AnalysisResultInputTests.analyseResult("table", "{}"),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.type value 'table' is not a result type; send time_series, "
								+ "multiple_time_series or text"),
				arguments("result without from",
						AnalysisResultInputTests.analyseResult("text", "{\"total\": \"ok\", \"predict\": 1}")
							.replace("\"from\": \"detector\", ", ""),
						RejectionReason.SCHEMA_VIOLATION,
						"Field body.payload.body.from is missing; an analysis result's body needs from, model, timestamp, "
								+ "type, calculated and results"),
				arguments("unknown column type in a time series result",
						AnalysisResultInputTests.analyseResult("time_series",
								"{\"columns\": [{\"name\": \"x\", \"type\": \"int\"}], \"data\": [[\"1\"]]}"),
						RejectionReason.SCHEMA_VIOLATION,
						"Column 'x' (body.payload.body.results.columns[0].type) has type 'int', which is not a KOSMoS "
								+ "column type; use number, string or rfctime"),
				arguments("ragged columns in a multiple time series result",
						AnalysisResultInputTests.analyseResult("multiple_time_series",
								"[{\"columns\": [{\"name\": \"x\", \"type\": \"number\"}, {\"name\": \"y\", \"type\": \"number\"}], "
										+ "\"data\": [[\"1\", \"2\"], [\"3\"]]}]"),
						RejectionReason.INVALID_DATA,
						"Column 'y' (body.payload.body.results[0].data[1]) has 1 values but column 'x' "
								+ "(body.payload.body.results[0].data[0]) has 2; every column of body.payload.body.results[0].data "
								+ "must have the same number of values"),
				arguments("text result with an extra field",
						AnalysisResultInputTests.analyseResult("text",
								"{\"error\": \"x\", \"total\": \"stop\", \"predict\": 80}"),
						RejectionReason.SCHEMA_VIOLATION,
						"Payload of the analyse_result trigger does not match the KOSMoS analysis schema: "
								+ "/body/results: property 'error' is not defined in the schema and the schema does not allow "
								+ "additional properties"),
				arguments("invalid JSON", "{\"body\": ", RejectionReason.INVALID_JSON, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejected")
	void rejectedWithExactMessage(String rule, String trigger, RejectionReason reason, String message) {
		var thrown = assertThatThrownBy(() -> this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidTriggerException.class)
			.satisfies((ex) -> assertThat(((InvalidTriggerException) ex).getReason()).isEqualTo(reason));
		if (message != null) {
			thrown.hasMessage(message);
		}
	}

	@Test
	void numbersParseAsDoubleParseDoubleDoes() {
		String trigger = update("[" + NUMBER_A + "]",
				"[[\" 12.5 \", \"1.5e3\", \"-2E-2\", \"NaN\", \"-0\", \"Infinity\", \"0x1p3\", \"7d\", \"-312.15500000000003\"]]");

		Table table = this.reader.read(trigger.getBytes(StandardCharsets.UTF_8)).table();

		DoubleColumn a = table.doubleColumn("a");
		assertThat(a.getDouble(0)).isEqualTo(12.5);
		assertThat(a.getDouble(1)).isEqualTo(1500.0);
		assertThat(a.getDouble(2)).isEqualTo(-0.02);
		assertThat(a.getDouble(3)).isNaN();
		assertThat(Double.doubleToRawLongBits(a.getDouble(4))).isEqualTo(Double.doubleToRawLongBits(-0.0));
		assertThat(a.getDouble(5)).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(a.getDouble(6)).isEqualTo(8.0);
		assertThat(a.getDouble(7)).isEqualTo(7.0);
		assertThat(a.getDouble(8)).isEqualTo(Double.parseDouble("-312.15500000000003"));
	}

	@Test
	void nonAsciiTextSurvivesUnchanged() {
		String text = "Störung AS-i Kreis: Freigabekreis 41 Sicherheisbestätigung erfoderlich – 温度 ✓";
		String trigger = update("[{\"name\": \"détails\", \"type\": \"string\", \"meta\": {\"unit\": \"°C\"}}]",
				"[[\"" + text + "\"]]");

		Trigger read = this.reader.read(trigger.getBytes(StandardCharsets.UTF_8));

		assertThat(read.table().stringColumn("détails").get(0)).isEqualTo(text);
		assertThat(read.columns().get(0).unit()).isEqualTo("°C");
	}

	@Test
	void emptySignatureStringCountsAsUnsigned() {
		String trigger = """
				{"body": {"contract": "c1", "machine": "m1", "sensor": "s1", "type": "sensor_update",
				  "payload": {"body": {"timestamp": "2024-01-01T00:00:00Z", "columns": [%s], "data": [["1"]]},
				              "signature": ""}},
				 "signature": ""}
				""".formatted(NUMBER_A);

		Trigger read = this.reader.read(trigger.getBytes(StandardCharsets.UTF_8));

		assertThat(read.table().rowCount()).isEqualTo(1);
	}

	@Test
	void placeholderSignatureStringRejected() {
		String trigger = update("[" + NUMBER_A + "]", "[[\"1\"]]").strip();
		String signed = trigger.substring(0, trigger.length() - 1) + ", \"signature\": \"TestSignature\"}";

		assertThatThrownBy(() -> this.reader.read(signed.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOfSatisfying(InvalidTriggerException.class,
					(ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.SCHEMA_VIOLATION))
			.hasMessageContaining("/signature");
	}

	static String update(String columns, String data) {
		return TriggerReaderTests.sensorUpdate(columns, data);
	}

}
