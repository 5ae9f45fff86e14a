package io.kosmos.mqtt.test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.ColumnType;
import io.kosmos.mqtt.message.ResultType;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.message.TriggerType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every trigger the builders make is read back with the starter's own {@link TriggerReader},
 * so it is a valid KOSMoS trigger carrying the data it was given.
 */
class KosmosTriggersTests {

	private static final TriggerReader READER = new TriggerReader(JsonMapper.builder().build(), new SchemaValidator());

	private static final Instant T0 = Instant.parse("2024-03-12T08:15:30Z");

	@Test
	void sensorUpdateCarriesTableAndMetadata() {
		Table table = Table.create("spindle", InstantColumn.create("time", new Instant[] { T0, T0.plusSeconds(1) }),
				DoubleColumn.create("load", 41.0, Double.NaN), StringColumn.create("state", "run", "stop"));

		SensorUpdateTriggerBuilder builder = KosmosTriggers.sensorUpdate(table)
			.contract("c42")
			.machine("press-07")
			.sensor("spindle")
			.unit("load", "kW")
			.description("load", "spindle load")
			.future("load", Map.of("horizon", "1h"))
			.meta("line", ColumnType.STRING, "A")
			.timestamp(T0)
			.machineId("M7");
		Trigger trigger = READER.read(builder.toBytes());

		assertThat(builder.contract()).isEqualTo("c42");
		assertThat(trigger.contract()).isEqualTo("c42");
		assertThat(trigger.machine()).isEqualTo("press-07");
		assertThat(trigger.sensor()).isEqualTo("spindle");
		assertThat(trigger.type()).isEqualTo(TriggerType.SENSOR_UPDATE);
		assertThat(trigger.timestamp()).isEqualTo(T0);
		assertThat(trigger.table().columnNames()).containsExactly("time", "load", "state");
		assertThat(trigger.table().instantColumn("time").asList()).containsExactly(T0, T0.plusSeconds(1));
		assertThat(trigger.table().doubleColumn("load").get(0)).isEqualTo(41.0);
		assertThat(trigger.table().doubleColumn("load").isMissing(1)).isTrue();
		assertThat(trigger.table().stringColumn("state").asList()).containsExactly("run", "stop");
		assertThat(trigger.columns().get(1).unit()).isEqualTo("kW");
		assertThat(trigger.columns().get(1).description()).isEqualTo("spindle load");
		assertThat(trigger.columns().get(1).future()).containsEntry("horizon", "1h");
		assertThat(trigger.columns().get(0).unit()).isEmpty();
		assertThat(trigger.meta()).hasSize(1);
		assertThat(trigger.meta().get(0).value()).isEqualTo("A");
	}

	@Test
	void contractDefaultsToUniqueId() {
		Table table = Table.create("t", DoubleColumn.create("x", 1.0));

		String first = KosmosTriggers.sensorUpdate(table).contract();
		String second = KosmosTriggers.sensorUpdate(table).contract();

		assertThat(first).matches("[0-9a-zA-Z]+");
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void timeSeriesResultWithAllowedValues() {
		Table table = Table.create("verdict", StringColumn.create("state", "ok", "warn"));
		AnalysisResult.TimeSeries result = AnalysisResult.timeSeries(table)
			.withAllowedValues("state", List.of("ok", "warn", "fail"));

		Trigger trigger = READER.read(KosmosTriggers.timeSeriesResult(result)
			.from("classifier")
			.model("classify", "v2")
			.timestamp(T0)
			.received(T0.minusSeconds(5))
			.toBytes());

		assertThat(trigger.type()).isEqualTo(TriggerType.ANALYSE_RESULT);
		assertThat(trigger.previousResultType()).isEqualTo(ResultType.TIME_SERIES);
		assertThat(trigger.previous().from()).isEqualTo("classifier");
		assertThat(trigger.previous().modelUrl()).isEqualTo("classify");
		assertThat(trigger.previous().modelTag()).isEqualTo("v2");
		assertThat(trigger.previous().calculatedReceived()).isEqualTo(T0.minusSeconds(5));
		assertThat(trigger.timestamp()).isEqualTo(T0);
		assertThat(trigger.table().stringColumn("state").asList()).containsExactly("ok", "warn");
		assertThat(trigger.columns().get(0).allowedValues()).containsExactly("ok", "warn", "fail");
	}

	@Test
	void multipleTimeSeriesResult() {
		Table first = Table.create("a", DoubleColumn.create("x", 1.0, 2.0));
		Table second = Table.create("b", DoubleColumn.create("y", 3.0));

		Trigger trigger = READER.read(KosmosTriggers.multipleTimeSeriesResult(first, second).toBytes());

		assertThat(trigger.previousResultType()).isEqualTo(ResultType.MULTIPLE_TIME_SERIES);
		AnalysisInput.TablesInput input = (AnalysisInput.TablesInput) trigger.input();
		assertThat(input.series()).hasSize(2);
		assertThat(input.series().get(0).table().doubleColumn("x").asList()).containsExactly(1.0, 2.0);
		assertThat(input.series().get(1).table().doubleColumn("y").asList()).containsExactly(3.0);
	}

	@Test
	void textResultWithParts() {
		AnalysisResult.Text text = new AnalysisResult.Text("wear", 0.8, List.of(new AnalysisResult.TextPart("press-07",
				"wear", 0.8, List.of(new AnalysisResult.SensorPart("spindle", "wear", 0.9)))));

		Trigger trigger = READER.read(KosmosTriggers.textResult(text).toBytes());

		assertThat(trigger.previousResultType()).isEqualTo(ResultType.TEXT);
		AnalysisResult.Text read = ((AnalysisInput.TextInput) trigger.input()).text();
		assertThat(read.total()).isEqualTo("wear");
		assertThat(read.predict()).isEqualTo(0.8);
		assertThat(read.parts().get(0).sensors().get(0).predict()).isEqualTo(0.9);
	}

	@Test
	void textResultWithoutParts() {
		Trigger trigger = READER.read(KosmosTriggers.textResult("ok", 0.5).toBytes());

		assertThat(((AnalysisInput.TextInput) trigger.input()).text().total()).isEqualTo("ok");
	}

	@Test
	void sensorUpdateRejectsTableWithoutRows() {
		Table table = Table.create("empty", DoubleColumn.create("load"));

		assertThatIllegalArgumentException().isThrownBy(() -> KosmosTriggers.sensorUpdate(table))
			.withMessage("Table 'empty' has columns [load] but no rows; "
					+ "a sensor update needs at least one value per column");
	}

	@Test
	void sensorUpdateRejectsTableWithoutColumns() {
		assertThatIllegalArgumentException().isThrownBy(() -> KosmosTriggers.sensorUpdate(Table.create("bare")))
			.withMessage("Table 'bare' has no columns; a sensor update needs at least one column with at least one value");
	}

	@Test
	void unitOfUnknownColumnRejected() {
		Table table = Table.create("t", DoubleColumn.create("load", 1.0));

		assertThatIllegalArgumentException().isThrownBy(() -> KosmosTriggers.sensorUpdate(table).unit("lod", "kW"))
			.withMessage("Column 'lod' is not in table 't'; its columns are [load]");
	}

	@Test
	void emptyContractRejected() {
		Table table = Table.create("t", DoubleColumn.create("load", 1.0));

		assertThatIllegalArgumentException().isThrownBy(() -> KosmosTriggers.sensorUpdate(table).contract(" "))
			.withMessage("A trigger's contract must not be empty, got ' '");
	}

	@Test
	void multipleTimeSeriesRejectsNoTables() {
		assertThatIllegalArgumentException().isThrownBy(() -> KosmosTriggers.multipleTimeSeriesResult(List.of()))
			.withMessage("A multiple_time_series result needs at least one table, got none");
	}

	@Test
	void timeSeriesResultRejectsTableWithoutColumns() {
		assertThatIllegalArgumentException().isThrownBy(() -> KosmosTriggers.timeSeriesResult(Table.create("bare")))
			.withMessage("Table 'bare' has no columns; a time_series result needs at least one column");
	}

}
