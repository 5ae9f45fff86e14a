package io.kosmos.mqtt.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.Mqttv5Publisher;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.PersistentTestClient;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolClient;
import io.kosmos.mqtt.support.ToolRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs tools over MQTT 5, whatever protocol version the test run selects: against the
 * test broker, and, for the tests tagged {@code own-broker}, against a Mosquitto process
 * that the test starts and restarts.
 */
class Mqttv5IntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final String MQTT_5 = "kosmos.mqtt.broker.protocol-version=5";

	@TempDir
	Path persistence;

	@Test
	void triggerRoundTripsOverMqtt5() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("v5-roundtrip");
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			ToolRunner.create(TestBroker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withPropertyValues(MQTT_5)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean("kosmosMqttClientManager")).isInstanceOf(Mqttv5ClientManager.class);
					awaitAlive(context);

					probe.publish("kosmos/analytics/" + modelUrl + "/v1", ToolRunner.resource(ToolRunner.GOOD_TRIGGER));

					MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
					assertThat(result.payload()).contains("\"from\":\"" + modelUrl + "-tool\"");
					assertThat(result.qos()).isEqualTo(2);
				});
		}
	}

	@Test
	void publishBurstStaysWithinBrokerReceiveMaximum() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("v5-burst");
		String topic = "kosmos/burst-it/" + modelUrl;
		int count = 300;
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), topic)) {
			ToolRunner.create(TestBroker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withPropertyValues(MQTT_5)
				.run((context) -> {
					awaitAlive(context);
					MqttPublisher publisher = context.getBean(MqttPublisher.class);
					List<CompletableFuture<Void>> completions = new ArrayList<>();

					for (int i = 0; i < count; i++) {
						completions.add(publisher.publishAsync(topic, ("m" + i).getBytes(), 1, false));
					}

					CompletableFuture.allOf(completions.toArray(CompletableFuture[]::new))
						.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
					Set<String> received = new HashSet<>();
					for (int i = 0; i < count; i++) {
						received.add(probe.next(topic, TIMEOUT).payload());
					}
					assertThat(received).hasSize(count);
					// The embedded HiveMQ and Mosquitto both announce a Receive Maximum far
					// below the burst, so the publisher must have learned it.
					assertThat(((Mqttv5Publisher) publisher).window()).isLessThan(count);
				});
		}
	}

	@Test
	void lastWillPublishedOverMqtt5() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("v5-will");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), statusTopic)) {
			ToolRunner.create(TestBroker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withPropertyValues(MQTT_5, "kosmos.mqtt.topics.status=" + statusTopic,
						"kosmos.mqtt.broker.automatic-reconnect=false")
				.run((context) -> {
					awaitAlive(context);
					assertThat(probe.next(statusTopic, TIMEOUT).payload()).contains("\"starting\"");
					assertThat(probe.next(statusTopic, TIMEOUT).payload()).contains("\"alive\"");

					ToolClient.of(context).cutConnection();

					MqttProbe.Received will = probe.next(statusTopic, TIMEOUT);
					assertThat(will.payload())
						.isEqualTo("{\"body\":{\"from\":\"" + modelUrl + "-tool\",\"status\":\"error\"}}");
					assertThat(will.qos()).isEqualTo(1);
				});
		}
	}

	@Test
	@Tag("own-broker")
	void cleanStartResubscribesAfterBrokerRestart() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("v5-resubscribe");
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient mediator = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#")) {
			toolRunner(broker.url(), modelUrl).withPropertyValues("kosmos.mqtt.broker.clean-session=true")
				.run((context) -> {
					ReconnectTracker tracker = context.getBean(ReconnectTracker.class);
					awaitAlive(context);
					mediator.publish(triggerTopic, ReliabilityFixtures.trigger("before", "m1", "s1"), false);
					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(mediator.received()).contains("before"));

					// Clean start drops the broker-side subscription: only a new SUBSCRIBE
					// after the reconnect lets the next trigger through.
					broker.restart();
					await().atMost(TIMEOUT).until(() -> tracker.reconnects() >= 1 && mediator.isConnected());
					mediator.publish(triggerTopic, ReliabilityFixtures.trigger("after", "m1", "s1"), false);

					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(mediator.received()).contains("after"));
				});
		}
	}

	@Test
	@Tag("own-broker")
	void triggersQueuedWhileToolDownServedAfterRestart() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("v5-backlog");
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		int count = 200;
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient mediator = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#")) {
			// The first run leaves a session with the subscription, which the broker keeps
			// for session-expiry after the tool disconnects.
			toolRunner(broker.url(), modelUrl).run((context) -> {
				assertThat(context).hasNotFailed();
				awaitAlive(context);
			});
			Set<String> sent = new HashSet<>();
			for (int i = 0; i < count; i++) {
				String contract = "q" + i;
				mediator.publish(triggerTopic, ReliabilityFixtures.trigger(contract, "m1", "s" + (i % 10)), false);
				sent.add(contract);
			}

			toolRunner(broker.url(), modelUrl).run((context) -> {
				assertThat(context).hasNotFailed();
				await().atMost(TIMEOUT)
					.until(() -> ReliabilityFixtures.distinctContracts(mediator.received()).size() >= count);
				Set<String> results = ReliabilityFixtures.distinctContracts(mediator.received());
				System.out.println("MQTT 5 backlog test: " + count + " triggers queued while the tool was down, "
						+ results.size() + " distinct results after the restart, "
						+ (ReliabilityFixtures.resultCount(mediator.received()) - results.size()) + " duplicates");
				assertThat(results).isEqualTo(sent);
			});
		}
	}

	private ApplicationContextRunner toolRunner(String brokerUrl, String modelUrl) {
		AnalysisHandler handler = ReliabilityFixtures.handler(0);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> handler)
			.withPropertyValues(MQTT_5, "kosmos.mqtt.broker.url=" + brokerUrl,
					"kosmos.mqtt.broker.client-id=tool-" + modelUrl,
					"kosmos.mqtt.broker.persistence-directory=" + this.persistence,
					"kosmos.mqtt.broker.completion-timeout=10s", "kosmos.mqtt.executor.concurrency=4",
					"kosmos.mqtt.executor.shutdown-timeout=5s", "kosmos.mqtt.model.url=" + modelUrl,
					"kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=v5-tool", "kosmos.mqtt.result.temporary=false");
	}

	private static void awaitAlive(ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

}
