package io.kosmos.mqtt.health;

import io.kosmos.mqtt.runtime.MqttConnectionMonitor;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.MqttResultConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.integration.mqtt.core.ClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The health indicator's verdict from the trigger connection and the result connection.
 */
class KosmosMqttHealthIndicatorTests {

	private final MqttConnectionMonitor monitor = mock(MqttConnectionMonitor.class);

	private final ClientManager<?, ?> resultClient = mock(ClientManager.class);

	private final MqttResultConnection results = MqttResultConnection.separate(this.resultClient,
			mock(MqttPublisher.class));

	KosmosMqttHealthIndicatorTests() {
		given(this.monitor.topics()).willReturn("[kosmos/analytics/wear/v1]");
		given(this.resultClient.getClientId()).willReturn("tool-results");
	}

	@Test
	void upWhenBothConnectionsServe() {
		given(this.resultClient.isConnected()).willReturn(true);

		Health health = indicator().health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("resultClientId", "tool-results");
	}

	@Test
	void downWhenOnlyTheResultConnectionIsLost() {
		given(this.resultClient.isConnected()).willReturn(false);

		Health health = indicator().health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("result connection is not connected");
	}

	@Test
	void triggerConnectionReasonComesFirst() {
		given(this.monitor.notServingReason()).willReturn("Not connected to the MQTT broker");
		given(this.resultClient.isConnected()).willReturn(false);

		Health health = indicator().health();

		assertThat(health.getDetails()).containsEntry("reason", "Not connected to the MQTT broker");
	}

	@Test
	void sharedResultConnectionAddsNoDetail() {
		Health health = new KosmosMqttHealthIndicator(this.monitor, "[tcp://127.0.0.1:1883]", "tool",
				MqttResultConnection.shared(mock(MqttPublisher.class)))
			.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).doesNotContainKey("resultClientId");
	}

	private KosmosMqttHealthIndicator indicator() {
		return new KosmosMqttHealthIndicator(this.monitor, "[tcp://127.0.0.1:1883]", "tool", this.results);
	}

}
