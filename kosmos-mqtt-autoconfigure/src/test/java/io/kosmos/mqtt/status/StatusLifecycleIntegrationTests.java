package io.kosmos.mqtt.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kosmos.mqtt.runtime.MqttConnectionMonitor;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolClient;
import io.kosmos.mqtt.support.ToolRunner;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status messages and the last will of a tool on a real broker. Each test uses its
 * own status topic, so retained messages of other tests do not get in the way.
 */
class StatusLifecycleIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void statusFollowsStartBadGoodStop() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("status");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		// Two probes, because MqttProbe.next drops messages on other topics.
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), statusTopic);
				MqttProbe mediator = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			ToolRunner.create(TestBroker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withPropertyValues("kosmos.mqtt.topics.status=" + statusTopic)
				.run((context) -> {
					awaitAlive(context);
					String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";

					mediator.publish(triggerTopic, "not json".getBytes(StandardCharsets.UTF_8));
					await().atMost(TIMEOUT).until(() -> statusOf(context) == ToolStatus.ERROR);
					mediator.publish(triggerTopic, ToolRunner.resource(ToolRunner.GOOD_TRIGGER));
					mediator.next("kosmos/analyses/k2301", TIMEOUT);
					await().atMost(TIMEOUT).until(() -> statusOf(context) == ToolStatus.ALIVE);
				});

			MqttProbe.Received starting = probe.next(statusTopic, TIMEOUT);
			assertThat(starting.payload()).isEqualTo(expected(modelUrl, "starting"));
			assertThat(starting.qos()).isEqualTo(1);
			assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "alive"));
			assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "error"));
			assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "alive"));
			assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "shutting down"));
		}
		try (MqttProbe late = new MqttProbe(TestBroker.url(), statusTopic)) {
			MqttProbe.Received retained = late.next(statusTopic, TIMEOUT);
			assertThat(retained.retained()).isTrue();
			assertThat(retained.payload()).isEqualTo(expected(modelUrl, "shutting down"));
		}
	}

	@Test
	void lastWillPublishedWhenConnectionCut() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("will");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), statusTopic)) {
			ToolRunner.create(TestBroker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withPropertyValues("kosmos.mqtt.topics.status=" + statusTopic)
				.run((context) -> {
					awaitAlive(context);
					assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "starting"));
					assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "alive"));

					// Closes the socket without a DISCONNECT packet, as a crash or a cut cable
					// would; the broker then publishes the will.
					ToolClient.of(context).cutConnection();

					MqttProbe.Received will = probe.next(statusTopic, TIMEOUT);
					assertThat(will.payload()).isEqualTo(expected(modelUrl, "error"));
					assertThat(will.qos()).isEqualTo(1);
				});
		}
		try (MqttProbe late = new MqttProbe(TestBroker.url(), statusTopic)) {
			MqttProbe.Received retained = late.next(statusTopic, TIMEOUT);
			assertThat(retained.retained()).isTrue();
			assertThat(retained.payload()).isEqualTo(expected(modelUrl, "error"));
		}
	}

	@Test
	void aliveRepublishedAfterReconnect() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("reconnect");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		String clientId = "it-reconnect-" + modelUrl;
		List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
		ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessRecorder = (event) -> readiness
			.add(event.getState());
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), statusTopic)) {
			ToolRunner.create(TestBroker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withPropertyValues("kosmos.mqtt.topics.status=" + statusTopic,
						"kosmos.mqtt.broker.client-id=" + clientId)
				.withBean("readinessRecorder", ApplicationListener.class, () -> readinessRecorder)
				.run((context) -> {
					awaitAlive(context);
					assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "starting"));
					assertThat(probe.next(statusTopic, TIMEOUT).payload()).isEqualTo(expected(modelUrl, "alive"));

					// A second connection with the tool's client id makes the broker drop the
					// tool's connection. It leaves a retained "error", as the will would, and
					// goes away before the tool reconnects a second later.
					MqttClient intruder = new MqttClient(TestBroker.url(), clientId, new MemoryPersistence());
					MqttConnectOptions options = new MqttConnectOptions();
					options.setCleanSession(true);
					intruder.connect(options);
					intruder.publish(statusTopic, expected(modelUrl, "error").getBytes(StandardCharsets.UTF_8), 1,
							true);
					intruder.disconnect();
					intruder.close();

					String next = probe.next(statusTopic, TIMEOUT).payload();
					if (next.equals(expected(modelUrl, "error"))) {
						// The broker may also have published the will: skip repeated errors.
						next = probe.next(statusTopic, TIMEOUT).payload();
					}
					if (next.equals(expected(modelUrl, "error"))) {
						next = probe.next(statusTopic, TIMEOUT).payload();
					}
					assertThat(next).isEqualTo(expected(modelUrl, "alive"));

					MqttConnectionMonitor monitor = context.getBean(MqttConnectionMonitor.class);
					await().atMost(TIMEOUT).until(monitor::isServing);
					assertThat(monitor.lastFailure()).isNotNull();
					await().atMost(TIMEOUT).until(() -> readiness.contains(ReadinessState.ACCEPTING_TRAFFIC));
					assertThat(readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC,
							ReadinessState.ACCEPTING_TRAFFIC);

					try (MqttProbe late = new MqttProbe(TestBroker.url(), statusTopic)) {
						MqttProbe.Received retained = late.next(statusTopic, TIMEOUT);
						assertThat(retained.retained()).isTrue();
						assertThat(retained.payload()).isEqualTo(expected(modelUrl, "alive"));
					}
				});
		}
	}

	private static String expected(String modelUrl, String status) {
		return "{\"body\":{\"from\":\"" + modelUrl + "-tool\",\"status\":\"" + status + "\"}}";
	}

	private static ToolStatus statusOf(ApplicationContext context) {
		return context.getBean(StatusPublisher.class).currentStatus();
	}

	private static void awaitAlive(ApplicationContext context) {
		await().atMost(TIMEOUT).until(() -> statusOf(context) == ToolStatus.ALIVE);
	}

}
