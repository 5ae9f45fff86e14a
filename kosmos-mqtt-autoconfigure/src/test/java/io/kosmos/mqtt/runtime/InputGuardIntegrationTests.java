package io.kosmos.mqtt.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kosmos.mqtt.config.EmbeddedBrokerAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends one trigger per input guard through a real broker, then a good one: every bad
 * trigger is rejected with its own reason before the handler runs, and the good one is
 * served.
 */
class InputGuardIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<String> handledContracts = new CopyOnWriteArrayList<>();

	private final List<RejectionReason> rejections = new CopyOnWriteArrayList<>();

	private final AnalysisHandler recordingHandler = (request) -> {
		this.handledContracts.add(request.contract());
		return AnalysisResult.timeSeries(Table.create("echo", StringColumn.create("contract", request.contract())));
	};

	private final TriggerListener rejectionRecorder = new TriggerListener() {

		@Override
		public void triggerRejected(ReceivedTrigger received, InvalidTriggerException error) {
			InputGuardIntegrationTests.this.rejections.add(error.getReason());
		}

	};

	@Test
	void everyGuardRejectsAndNextTriggerServed() throws Exception {
		String modelUrl = "guards-" + UUID.randomUUID().toString().substring(0, 8);
		String good = fixture();
		List<Map.Entry<RejectionReason, String>> badTriggers = List.of(
				Map.entry(RejectionReason.INVALID_ID, good.replace("\"k2301\"", "\"k2301/other\"")),
				Map.entry(RejectionReason.INVALID_ID, good.replace("\"belt-motor\"", "\"\"")),
				Map.entry(RejectionReason.TOO_LARGE, good + " ".repeat(4000)),
				Map.entry(RejectionReason.NESTING_TOO_DEEP, good.replace("\"PT1H\"", "[".repeat(40) + "]".repeat(40))),
				Map.entry(RejectionReason.NUMBER_TOO_LONG, good.replace("\"3.5\"", "\"3." + "5".repeat(40) + "\"")),
				Map.entry(RejectionReason.STRING_TOO_LONG, good.replace("\"running\"", "\"" + "r".repeat(600) + "\"")),
				Map.entry(RejectionReason.TOO_MANY_ROWS, good.replace("\"3.5\"", "\"3.5\", \"3.5\"")
					.replace("\"2023-11-02T14:00:00Z\"", "\"2023-11-02T14:00:00Z\", \"2023-11-02T14:00:00Z\"")
					.replace("\"Störung\"", "\"Störung\", \"x\"")));
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl).withPropertyValues("kosmos.mqtt.limits.max-trigger-size=" + (good.length() + 2000) + "B",
					"kosmos.mqtt.limits.max-nesting-depth=20", "kosmos.mqtt.limits.max-number-length=30",
					"kosmos.mqtt.limits.max-string-length=500", "kosmos.mqtt.limits.max-rows=5")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					awaitAlive(context);
					String topic = "kosmos/analytics/" + modelUrl + "/v1";

					for (Map.Entry<RejectionReason, String> bad : badTriggers) {
						probe.publish(topic, bad.getValue().getBytes(StandardCharsets.UTF_8));
					}
					probe.publish(topic, good.getBytes(StandardCharsets.UTF_8));

					MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
					assertThat(result.payload()).contains("\"k2301\"");
					await().atMost(TIMEOUT).until(() -> this.rejections.size() == badTriggers.size());
					assertThat(this.rejections)
						.containsExactlyInAnyOrderElementsOf(badTriggers.stream().map(Map.Entry::getKey).toList());
					assertThat(this.handledContracts).containsExactly("k2301");
					TriggerStatistics statistics = context.getBean(TriggerStatistics.class);
					await().atMost(TIMEOUT).until(() -> statistics.processed() == 1);
					assertThat(statistics.rejected()).isEqualTo(badTriggers.size());
				});
		}
	}

	@Test
	void tooManyColumnsRejectedAndNextServed() throws Exception {
		String modelUrl = "columns-" + UUID.randomUUID().toString().substring(0, 8);
		String good = fixture();
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl).withPropertyValues("kosmos.mqtt.limits.max-columns=2").run((context) -> {
				awaitAlive(context);
				String topic = "kosmos/analytics/" + modelUrl + "/v1";

				probe.publish(topic, good.getBytes(StandardCharsets.UTF_8));
				probe.publish(topic, twoColumns(good).getBytes(StandardCharsets.UTF_8));

				MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
				assertThat(result.payload()).contains("\"k2301\"");
				await().atMost(TIMEOUT).until(() -> this.rejections.size() == 1);
				assertThat(this.rejections).containsExactly(RejectionReason.TOO_MANY_COLUMNS);
				assertThat(this.handledContracts).containsExactly("k2301");
			});
		}
	}

	/** Drops the "state" column, so that the trigger fits a limit of two columns. */
	private static String twoColumns(String trigger) {
		return trigger.replaceAll(",\\s*\\{ \"name\": \"state\"[^}]*\\} \\}", "")
			.replaceAll(",\\s*\\[\"running\"[^\\]]*\\]", "");
	}

	private ApplicationContextRunner toolRunner(String modelUrl) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
					EmbeddedBrokerAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> this.recordingHandler)
			.withBean("rejectionRecorder", TriggerListener.class, () -> this.rejectionRecorder)
			.withPropertyValues("kosmos.mqtt.broker.url=" + TestBroker.url(),
					"kosmos.mqtt.broker.client-id=it-" + UUID.randomUUID(), "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.model.url=" + modelUrl, "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.model.from=guard-tool", "kosmos.mqtt.result.temporary=false");
	}

	private static void awaitAlive(ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

	private static String fixture() throws IOException {
		try (InputStream in = InputGuardIntegrationTests.class.getClassLoader()
			.getResourceAsStream("triggers/conveyor-trigger.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
