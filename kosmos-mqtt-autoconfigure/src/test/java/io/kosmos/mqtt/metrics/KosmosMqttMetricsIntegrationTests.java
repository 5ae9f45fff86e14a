package io.kosmos.mqtt.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metric values after a mix of good, bad and failing triggers on a real broker.
 */
class KosmosMqttMetricsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** Answers with a text result, and throws for machine {@code crash}. */
	private final AnalysisHandler handler = (request) -> {
		if (request.machine().equals("crash")) {
			throw new IllegalStateException("test handler fails for machine 'crash'");
		}
		if (request.machine().equals("table")) {
			return AnalysisResult.timeSeries(Table.create("t", StringColumn.create("m", request.machine())));
		}
		return AnalysisResult.text("ok", 0.9);
	};

	@Test
	void metricsCountEveryOutcome() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("metrics");
		String good = new String(ToolRunner.resource(ToolRunner.GOOD_TRIGGER), StandardCharsets.UTF_8);
		try (MqttProbe mediator = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			ToolRunner.create(TestBroker.url(), modelUrl, this.handler)
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withPropertyValues("kosmos.mqtt.metrics.percentiles=0.5,0.95",
						"kosmos.mqtt.filter.trigger-types=sensor_update")
				.run((context) -> {
					awaitAlive(context);
					String topic = "kosmos/analytics/" + modelUrl + "/v1";
					String previousResult = """
							{"body": {"contract": "k7", "machine": "m", "sensor": "s", "type": "analyse_result",
							  "payload": {"body": {"from": "t", "model": {"url": "u", "tag": "v"},
							    "timestamp": "2024-03-01T07:59:00Z", "type": "text",
							    "calculated": {"message": {"machine": "m", "sensor": "s"},
							                   "received": "2024-03-01T07:58:00Z"},
							    "results": {"total": "ok", "predict": 0.5}}}}}""";

					mediator.publish(topic, good.getBytes(StandardCharsets.UTF_8));
					mediator.publish(topic, good.replace("conveyor-3", "table").getBytes(StandardCharsets.UTF_8));
					mediator.publish(topic, good.replace("conveyor-3", "crash").getBytes(StandardCharsets.UTF_8));
					mediator.publish(topic, "{\"body\": ".getBytes(StandardCharsets.UTF_8));
					mediator.publish(topic, "{\"body\": {}}".getBytes(StandardCharsets.UTF_8));
					mediator.publish(topic, good.replace("k2301", "k/1").getBytes(StandardCharsets.UTF_8));
					mediator.publish(topic, previousResult.getBytes(StandardCharsets.UTF_8));

					MeterRegistry registry = context.getBean(MeterRegistry.class);
					await().atMost(TIMEOUT).until(() -> count(registry, "kosmos.mqtt.triggers.received") == 7
							&& count(registry, "kosmos.mqtt.triggers.filtered") == 1
							&& count(registry, "kosmos.mqtt.triggers.processed") == 2
							&& sum(registry, "kosmos.mqtt.triggers.rejected") == 3
							&& sum(registry, "kosmos.mqtt.triggers.failed") == 1);

					assertThat(count(registry, "kosmos.mqtt.triggers.rejected", "reason", "invalid-json")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.triggers.rejected", "reason", "schema-violation"))
						.isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.triggers.rejected", "reason", "invalid-id")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.triggers.rejected", "reason", "invalid-data")).isZero();
					assertThat(count(registry, "kosmos.mqtt.triggers.failed", "failure", "handler-exception"))
						.isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.triggers.filtered")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.results.published", "result.type", "text")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.results.published", "result.type", "time_series"))
						.isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.results.published", "result.type", "multiple_time_series"))
						.isZero();

					Timer analysis = search(registry, "kosmos.mqtt.analysis.duration").tag("result.type", "text")
						.timer();
					assertThat(analysis.count()).isEqualTo(1);
					assertThat(analysis.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
						.containsExactly(0.5, 0.95);
					Timer endToEnd = search(registry, "kosmos.mqtt.trigger.duration").tag("result.type", "text")
						.timer();
					assertThat(endToEnd.count()).isEqualTo(1);
					assertThat(endToEnd.totalTime(TimeUnit.NANOSECONDS))
						.isGreaterThanOrEqualTo(analysis.totalTime(TimeUnit.NANOSECONDS));

					assertThat(search(registry, "kosmos.mqtt.connected").gauge().value()).isEqualTo(1.0);
					assertThat(search(registry, "kosmos.mqtt.executor.queued").gauge().value()).isZero();
					assertThat(search(registry, "kosmos.mqtt.executor.active").gauge()).isNotNull();
					assertThat(search(registry, "kosmos.mqtt.reconnects").functionCounter().count()).isZero();

					await().atMost(TIMEOUT).until(() -> sum(registry, "kosmos.mqtt.dead.letters") == 4);
					assertThat(count(registry, "kosmos.mqtt.dead.letters", "reason", "invalid-json")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.dead.letters", "reason", "schema-violation")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.dead.letters", "reason", "invalid-id")).isEqualTo(1);
					assertThat(count(registry, "kosmos.mqtt.dead.letters", "reason", "handler-exception"))
						.isEqualTo(1);
				});
		}
	}

	@Test
	void metricsTaggedWithModelNotContract() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("tags");
		try (MqttProbe mediator = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			ToolRunner.create(TestBroker.url(), modelUrl, this.handler)
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.run((context) -> {
					awaitAlive(context);
					mediator.publish("kosmos/analytics/" + modelUrl + "/v1", ToolRunner.resource(ToolRunner.GOOD_TRIGGER));
					mediator.next("kosmos/analyses/k2301", TIMEOUT);

					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(registry.getMeters()).filteredOn((meter) -> meter.getId().getName().startsWith("kosmos.mqtt."))
						.isNotEmpty()
						.allSatisfy((meter) -> {
							assertThat(meter.getId().getTag("model.url")).isEqualTo(modelUrl);
							assertThat(meter.getId().getTag("model.tag")).isEqualTo("v1");
							assertThat(meter.getId().getTags().toString()).doesNotContain("k2301");
						});
				});
		}
	}

	@Test
	void noMetricsWithoutMeterRegistry() {
		ToolRunner.create(TestBroker.url(), ToolRunner.uniqueModelUrl("nometrics"), this.handler)
			.run((context) -> assertThat(context).doesNotHaveBean(KosmosMqttMetrics.class));
	}

	@Test
	void percentileOutOfRangeFailsStartup() {
		ToolRunner.create(TestBroker.url(), ToolRunner.uniqueModelUrl("badpercentile"), this.handler)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("kosmos.mqtt.metrics.percentiles=0.5,95")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("kosmos.mqtt.metrics.percentiles[1] is 95.0");
			});
	}

	private static RequiredSearch search(MeterRegistry registry, String name) {
		return registry.get(name);
	}

	private static double count(MeterRegistry registry, String name) {
		return registry.get(name).counter().count();
	}

	private static double count(MeterRegistry registry, String name, String tag, String value) {
		return registry.get(name).tag(tag, value).counter().count();
	}

	private static double sum(MeterRegistry registry, String name) {
		return registry.get(name).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private static void awaitAlive(ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

}
