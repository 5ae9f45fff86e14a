package io.kosmos.mqtt.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolRunner;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kosmos.mqtt.executor.ordering=true} on a real broker: triggers of one machine and
 * sensor are analysed and published in arrival order although four workers run.
 */
class OrderingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int TRIGGERS = 30;

	private final List<String> analysed = new CopyOnWriteArrayList<>();

	/** Takes longer for early contracts, so that without ordering later ones would overtake them. */
	private final AnalysisHandler unevenHandler = (request) -> {
		int number = Integer.parseInt(request.contract().substring(1));
		Thread.sleep((TRIGGERS - number) % 7 * 3L);
		this.analysed.add(request.sensor() + ":" + request.contract());
		return AnalysisResult.timeSeries(Table.create("r", StringColumn.create("contract", request.contract())));
	};

	@Test
	void sameSensorAnalysedInArrivalOrder() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("ordering");
		String template = new String(ToolRunner.resource(ToolRunner.GOOD_TRIGGER), StandardCharsets.UTF_8);
		try (MqttProbe mediator = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			ToolRunner.create(TestBroker.url(), modelUrl, this.unevenHandler)
				.withPropertyValues("kosmos.mqtt.executor.ordering=true", "kosmos.mqtt.executor.concurrency=4")
				.run((context) -> {
					StatusPublisher status = context.getBean(StatusPublisher.class);
					await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
					String topic = "kosmos/analytics/" + modelUrl + "/v1";

					for (int i = 0; i < TRIGGERS; i++) {
						String sensor = (i % 2 == 0) ? "belt-motor" : "belt-drive";
						mediator.publish(topic, template.replace("\"k2301\"", "\"c" + i + "\"")
							.replace("\"belt-motor\"", "\"" + sensor + "\"")
							.getBytes(StandardCharsets.UTF_8));
					}

					await().atMost(TIMEOUT).until(() -> this.analysed.size() == TRIGGERS);
					assertThat(order("belt-motor")).isSorted();
					assertThat(order("belt-drive")).isSorted();
					assertThat(order("belt-motor")).hasSize(TRIGGERS / 2);
				});
		}
	}

	private List<Integer> order(String sensor) {
		return this.analysed.stream()
			.filter((entry) -> entry.startsWith(sensor + ":"))
			.map((entry) -> Integer.parseInt(entry.substring(entry.indexOf(":c") + 2)))
			.toList();
	}

}
