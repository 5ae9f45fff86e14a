package io.kosmos.mqtt.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.PersistentTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops and restarts a Mosquitto process that the test owns while the tool serves
 * triggers. Ignores {@code kosmos.test.broker}: these tests need a broker they can stop.
 */
@Tag("own-broker")
class BrokerRestartIntegrationTests {

	/**
	 * After a restart with triggers queued in the session, the renewed subscription can
	 * time out and the trigger connection then comes back only about 90 s later, once per
	 * restart (a known gap, noted where the trigger adapter is configured).
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(300);

	@TempDir
	Path persistence;

	private ApplicationContextRunner toolRunner(String brokerUrl, String modelUrl) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> ReliabilityFixtures.handler(0))
			.withPropertyValues("kosmos.mqtt.broker.url=" + brokerUrl, "kosmos.mqtt.broker.client-id=tool-" + modelUrl,
					"kosmos.mqtt.broker.persistence-directory=" + this.persistence,
					"kosmos.mqtt.broker.completion-timeout=10s", "kosmos.mqtt.executor.concurrency=4",
					"kosmos.mqtt.executor.shutdown-timeout=5s", "kosmos.mqtt.model.url=" + modelUrl,
					"kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=restart-tool",
					"kosmos.mqtt.result.temporary=false");
	}

	@Test
	void thousandTriggersSurviveTwoRestarts() throws Exception {
		String modelUrl = "restart-" + UUID.randomUUID().toString().substring(0, 8);
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		int count = 1000;
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient client = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#")) {
			toolRunner(broker.url(), modelUrl).run((context) -> {
				assertThat(context).hasNotFailed();
				ReconnectTracker tracker = context.getBean(ReconnectTracker.class);
				await().atMost(TIMEOUT).until(() -> tracker.connects() >= 1);
				Set<String> sent = new HashSet<>();

				for (int i = 0; i < count; i++) {
					String contract = "c" + i;
					client.publish(triggerTopic, ReliabilityFixtures.trigger(contract, "m1", "s" + (i % 10)), false);
					sent.add(contract);
					if (i == 333 || i == 666) {
						long connects = tracker.connects();
						broker.restart();
						// The second restart must hit a connected tool, not one still waiting to reconnect.
						await().atMost(TIMEOUT).until(() -> tracker.connects() > connects);
					}
				}

				await().atMost(TIMEOUT)
					.until(() -> ReliabilityFixtures.distinctContracts(client.received()).size() >= count);
				Set<String> results = ReliabilityFixtures.distinctContracts(client.received());
				long duplicates = ReliabilityFixtures.resultCount(client.received()) - results.size();
				System.out.println("Broker restart test: " + count + " triggers sent, " + results.size()
						+ " distinct results, " + duplicates + " duplicates, " + tracker.reconnects() + " reconnects");
				assertThat(results).isEqualTo(sent);
				assertThat(tracker.reconnects()).isGreaterThanOrEqualTo(2);
			});
		}
	}

	@Test
	void cleanSessionResubscribesAfterRestart() throws Exception {
		String modelUrl = "resubscribe-" + UUID.randomUUID().toString().substring(0, 8);
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient client = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#")) {
			toolRunner(broker.url(), modelUrl).withPropertyValues("kosmos.mqtt.broker.clean-session=true")
				.run((context) -> {
					ReconnectTracker tracker = context.getBean(ReconnectTracker.class);
					await().atMost(TIMEOUT).until(() -> tracker.connects() >= 1);
					client.publish(triggerTopic, ReliabilityFixtures.trigger("before", "m1", "s1"), false);
					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(client.received()).contains("before"));

					// A clean session loses the broker-side subscription: only a new SUBSCRIBE
					// after the reconnect lets the next trigger through.
					broker.restart();
					await().atMost(TIMEOUT).until(() -> tracker.reconnects() >= 1 && client.isConnected());
					client.publish(triggerTopic, ReliabilityFixtures.trigger("after", "m1", "s1"), false);

					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(client.received()).contains("after"));
				});
		}
	}

}
