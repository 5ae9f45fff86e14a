package io.kosmos.mqtt.reliability;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kosmos.mqtt.runtime.MqttResultConnection;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.PersistentTestClient;
import io.kosmos.mqtt.support.ToolRunner;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of triggers published much faster than the tool publishes their results, on a Mosquitto
 * process that the test owns with {@code max_inflight_messages 1000} and
 * {@code max_queued_messages 100000}. With Mosquitto's default queue of 1000 messages per
 * client, the broker drops the triggers that a tool holding back cannot take in time.
 *
 * <p>Mosquitto 2.0.11 sends up to a further in-flight window of queued messages after
 * every acknowledgement, so the tool receives far more triggers than the window. Results
 * go over their own connection, and every trigger stays counted against
 * {@code concurrency + queue-capacity} until its result is acknowledged, so the tool never
 * holds more than that, wherever the broker's acknowledgements are.
 */
@Tag("own-broker")
class ResultConnectionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private static final int CONCURRENCY = 2;

	private static final int QUEUE_CAPACITY = 20;

	@Test
	void burstStaysWithinHeldLimit() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("burst");
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		int count = 3000;
		// Results are read by a client that publishes nothing, so that it acknowledges them
		// faster than the tool sends them. Otherwise the broker's queue for it (1000
		// messages by default in Mosquitto) overflows and drops results.
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient mediator = new PersistentTestClient(broker.url(), "mediator-" + modelUrl);
				PersistentTestClient resultReader = new PersistentTestClient(broker.url(), "reader-" + modelUrl,
						"kosmos/analyses/#")) {
			ToolRunner.create(broker.url(), modelUrl, ReliabilityFixtures.handler(0))
				.withPropertyValues("kosmos.mqtt.qos=1", "kosmos.mqtt.executor.concurrency=" + CONCURRENCY,
						"kosmos.mqtt.executor.queue-capacity=" + QUEUE_CAPACITY)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MqttResultConnection results = context.getBean(MqttResultConnection.class);
					assertThat(results.isSeparate()).isTrue();
					StatusPublisher status = context.getBean(StatusPublisher.class);
					await().atMost(TIMEOUT)
						.until(() -> status.currentStatus() == ToolStatus.ALIVE && results.isConnected());
					TriggerDispatcher dispatcher = context.getBean(TriggerDispatcher.class);
					AtomicInteger maxHeld = new AtomicInteger();
					AtomicInteger maxUnacknowledged = new AtomicInteger();
					ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
					sampler.scheduleAtFixedRate(() -> {
						maxHeld.accumulateAndGet(dispatcher.heldTriggers(), Math::max);
						maxUnacknowledged.accumulateAndGet(dispatcher.pendingAcknowledgements(), Math::max);
					}, 0, 1, TimeUnit.MILLISECONDS);
					try {
						Set<String> sent = new HashSet<>();
						for (int i = 0; i < count; i++) {
							String contract = "b" + i;
							mediator.publish(triggerTopic, ReliabilityFixtures.trigger(contract, "m1", "s" + (i % 10)),
									false);
							sent.add(contract);
						}

						await().atMost(TIMEOUT)
							.until(() -> ReliabilityFixtures.distinctContracts(resultReader.received()).size() >= count);
						assertThat(ReliabilityFixtures.distinctContracts(resultReader.received())).isEqualTo(sent);
					}
					finally {
						sampler.shutdownNow();
					}
					System.out.println("Burst of " + count + " triggers: at most " + maxHeld.get() + " held and "
							+ maxUnacknowledged.get() + " waiting for the broker");
					assertThat(maxHeld.get()).isLessThanOrEqualTo(CONCURRENCY + QUEUE_CAPACITY);
					assertThat(maxUnacknowledged.get()).isLessThanOrEqualTo(CONCURRENCY + QUEUE_CAPACITY);
				});
		}
	}


	@Test
	void resultsSurviveLossOfResultConnection() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("result-loss");
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		int count = 1000;
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient mediator = new PersistentTestClient(broker.url(), "mediator-" + modelUrl);
				PersistentTestClient resultReader = new PersistentTestClient(broker.url(), "reader-" + modelUrl,
						"kosmos/analyses/#")) {
			ToolRunner.create(broker.url(), modelUrl, ReliabilityFixtures.handler(1))
				.withPropertyValues("kosmos.mqtt.qos=1", "kosmos.mqtt.broker.completion-timeout=60s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MqttResultConnection results = context.getBean(MqttResultConnection.class);
					ReconnectTracker triggerConnection = context.getBean(ReconnectTracker.class);
					StatusPublisher status = context.getBean(StatusPublisher.class);
					await().atMost(TIMEOUT)
						.until(() -> status.currentStatus() == ToolStatus.ALIVE && results.isConnected());
					Set<String> sent = new HashSet<>();

					for (int i = 0; i < count; i++) {
						String contract = "r" + i;
						mediator.publish(triggerTopic, ReliabilityFixtures.trigger(contract, "m1", "s" + (i % 10)),
								false);
						sent.add(contract);
						if (i == count / 2) {
							// A client with the same id makes the broker close the tool's result
							// connection while results are in flight.
							takeOver(broker.url(), results.clientId());
						}
					}

					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(resultReader.received()).size() >= count);
					assertThat(ReliabilityFixtures.distinctContracts(resultReader.received())).isEqualTo(sent);
					// Only the result connection was lost: no trigger came again through a
					// reconnect of the trigger connection.
					assertThat(triggerConnection.reconnects()).isZero();
				});
		}
	}

	private static void takeOver(String brokerUrl, String clientId) throws MqttException {
		MqttAsyncClient intruder = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(false);
		intruder.connect(options).waitForCompletion(10_000);
		intruder.disconnect().waitForCompletion(10_000);
		intruder.close();
	}

}
