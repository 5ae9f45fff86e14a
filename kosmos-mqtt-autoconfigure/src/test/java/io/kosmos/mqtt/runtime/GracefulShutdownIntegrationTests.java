package io.kosmos.mqtt.runtime;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.SlowToolMain;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown with analyses still running, on context close and on SIGTERM: every result is
 * published before {@code shutting down}.
 *
 * <p>Status messages go at QoS 2 here, like results, because MQTT orders messages only
 * within one topic and QoS: the broker may deliver a QoS 1 status before QoS 2 results
 * that the tool published earlier.
 */
class GracefulShutdownIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int TRIGGERS = 20;

	/** Takes 500 ms per trigger: the analysis workload, not a wait for another thread. */
	private final AnalysisHandler slowHandler = (request) -> {
		Thread.sleep(500);
		return AnalysisResult.text("done " + request.contract(), 1.0);
	};

	@Test
	void contextCloseWaitsForRunningAnalyses() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("drain");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		String resultBase = "kosmos/drain-it/" + modelUrl + "/";
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), statusTopic, resultBase + "#")) {
			ToolRunner.create(TestBroker.url(), modelUrl, this.slowHandler)
				.withPropertyValues("kosmos.mqtt.topics.status=" + statusTopic,
						"kosmos.mqtt.topics.result-base=" + resultBase, "kosmos.mqtt.executor.concurrency=4",
						"kosmos.mqtt.status.qos=2",
						"kosmos.mqtt.executor.shutdown-timeout=60s")
				.run((context) -> {
					StatusPublisher status = context.getBean(StatusPublisher.class);
					await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
					for (int i = 0; i < TRIGGERS; i++) {
						probe.publish("kosmos/analytics/" + modelUrl + "/v1", trigger("c" + i));
					}
					TriggerStatistics statistics = context.getBean(TriggerStatistics.class);
					await().atMost(TIMEOUT).until(() -> statistics.received() == TRIGGERS);
					// At 4 analyses of 500 ms at a time, most of the 20 are still queued or
					// running when the context closes here.
					assertThat(statistics.processed()).isLessThan(TRIGGERS);
				});

			List<String> order = messagesUntilShuttingDown(probe, statusTopic);
			Set<String> results = new TreeSet<>();
			for (String topic : order) {
				if (topic.startsWith(resultBase)) {
					results.add(topic.substring(resultBase.length()));
				}
			}
			assertThat(results).hasSize(TRIGGERS);
			assertThat(order.get(order.size() - 1)).isEqualTo(statusTopic + " shutting down");
		}
	}

	@Test
	void sigtermWaitsForRunningAnalyses() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("sigterm");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		String resultBase = "kosmos/sigterm-it/" + modelUrl + "/";
		int triggers = 6;
		Path output = Files.createTempFile("slow-tool", ".log");
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), statusTopic, resultBase + "#")) {
			Process tool = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
					SlowToolMain.class.getName(), "--kosmos.mqtt.broker.url=" + TestBroker.url(),
					TestBroker.protocolVersionArgument(),
					"--kosmos.mqtt.broker.client-id=it-" + modelUrl, "--kosmos.mqtt.broker.clean-session=true",
					"--kosmos.mqtt.model.url=" + modelUrl, "--kosmos.mqtt.model.tag=v1",
					"--kosmos.mqtt.model.from=" + modelUrl + "-tool", "--kosmos.mqtt.result.temporary=false",
					"--kosmos.mqtt.topics.status=" + statusTopic, "--kosmos.mqtt.topics.result-base=" + resultBase,
					"--kosmos.mqtt.executor.concurrency=" + triggers, "--slow-tool.analysis-time=2s",
					"--kosmos.mqtt.status.qos=2", "--logging.level.io.kosmos.mqtt.runtime.TriggerProcessor=DEBUG")
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			try {
				await().atMost(TIMEOUT).until(() -> Files.readString(output).contains("Published status 'alive'"));
				for (int i = 0; i < triggers; i++) {
					probe.publish("kosmos/analytics/" + modelUrl + "/v1", trigger("s" + i));
				}
				await().atMost(TIMEOUT)
					.until(() -> Files.readString(output).split(SlowToolMain.STARTED, -1).length - 1 == triggers);

				tool.destroy(); // SIGTERM on Linux and macOS

				assertThat(tool.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				assertThat(tool.exitValue()).isEqualTo(143);
			}
			finally {
				if (tool.isAlive()) {
					tool.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
				}
			}

			List<String> order = messagesUntilShuttingDown(probe, statusTopic);
			assertThat(order).filteredOn((entry) -> entry.startsWith(resultBase)).hasSize(triggers);
			assertThat(order.get(order.size() - 1)).isEqualTo(statusTopic + " shutting down");
			String log = Files.readString(output);
			int shuttingDown = log.indexOf("Published status 'shutting down'");
			assertThat(shuttingDown).isPositive();
			for (int i = 0; i < triggers; i++) {
				int published = log.indexOf("for contract 's" + i + "' to '" + resultBase + "s" + i + "'");
				assertThat(published).as("log position of the result of s" + i).isPositive().isLessThan(shuttingDown);
			}
			// Some analyses may have finished before the signal, so the count is not fixed.
			assertThat(log).containsPattern("Waiting up to 30000 ms for [1-" + triggers + "] running analyses");
			assertThat(log).doesNotContain("Shutdown timeout");
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/**
	 * Returns the topics of the messages the probe received, in order, up to and including
	 * the status {@code shutting down}; status messages carry their status.
	 */
	private static List<String> messagesUntilShuttingDown(MqttProbe probe, String statusTopic)
			throws InterruptedException {
		List<String> order = new ArrayList<>();
		while (true) {
			MqttProbe.Received message = probe.next(TIMEOUT);
			if (message.topic().equals(statusTopic)) {
				String status = message.payload().replaceAll(".*\"status\":\"([^\"]*)\".*", "$1");
				order.add(statusTopic + " " + status);
				if (status.equals("shutting down")) {
					return order;
				}
			}
			else {
				order.add(message.topic());
			}
		}
	}

	private static byte[] trigger(String contract) throws Exception {
		String good = new String(ToolRunner.resource(ToolRunner.GOOD_TRIGGER), StandardCharsets.UTF_8);
		return good.replace("k2301", contract).getBytes(StandardCharsets.UTF_8);
	}

	private static String javaExecutable() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

}
