package io.kosmos.mqtt.health;

import io.kosmos.mqtt.runtime.MqttConnectionMonitor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the tool's MQTT side: up while it is connected to the broker and subscribed to
 * its trigger topic, down with the reason otherwise. Registered as {@code kosmos-mqtt}.
 */
public class KosmosMqttHealthIndicator extends AbstractHealthIndicator {

	private final MqttConnectionMonitor monitor;

	private final String brokers;

	private final String clientId;

	/**
	 * Creates a health indicator.
	 * @param monitor tracks the connection and subscription
	 * @param brokers the broker URLs, shown as a detail
	 * @param clientId the client id, shown as a detail
	 */
	public KosmosMqttHealthIndicator(MqttConnectionMonitor monitor, String brokers, String clientId) {
		super("MQTT health check failed");
		this.monitor = monitor;
		this.brokers = brokers;
		this.clientId = clientId;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		String reason = this.monitor.notServingReason();
		if (reason == null) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", reason);
		}
		builder.withDetail("broker", this.brokers)
			.withDetail("clientId", this.clientId)
			.withDetail("topics", this.monitor.topics());
		MqttConnectionMonitor.Failure failure = this.monitor.lastFailure();
		if (failure != null) {
			builder.withDetail("lastFailure", failure.at().toString());
			if (failure.cause() != null) {
				builder.withDetail("lastFailureCause", String.valueOf(failure.cause()));
			}
		}
	}

}
