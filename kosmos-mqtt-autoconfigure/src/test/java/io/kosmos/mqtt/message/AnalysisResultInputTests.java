package io.kosmos.mqtt.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.handler.PreviousResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Triggers of type {@code analyse_result}: a previous tool's result of each kind as input.
 */
class AnalysisResultInputTests {

	private final TriggerReader reader = new TriggerReader(JsonMapper.builder().build(), new SchemaValidator());

	private static final Instant RECEIVED = Instant.parse("2024-03-01T08:00:00Z");

	@Test
	void timeSeriesResultBecomesTable() {
		Trigger trigger = read(analyseResult("time_series", """
				{"columns": [{"name": "t", "type": "rfctime"},
				             {"name": "wear", "type": "number"},
				             {"name": "state", "type": "string", "allowed_values": ["ok", "worn"]}],
				 "data": [["2024-02-29T23:00:00.5+01:00", "2024-02-29T22:00:01Z"], ["0.25", "1e-3"], ["ok", "worn"]]}"""));

		AnalysisRequest request = trigger.toRequest("kosmos/analytics/wear/v1", RECEIVED);
		assertThat(request.type()).isEqualTo(TriggerType.ANALYSE_RESULT);
		assertThat(request.inputKind()).isEqualTo(ResultType.TIME_SERIES);
		Table table = request.table();
		assertThat(table.columnNames()).containsExactly("t", "wear", "state");
		assertThat(((InstantColumn) table.column("t")).get(0)).isEqualTo(Instant.parse("2024-02-29T22:00:00.5Z"));
		assertThat(table.doubleColumn("wear").getDouble(1)).isEqualTo(0.001);
		assertThat(table.stringColumn("state").get(1)).isEqualTo("worn");
		assertThat(request.columns().get(2).allowedValues()).containsExactly("ok", "worn");
		assertThat(request.columns().get(1).unit()).isEmpty();
		assertThat(request.tables()).containsExactly(table);
		assertThat(request.meta()).isEmpty();
		assertThat(request.timestamp()).isEqualTo(Instant.parse("2024-03-01T07:59:00Z"));
		assertThat(request.triggerTopic()).isEqualTo("kosmos/analytics/wear/v1");
		assertThat(request.receivedAt()).isEqualTo(RECEIVED);
		assertThat(request.previous()).isEqualTo(new PreviousResult("detector", "detect", "v3", ResultType.TIME_SERIES,
				"mill-1", "spindle", Instant.parse("2024-03-01T07:58:00Z")));
		assertThatThrownBy(request::text).isInstanceOf(IllegalStateException.class)
			.hasMessage("This trigger's input is one table, not a text result; use request.table() or request.tables()");
	}

	@Test
	void emptyTimeSeriesResultIsAnEmptyTable() {
		Trigger trigger = read(analyseResult("time_series", """
				{"columns": [{"name": "x", "type": "number"}], "data": [[]]}"""));

		assertThat(trigger.table().rowCount()).isZero();
		assertThat(trigger.table().column("x")).isInstanceOf(DoubleColumn.class);
	}

	@Test
	void multipleTimeSeriesResultBecomesTables() {
		Trigger trigger = read(analyseResult("multiple_time_series", """
				[{"columns": [{"name": "time", "type": "number"}, {"name": "oil pressure", "type": "number"}],
				  "data": [["1", "2"], ["55", "66"]]},
				 {"columns": [{"name": "label", "type": "string"}], "data": [["a", "b", "c"]]}]"""));

		AnalysisRequest request = trigger.toRequest("t", RECEIVED);
		assertThat(request.inputKind()).isEqualTo(ResultType.MULTIPLE_TIME_SERIES);
		assertThat(request.tables()).hasSize(2);
		assertThat(request.tables().get(0).doubleColumn("oil pressure").getDouble(1)).isEqualTo(66.0);
		assertThat(request.tables().get(1).rowCount()).isEqualTo(3);
		assertThat(((AnalysisInput.TablesInput) request.input()).series().get(1).columns().get(0).type())
			.isEqualTo(ColumnType.STRING);
		assertThat(request.previous().type()).isEqualTo(ResultType.MULTIPLE_TIME_SERIES);
		assertThatThrownBy(request::table).isInstanceOf(IllegalStateException.class)
			.hasMessage("This trigger's input is a multiple_time_series result, not one table; use request.tables()");
	}

	@Test
	void textResultBecomesText() {
		Trigger trigger = read(analyseResult("text", """
				{"total": "stop – Störung", "predict": 80.5,
				 "parts": [{"machine": "mill-1", "result": "stop", "predict": 90,
				            "sensors": [{"sensor": "spindle", "result": "stop", "predict": 100}]},
				           {"machine": "mill-2", "result": "go", "predict": 10}]}"""));

		AnalysisRequest request = trigger.toRequest("t", RECEIVED);
		assertThat(request.inputKind()).isEqualTo(ResultType.TEXT);
		assertThat(request.text()).isEqualTo(new AnalysisResult.Text("stop – Störung", 80.5,
				List.of(new AnalysisResult.TextPart("mill-1", "stop", 90, List.of(new AnalysisResult.SensorPart("spindle", "stop", 100))),
						new AnalysisResult.TextPart("mill-2", "go", 10, List.of()))));
		assertThat(request.tables()).isEmpty();
		assertThat(request.previous().from()).isEqualTo("detector");
		assertThatThrownBy(request::table).isInstanceOf(IllegalStateException.class)
			.hasMessage("This trigger's input is a text result, not one table; use request.text()");
	}

	@Test
	void sensorUpdateHasNoPrevious() {
		Trigger trigger = read(TriggerReaderTests.sensorUpdate("""
				[{"name": "a", "type": "number", "meta": {"unit": "m"}}]""", "[[\"1\"]]"));

		assertThat(trigger.previous()).isNull();
		assertThat(trigger.toRequest("t", RECEIVED).inputKind()).isEqualTo(ResultType.TIME_SERIES);
	}

	private Trigger read(String trigger) {
		return this.reader.read(trigger.getBytes(StandardCharsets.UTF_8));
	}

	static String analyseResult(String type, String results) {
		return """
				{"body": {"contract": "c1", "machine": "mill-1", "sensor": "spindle", "type": "analyse_result",
				  "payload": {"body": {"from": "detector", "model": {"url": "detect", "tag": "v3"},
				    "timestamp": "2024-03-01T07:59:00Z", "type": "%s",
				    "calculated": {"message": {"machine": "mill-1", "sensor": "spindle"}, "received": "2024-03-01T07:58:00Z"},
				    "results": %s}}}}
				""".formatted(type, results);
	}

}
