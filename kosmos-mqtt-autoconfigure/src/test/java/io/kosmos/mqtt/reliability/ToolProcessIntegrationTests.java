package io.kosmos.mqtt.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.PersistentTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the tool as a separate JVM against a Mosquitto process the test owns, to kill it
 * and to bound its heap. Ignores {@code kosmos.test.broker}.
 */
@Tag("own-broker")
class ToolProcessIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(180);

	@TempDir
	Path folder;

	private List<String> toolArguments(String brokerUrl, String modelUrl, int concurrency, long handlerMillis) {
		return List.of("--kosmos.mqtt.broker.url=" + brokerUrl, "--kosmos.mqtt.broker.client-id=tool-" + modelUrl,
				"--kosmos.mqtt.broker.persistence-directory=" + this.folder.resolve("paho"),
				"--kosmos.mqtt.executor.concurrency=" + concurrency, "--kosmos.mqtt.executor.shutdown-timeout=5s",
				"--kosmos.mqtt.model.url=" + modelUrl, "--kosmos.mqtt.model.tag=v1",
				"--kosmos.mqtt.model.from=process-tool", "--kosmos.mqtt.result.temporary=false",
				"--reliability.handler-millis=" + handlerMillis, "--spring.main.banner-mode=off");
	}

	@Test
	void killedToolServesEveryTriggerAfterRestart() throws Exception {
		String modelUrl = "kill-" + UUID.randomUUID().toString().substring(0, 8);
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		Set<String> sent = new TreeSet<>();
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient client = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#", "kosmos/status")) {
			List<String> arguments = toolArguments(broker.url(), modelUrl, 4, 20);
			Path log = Path.of("target", "reliability-" + modelUrl + ".log");
			try (ToolProcess first = ToolProcess.start(log, "256m", arguments)) {
				awaitAlive(client, first);
				publish(client, triggerTopic, "before", 300, sent);
				await().atMost(TIMEOUT).until(() -> ReliabilityFixtures.distinctContracts(client.received()).size() >= 50);

				first.kill();
				int beforeKill = ReliabilityFixtures.distinctContracts(client.received()).size();
				publish(client, triggerTopic, "during", 300, sent);

				try (ToolProcess second = ToolProcess.start(log, "256m", arguments)) {
					publish(client, triggerTopic, "after", 300, sent);
					await().atMost(TIMEOUT).until(
							() -> ReliabilityFixtures.distinctContracts(client.received()).containsAll(sent));
					Set<String> results = ReliabilityFixtures.distinctContracts(client.received());
					long duplicates = ReliabilityFixtures.resultCount(client.received()) - results.size();
					System.out.println("SIGKILL test: " + sent.size() + " QoS 2 triggers sent, " + beforeKill
							+ " results before the kill, " + results.size() + " distinct results, " + duplicates
							+ " duplicates");
					assertThat(results).isEqualTo(sent);
					assertThat(second.isAlive()).as("second tool JVM alive; output:%n%s", second.output()).isTrue();
				}
			}
		}
	}

	@Test
	void tenThousandSlowTriggersWithSmallHeap() throws Exception {
		String modelUrl = "flood-" + UUID.randomUUID().toString().substring(0, 8);
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		Set<String> sent = new TreeSet<>();
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient client = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#", "kosmos/status")) {
			// 10,000 triggers at 20 ms each on 8 workers take at least 25 s. The tool's heap
			// is capped at 96 MB and it exits on OutOfMemoryError, so the bound holds when it
			// is still alive at the end.
			try (ToolProcess tool = ToolProcess.start(Path.of("target", "reliability-" + modelUrl + ".log"), "96m",
					toolArguments(broker.url(), modelUrl, 8, 20))) {
				awaitAlive(client, tool);
				publish(client, triggerTopic, "flood", 10_000, sent);
				await().atMost(TIMEOUT)
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> !tool.isAlive()
							|| ReliabilityFixtures.distinctContracts(client.received()).size() >= sent.size());

				assertThat(tool.isAlive()).as("tool JVM alive; output:%n%s", tool.output()).isTrue();
				Set<String> results = ReliabilityFixtures.distinctContracts(client.received());
				long duplicates = ReliabilityFixtures.resultCount(client.received()) - results.size();
				System.out.println("Flood test: " + sent.size() + " triggers, " + results.size() + " distinct results, "
						+ duplicates + " duplicates, tool heap -Xmx96m");
				assertThat(results).isEqualTo(sent);
			}
		}
	}

	/** Waits for the first start's subscription: before it the broker has no session to queue triggers in. */
	private static void awaitAlive(PersistentTestClient client, ToolProcess tool) {
		await().atMost(TIMEOUT)
			.until(() -> !tool.isAlive() || client.received()
				.stream()
				.anyMatch((message) -> message.topic().equals("kosmos/status") && message.payload().contains("alive")));
		assertThat(tool.isAlive()).as("tool JVM alive; output:%n%s", tool.output()).isTrue();
	}

	private static void publish(PersistentTestClient client, String topic, String prefix, int count, Set<String> sent)
			throws InterruptedException {
		for (int i = 0; i < count; i++) {
			String contract = prefix + "-" + i;
			client.publish(topic, ReliabilityFixtures.trigger(contract, "m1", "s" + (i % 16)), false, 2);
			sent.add(contract);
		}
	}

}
