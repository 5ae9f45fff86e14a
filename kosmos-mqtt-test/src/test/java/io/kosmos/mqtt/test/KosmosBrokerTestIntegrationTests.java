package io.kosmos.mqtt.test;

import java.time.Duration;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.kosmos.mqtt.test.KosmosAssertions.assertThat;

/**
 * {@link KosmosBrokerTest} next to {@link SpringBootTest}: the tool runs against the test
 * broker and the test method gets a connected client.
 */
@SpringBootTest(properties = { "kosmos.mqtt.model.url=unit", "kosmos.mqtt.model.tag=v1",
		"kosmos.mqtt.model.from=unit-tool", "kosmos.mqtt.result.temporary=true" })
@KosmosBrokerTest
class KosmosBrokerTestIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void sensorUpdateAnswered(KosmosTestClient client) {
		Table data = Table.create("data", DoubleColumn.create("load", 1.0, 2.0, 6.0), StringColumn.create("s", "a",
				"b", "c"));

		String contract = client.publishTrigger("kosmos/analytics/unit/v1",
				KosmosTriggers.sensorUpdate(data).unit("load", "kW"));

		KosmosTestClient.ReceivedMessage result = client.awaitResult(contract, TIMEOUT);
		org.assertj.core.api.Assertions.assertThat(result.topic()).endsWith("/temporary");
		assertThat(result).hasType("time_series").isFrom("unit-tool").column("mean").containsExactly(3.0);
		assertThat(result).column("unit").containsExactly("kW");
	}

	@Test
	void textResultAnswered(KosmosTestClient client) {
		String contract = client.publishTrigger("kosmos/analytics/unit/v1", KosmosTriggers.textResult("wear", 0.7));

		assertThat(client.awaitResult(contract, TIMEOUT)).hasType("text").hasTotal("seen wear");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MeanTool {

		@Bean
		AnalysisHandler meanHandler() {
			return (request) -> {
				if (request.inputKind() == io.kosmos.mqtt.message.ResultType.TEXT) {
					return AnalysisResult.text("seen " + request.text().total(), request.text().predict());
				}
				double mean = request.table().doubleColumn("load").mean();
				String unit = request.columns().get(0).unit();
				return AnalysisResult.timeSeries(Table.create("mean", DoubleColumn.create("mean", mean),
						StringColumn.create("unit", unit)));
			};
		}

	}

}
