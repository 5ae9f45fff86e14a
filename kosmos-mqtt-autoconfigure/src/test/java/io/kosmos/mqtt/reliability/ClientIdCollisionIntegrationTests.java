package io.kosmos.mqtt.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolClient;
import io.kosmos.mqtt.support.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two tools configured with the same client id: the one that connected later stops, the
 * other keeps the connection and goes on serving. On one host, the file persistence lock
 * makes the second tool fail at startup.
 */
class ClientIdCollisionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** Up to 14 short reconnects of one to eight seconds each. */
	private static final Duration EVICTION_LOOP_TIMEOUT = Duration.ofSeconds(150);

	@TempDir
	Path persistenceDirectory;

	private ApplicationContextRunner tool(String modelUrl, String clientId) {
		return ToolRunner.create(TestBroker.url(), modelUrl, ReliabilityFixtures.handler(0))
			.withPropertyValues("kosmos.mqtt.broker.client-id=" + clientId, "kosmos.mqtt.broker.persistence=memory",
					"kosmos.mqtt.broker.clean-session=false");
	}

	@Test
	void laterInstanceStopsAndFirstKeepsServing() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("collision");
		String clientId = "it-collision-" + UUID.randomUUID();
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			tool(modelUrl, clientId).run((first) -> {
				assertThat(first).hasNotFailed();
				awaitAlive(first);
				// The first tool counts as the established one only once its connection has
				// outlived the connections of an eviction loop (20 s).
				ReconnectTracker firstTracker = first.getBean(ReconnectTracker.class);
				await().atMost(Duration.ofSeconds(40))
					.until(() -> firstTracker.connectionAge().compareTo(Duration.ofSeconds(21)) > 0);

				tool(modelUrl, clientId).run((second) -> {
					assertThat(second).hasNotFailed();
					ReconnectTracker secondTracker = second.getBean(ReconnectTracker.class);
					await().atMost(EVICTION_LOOP_TIMEOUT).until(secondTracker::evictionLoopDetected);
					await().atMost(TIMEOUT).until(() -> !second.getSourceApplicationContext().isActive());
				});

				assertThat(firstTracker.evictionLoopDetected()).isFalse();
				assertThat(first.getSourceApplicationContext().isActive()).isTrue();
				assertThat(firstTracker.reconnects()).isPositive();
				ToolClient firstClient = ToolClient.of(first);
				await().atMost(TIMEOUT).until(firstClient::isConnected);
				probe.publish("kosmos/analytics/" + modelUrl + "/v1",
						ReliabilityFixtures.trigger("after-collision", "conveyor-3", "belt-motor"));
				MqttProbe.Received result = probe.next("kosmos/analyses/after-collision", TIMEOUT);
				assertThat(result.payload()).contains("\"from\":\"" + modelUrl + "-tool\"");
			});
		}
	}

	@Test
	void secondToolOnHostFailsStartup() {
		String modelUrl = ToolRunner.uniqueModelUrl("lock");
		String clientId = "it-lock-" + UUID.randomUUID();
		ApplicationContextRunner fileTool = ToolRunner.create(TestBroker.url(), modelUrl, ReliabilityFixtures.handler(0))
			.withPropertyValues("kosmos.mqtt.broker.client-id=" + clientId, "kosmos.mqtt.broker.persistence=file",
					"kosmos.mqtt.broker.persistence-directory=" + this.persistenceDirectory);

		fileTool.run((first) -> {
			assertThat(first).hasNotFailed();
			awaitAlive(first);

			fileTool.run((second) -> {
				assertThat(second).hasFailed();
				assertThat(second.getStartupFailure()).rootCause()
					.hasMessageContaining("MQTT client id '" + clientId + "' is already in use by another tool on this host")
					.hasMessageContaining("kosmos.mqtt.broker.client-id");
			});

			assertThat(first.getBean(ReconnectTracker.class).reconnects()).isZero();
		});
	}

	private static void awaitAlive(ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

}
