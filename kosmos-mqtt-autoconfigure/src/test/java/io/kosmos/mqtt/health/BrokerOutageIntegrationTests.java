package io.kosmos.mqtt.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.ToolRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health indicator, readiness and status while the broker goes away and comes back.
 * The test runs its own Mosquitto process, so it ignores {@code kosmos.test.broker}; it is
 * skipped when {@code mosquitto} is not on the PATH.
 */
@Tag("own-broker")
class BrokerOutageIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@Test
	void healthDownDuringOutageUpAfter() throws Exception {
		String modelUrl = ToolRunner.uniqueModelUrl("outage");
		String statusTopic = "kosmos/status-it/" + modelUrl;
		try (MosquittoBroker broker = MosquittoBroker.start()) {
			ToolRunner.create(broker.url(), modelUrl, ToolRunner.rowCountHandler())
				.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withPropertyValues("kosmos.mqtt.topics.status=" + statusTopic)
				.run((context) -> {
					awaitAlive(context);
					HealthIndicator health = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
						.getContributor("kosmos-mqtt");
					assertThat(health).isNotNull();
					assertThat(health.health().getStatus()).isEqualTo(Status.UP);
					ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(registry.get("kosmos.mqtt.connected").gauge().value()).isEqualTo(1.0);

					broker.stop();

					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.DOWN));
					Health down = health.health();
					assertThat(down.getDetails()).containsEntry("reason", "Not connected to the MQTT broker");
					assertThat(down.getDetails()).containsEntry("broker", "[" + broker.url() + "]");
					assertThat(down.getDetails()).containsKey("lastFailureCause");
					assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
					// The runner publishes no liveness state; the tool must not publish one either.
					assertThat(availability.getLastChangeEvent(LivenessState.class)).isNull();
					assertThat(registry.get("kosmos.mqtt.connected").gauge().value()).isZero();

					broker.restart();

					await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));
					assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
					assertThat(registry.get("kosmos.mqtt.connected").gauge().value()).isEqualTo(1.0);
					// The client counts as connected before its connect callbacks run, and the
					// tracker that counts reconnects is one of them.
					await().atMost(TIMEOUT)
						.until(() -> registry.get("kosmos.mqtt.reconnects").functionCounter().count() >= 1.0);
					assertThat(registry.get("kosmos.mqtt.client-id.eviction-loops").functionCounter().count()).isZero();
					// The restarted broker kept no retained messages: the tool publishes its
					// status again after reconnecting.
					try (MqttProbe late = new MqttProbe(broker.url(), statusTopic)) {
						MqttProbe.Received retained = late.next(statusTopic, TIMEOUT);
						assertThat(retained.retained()).isTrue();
						assertThat(retained.payload()).contains("\"status\":\"alive\"");
					}
				});
		}
	}

	@Test
	void healthIndicatorDisabledByProperty() throws Exception {
		try (MosquittoBroker broker = MosquittoBroker.start()) {
			ToolRunner.create(broker.url(), ToolRunner.uniqueModelUrl("nohealth"), ToolRunner.rowCountHandler())
				.withPropertyValues("management.health.kosmos-mqtt.enabled=false")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(KosmosMqttHealthIndicator.class);
				});
		}
	}

	private static void awaitAlive(ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

}
