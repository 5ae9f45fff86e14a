package io.kosmos.sample;

import java.nio.file.Path;
import java.time.Duration;

import io.kosmos.mqtt.test.KosmosAssertions;
import io.kosmos.mqtt.test.KosmosBrokerTest;
import io.kosmos.mqtt.test.KosmosTestClient;
import io.kosmos.mqtt.test.KosmosTestClient.ReceivedMessage;
import io.kosmos.mqtt.test.KosmosTriggers;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sample tool end to end on a real broker: the embedded test broker, or the one named
 * by the system property {@code kosmos.test.broker}.
 */
@SpringBootTest
@KosmosBrokerTest
class ConditionMonitoringIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Path SPINDLE_TRIGGER = Path.of("src/main/resources/triggers/spindle-axis-trigger.json");

	@Test
	void spindleUpdateGetsStatistics() {
		try (KosmosTestClient client = KosmosTestClient.connect()) {
			client.publishTrigger("kosmos/analytics/sample/v1", SPINDLE_TRIGGER);

			ReceivedMessage result = client.awaitResult("c4711", TIMEOUT);

			assertThat(result.topic()).isEqualTo("kosmos/analyses/c4711");
			assertThat(result.qos()).isEqualTo(2);
			JsonNode body = result.body();
			assertThat(body.get("from").asString()).isEqualTo("sample-app");
			assertThat(body.get("model").get("url").asString()).isEqualTo("sample");
			assertThat(body.get("model").get("tag").asString()).isEqualTo("v1");
			assertThat(body.get("type").asString()).isEqualTo("time_series");
			assertThat(body.get("calculated").get("message").get("machine").asString()).isEqualTo("press-07");
			assertThat(body.get("calculated").get("message").get("sensor").asString()).isEqualTo("spindle-axis");

			JsonNode columns = body.get("results").get("columns");
			assertThat(columns.size()).isEqualTo(8);
			assertThat(columns.get(0).get("name").asString()).isEqualTo("column");
			JsonNode data = body.get("results").get("data");
			assertThat(data.get(0).get(0).asString()).isEqualTo("position");
			assertThat(data.get(0).get(1).asString()).isEqualTo("load");

			// load: 41.0, 43.5, 40.0, 44.5, 91.0
			assertThat(number(data, 1, 1)).isEqualTo(5.0);
			assertThat(number(data, 2, 1)).isEqualTo(52.0);
			assertThat(number(data, 3, 1)).isCloseTo(21.8775, within(1e-4));
			assertThat(number(data, 4, 1)).isEqualTo(40.0);
			assertThat(number(data, 5, 1)).isEqualTo(91.0);
			assertThat(number(data, 6, 1)).isCloseTo(55.5599, within(1e-4));
			assertThat(number(data, 7, 1)).isEqualTo(0.0);

			// position: symmetric around 0
			assertThat(number(data, 2, 0)).isEqualTo(0.0);
			assertThat(number(data, 4, 0)).isEqualTo(-120.5);
		}
	}

	@Test
	void textOnlyUpdateGetsCountPerColumn() {
		String trigger = """
				{"body": {"contract": "c9", "machine": "m", "sensor": "alarms", "type": "sensor_update",
				  "payload": {"body": {"timestamp": "2024-03-12T08:15:30Z",
				    "columns": [{"name": "code", "type": "string", "meta": {"unit": ""}}],
				    "data": [["E1", "E2", "E1"]]}}}}
				""";
		try (KosmosTestClient client = KosmosTestClient.connect()) {
			client.publishTrigger("kosmos/analytics/sample/v1", trigger.getBytes());

			JsonNode results = client.awaitResult("c9", TIMEOUT).body().get("results");

			assertThat(results.get("columns").get(1).get("name").asString()).isEqualTo("count");
			assertThat(results.get("data").get(0).get(0).asString()).isEqualTo("code");
			assertThat(results.get("data").get(1).get(0).asString()).isEqualTo("3.0");
		}
	}

	@Test
	void incompleteRowsDroppedBeforeAnalysis(KosmosTestClient client) {
		Table data = Table.create("spindle", DoubleColumn.create("load", 40.0, Double.NaN, 44.0, 50.0),
				DoubleColumn.create("position", 1.0, 2.0, 3.0, Double.NaN),
				StringColumn.create("direction", "up", "up", "down", "down"));

		String contract = client.publishTrigger("kosmos/analytics/sample/v1",
				KosmosTriggers.sensorUpdate(data).machine("press-07").unit("load", "%").unit("position", "mm"));

		ReceivedMessage result = client.awaitResult(contract, TIMEOUT);
		KosmosAssertions.assertThat(result).hasType("time_series").isFrom("sample-app").hasRowCount(2);
		KosmosAssertions.assertThat(result).column("column").containsExactly("load", "position");
		KosmosAssertions.assertThat(result).column("count").containsExactly(2.0, 2.0);
		KosmosAssertions.assertThat(result).column("mean").containsExactly(42.0, 2.0);
	}

	private static double number(JsonNode data, int column, int row) {
		return Double.parseDouble(data.get(column).get(row).asString());
	}

}
