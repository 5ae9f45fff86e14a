package io.kosmos.mqtt.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.kosmos.mqtt.config.EmbeddedBrokerAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.MessageSchema;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the tool against a real broker: the embedded one, or the one named by the system
 * property {@code kosmos.test.broker}.
 */
class TriggerRoundTripIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final JsonMapper json = JsonMapper.builder().build();

	/** Sums every number column and counts rows. */
	private final AnalysisHandler summingHandler = (request) -> {
		Table table = request.table();
		double sum = 0;
		for (NumericColumn<?> column : table.numberColumns()) {
			sum += column.asDoubleColumn().removeMissing().sum();
		}
		return AnalysisResult.timeSeries(Table.create("summary", StringColumn.create("contract", request.contract()),
				DoubleColumn.create("rows", new double[] { table.rowCount() }), DoubleColumn.create("sum", new double[] { sum })));
	};

	private ApplicationContextRunner toolRunner(String modelUrl) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
					EmbeddedBrokerAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> this.summingHandler)
			.withPropertyValues("kosmos.mqtt.broker.url=" + TestBroker.url(),
					"kosmos.mqtt.broker.client-id=it-" + UUID.randomUUID(), "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.model.url=" + modelUrl, "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.model.from=roundtrip-tool", "kosmos.mqtt.result.temporary=false");
	}

	@Test
	void triggerProducesResultOnContractTopic() throws Exception {
		String modelUrl = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#", "kosmos/status")) {
			toolRunner(modelUrl).run((context) -> {
				assertThat(context).hasNotFailed();
				awaitAlive(context);
				Instant sentAt = Instant.now();

				probe.publish("kosmos/analytics/" + modelUrl + "/v1", fixture("triggers/conveyor-trigger.json"));

				MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
				assertThat(result.qos()).isEqualTo(2);
				assertThat(result.retained()).isFalse();
				JsonNode message = this.json.readTree(result.payload());
				assertThat(new SchemaValidator().violations(message, MessageSchema.ANALYSIS)).isEmpty();
				JsonNode body = message.get("body");
				assertThat(body.get("from").stringValue()).isEqualTo("roundtrip-tool");
				assertThat(body.get("model").get("url").stringValue()).isEqualTo(modelUrl);
				assertThat(body.get("model").get("tag").stringValue()).isEqualTo("v1");
				assertThat(body.get("type").stringValue()).isEqualTo("time_series");
				assertThat(body.get("calculated").get("message").get("machine").stringValue()).isEqualTo("conveyor-3");
				assertThat(body.get("calculated").get("message").get("sensor").stringValue()).isEqualTo("belt-motor");
				Instant received = Instant.parse(body.get("calculated").get("received").stringValue());
				assertThat(received).isBetween(sentAt.minusSeconds(1), Instant.now());
				JsonNode data = body.get("results").get("data");
				assertThat(data.get(0).get(0).stringValue()).isEqualTo("k2301");
				assertThat(data.get(1).get(0).stringValue()).isEqualTo("5.0");
				assertThat(data.get(2).get(0).stringValue()).isEqualTo("17.75");
			});
		}
	}

	@Test
	void invalidJsonSkippedAndNextTriggerServed() throws Exception {
		String modelUrl = "invalid-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl).run((context) -> {
				awaitAlive(context);
				String topic = "kosmos/analytics/" + modelUrl + "/v1";

				probe.publish(topic, "{\"body\": {\"contract\": ".getBytes(StandardCharsets.UTF_8));
				probe.publish(topic, fixture("triggers/conveyor-trigger.json"));

				MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
				assertThat(result.payload()).contains("\"from\":\"roundtrip-tool\"");
				TriggerStatistics statistics = context.getBean(TriggerStatistics.class);
				await().atMost(TIMEOUT).until(() -> statistics.processed() == 1);
				assertThat(statistics.rejected()).isEqualTo(1);
				assertThat(statistics.received()).isEqualTo(2);
			});
		}
	}

	@Test
	void oversizedTriggerRejectedAndNextServed() throws Exception {
		String modelUrl = "oversized-" + UUID.randomUUID().toString().substring(0, 8);
		byte[] trigger = fixture("triggers/conveyor-trigger.json");
		byte[] padded = (new String(trigger, StandardCharsets.UTF_8) + " ".repeat(100)).getBytes(StandardCharsets.UTF_8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl).withPropertyValues("kosmos.mqtt.limits.max-trigger-size=" + trigger.length + "B")
				.run((context) -> {
					awaitAlive(context);
					String topic = "kosmos/analytics/" + modelUrl + "/v1";

					probe.publish(topic, padded);
					probe.publish(topic, trigger);

					MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
					assertThat(result.payload()).contains("\"from\":\"roundtrip-tool\"");
					TriggerStatistics statistics = context.getBean(TriggerStatistics.class);
					await().atMost(TIMEOUT).until(() -> statistics.processed() == 1);
					assertThat(statistics.rejected()).isEqualTo(1);
				});
		}
	}

	@Test
	void previousResultAsInputAndFilteredTriggersAreNotErrors() throws Exception {
		String modelUrl = "chain-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl)
				.withPropertyValues("kosmos.mqtt.filter.trigger-types=analyse_result",
						"kosmos.mqtt.filter.result-types=time_series")
				.run((context) -> {
					awaitAlive(context);
					String topic = "kosmos/analytics/" + modelUrl + "/v1";
					String previous = """
							{"body": {"from": "detector", "model": {"url": "detect", "tag": "v3"},
							  "timestamp": "2024-03-01T07:59:00Z", "type": "%s",
							  "calculated": {"message": {"machine": "mill-1", "sensor": "spindle"},
							                 "received": "2024-03-01T07:58:00Z"},
							  "results": %s}}""";
					String envelope = """
							{"body": {"contract": "k9", "machine": "mill-1", "sensor": "spindle",
							  "type": "analyse_result", "payload": %s}}""";

					probe.publish(topic, fixture("triggers/conveyor-trigger.json"));
					probe.publish(topic, envelope.formatted(previous.formatted("text", "{\"total\": \"stop\", \"predict\": 1}"))
						.getBytes(StandardCharsets.UTF_8));
					probe.publish(topic, envelope.formatted(previous.formatted("time_series",
							"{\"columns\": [{\"name\": \"wear\", \"type\": \"number\"}], \"data\": [[\"0.5\", \"1.5e0\"]]}"))
						.getBytes(StandardCharsets.UTF_8));

					MqttProbe.Received result = probe.next("kosmos/analyses/k9", TIMEOUT);
					JsonNode data = this.json.readTree(result.payload()).get("body").get("results").get("data");
					assertThat(data.get(1).get(0).stringValue()).isEqualTo("2.0");
					assertThat(data.get(2).get(0).stringValue()).isEqualTo("2.0");
					TriggerStatistics statistics = context.getBean(TriggerStatistics.class);
					await().atMost(TIMEOUT).until(() -> statistics.processed() == 1 && statistics.filtered() == 2);
					assertThat(statistics.rejected()).isZero();
					assertThat(statistics.failed()).isZero();
					assertThat(context.getBean(io.kosmos.mqtt.status.StatusPublisher.class).currentStatus())
						.isEqualTo(io.kosmos.mqtt.status.ToolStatus.ALIVE);
				});
		}
	}

	@Test
	void statusGoesStartingAliveShuttingDown() throws Exception {
		String modelUrl = "status-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/status")) {
			toolRunner(modelUrl).withPropertyValues("kosmos.mqtt.model.from=status-" + modelUrl)
				.run((context) -> awaitAlive(context));

			String from = "\"from\":\"status-" + modelUrl + "\"";
			assertThat(nextStatusOf(probe, from)).contains("\"status\":\"starting\"");
			assertThat(nextStatusOf(probe, from)).contains("\"status\":\"alive\"");
			assertThat(nextStatusOf(probe, from)).contains("\"status\":\"shutting down\"");
		}
	}

	private static String nextStatusOf(MqttProbe probe, String from) throws InterruptedException {
		while (true) {
			MqttProbe.Received status = probe.next("kosmos/status", TIMEOUT);
			if (status.payload().contains(from)) {
				return status.payload();
			}
		}
	}

	private static void awaitAlive(org.springframework.context.ApplicationContext context) {
		io.kosmos.mqtt.status.StatusPublisher status = context.getBean(io.kosmos.mqtt.status.StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == io.kosmos.mqtt.status.ToolStatus.ALIVE);
	}

	private static byte[] fixture(String path) throws IOException {
		try (InputStream in = TriggerRoundTripIntegrationTests.class.getClassLoader().getResourceAsStream(path)) {
			return in.readAllBytes();
		}
	}

}
