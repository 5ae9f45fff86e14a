package io.kosmos.sample;

import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.ColumnMetadata;
import io.kosmos.mqtt.message.ColumnType;
import io.kosmos.mqtt.message.TriggerType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static org.assertj.core.api.Assertions.assertThat;

class DropIncompleteRowsCustomizerTests {

	private final DropIncompleteRowsCustomizer customizer = new DropIncompleteRowsCustomizer();

	@Test
	void rowsWithMissingValuesDropped() {
		Table table = Table.create("data", DoubleColumn.create("load", 1.0, Double.NaN, 3.0, 4.0),
				StringColumn.create("direction", "up", "down", "", "up"));
		List<ColumnMetadata> columns = List.of(new ColumnMetadata("load", ColumnType.NUMBER, "%", null, null),
				new ColumnMetadata("direction", ColumnType.STRING, "", null, null));

		AnalysisRequest customized = this.customizer.customize(request(new AnalysisInput.TableInput(table, columns)));

		assertThat(customized.table().doubleColumn("load").asList()).containsExactly(1.0, 4.0);
		assertThat(customized.table().stringColumn("direction").asList()).containsExactly("up", "up");
		assertThat(customized.columns()).isEqualTo(columns);
		assertThat(customized.contract()).isEqualTo("c1");
	}

	@Test
	void completeTableUnchanged() {
		Table table = Table.create("data", DoubleColumn.create("load", 1.0, 2.0));
		AnalysisRequest request = request(new AnalysisInput.TableInput(table, List.of()));

		assertThat(this.customizer.customize(request)).isSameAs(request);
	}

	@Test
	void textInputUnchanged() {
		AnalysisRequest request = request(new AnalysisInput.TextInput(AnalysisResult.text("ok", 1.0)));

		assertThat(this.customizer.customize(request)).isSameAs(request);
	}

	private static AnalysisRequest request(AnalysisInput input) {
		return new AnalysisRequest("c1", "press-07", "spindle", TriggerType.SENSOR_UPDATE, "kosmos/analytics/sample/v1",
				Instant.EPOCH, Instant.EPOCH, input, List.of(), null);
	}

}
