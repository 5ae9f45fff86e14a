package io.kosmos.mqtt.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.json.JsonMapper;

import static io.kosmos.mqtt.test.KosmosAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The result view and its assertions, on messages written by the starter's own
 * {@link ResultMessageWriter}.
 */
class KosmosAssertionsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant T0 = Instant.parse("2024-03-12T08:15:30Z");

	@Test
	void timeSeriesResultReadBack() {
		Table table = Table.create("stats", StringColumn.create("column", "load", "speed"),
				DoubleColumn.create("mean", 42.5, 1200.0));

		KosmosTestClient.ReceivedMessage message = received(AnalysisResult.timeSeries(table));

		assertThat(message).hasType("time_series")
			.isFrom("mean-tool")
			.hasColumn("mean")
			.hasRowCount(2)
			.column("mean")
			.containsExactly(42.5, 1200.0);
		assertThat(message).column("column").containsExactly("load", "speed");
		ResultMessage result = message.result();
		org.assertj.core.api.Assertions.assertThat(result.machine()).isEqualTo("press-07");
		org.assertj.core.api.Assertions.assertThat(result.sensor()).isEqualTo("spindle");
		org.assertj.core.api.Assertions.assertThat(result.modelUrl()).isEqualTo("mean");
		org.assertj.core.api.Assertions.assertThat(result.modelTag()).isEqualTo("v1");
		org.assertj.core.api.Assertions.assertThat(result.timestamp()).isEqualTo(T0);
		org.assertj.core.api.Assertions.assertThat(result.table().doubleColumn("mean").get(1)).isEqualTo(1200.0);
	}

	@Test
	void wrongTypeNamed() {
		KosmosTestClient.ReceivedMessage message = received(AnalysisResult.text("ok", 0.9));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(message).hasType("time_series"))
			.withMessage("Expected a time_series result on kosmos/analyses/c1 but got a text result");
		assertThat(message).hasTotal("ok");
	}

	@Test
	void missingColumnListsColumns() {
		Table table = Table.create("stats", DoubleColumn.create("mean", 1.0));

		KosmosTestClient.ReceivedMessage message = received(AnalysisResult.timeSeries(table));

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(message).column("std"))
			.withMessage("Expected the result on kosmos/analyses/c1 to have column 'std' but its columns are [mean]");
	}

	@Test
	void wrongValuesShowColumn() {
		Table table = Table.create("stats", DoubleColumn.create("mean", 1.0));

		KosmosTestClient.ReceivedMessage message = received(AnalysisResult.timeSeries(table));

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(message).column("mean").containsExactly(2.0))
			.withMessageContaining("column 'mean' of the result on kosmos/analyses/c1");
	}

	@Test
	void multipleTimeSeriesNeedsTables() {
		Table first = Table.create("a", DoubleColumn.create("x", 1.0));
		Table second = Table.create("b", DoubleColumn.create("y", 2.0));

		ResultMessage result = received(AnalysisResult.multipleTimeSeries(List.of(first, second))).result();

		org.assertj.core.api.Assertions.assertThat(result.tables()).hasSize(2);
		assertThatIllegalStateException().isThrownBy(result::table)
			.withMessage("Result on kosmos/analyses/c1 is a multiple_time_series, not a time_series; "
					+ "table() needs one table, use tables()");
	}

	@Test
	void invalidResultRejected() {
		String payload = "{\"body\": {\"from\": \"x\", \"type\": \"time_series\"}}";
		KosmosTestClient.ReceivedMessage message = new KosmosTestClient.ReceivedMessage("kosmos/analyses/c1", payload,
				JSON.readTree(payload), 2, false);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(message::result)
			.withMessageStartingWith("Message on kosmos/analyses/c1 is not a valid KOSMoS analysis message: ")
			.withMessageEndingWith("; message: " + payload);
	}

	@Test
	void notJsonRejected() {
		KosmosTestClient.ReceivedMessage message = new KosmosTestClient.ReceivedMessage("kosmos/analyses/c1", "hello",
				null, 2, false);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(message::result)
			.withMessage("Message on kosmos/analyses/c1 is not a KOSMoS analysis message "
					+ "(JSON with a body object): hello");
	}

	private static KosmosTestClient.ReceivedMessage received(AnalysisResult result) {
		Trigger trigger = new Trigger("c1", "press-07", "spindle", TriggerType.SENSOR_UPDATE, T0,
				new AnalysisInput.TextInput(AnalysisResult.text("unused", 0)), List.of(), null);
		byte[] bytes = new ResultMessageWriter("mean-tool", "mean", "v1").writeBytes(trigger, T0, result, T0);
		String payload = new String(bytes, StandardCharsets.UTF_8);
		return new KosmosTestClient.ReceivedMessage("kosmos/analyses/c1", payload, JSON.readTree(payload), 2, false);
	}

}
