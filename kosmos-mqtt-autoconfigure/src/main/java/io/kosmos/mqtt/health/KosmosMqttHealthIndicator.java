package io.kosmos.mqtt.health;

import io.kosmos.mqtt.runtime.MqttConnectionMonitor;
import io.kosmos.mqtt.runtime.MqttResultConnection;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the tool's MQTT side: up while it is connected to the broker and subscribed to
 * its trigger topic, and its result connection, when it has one, is connected; down with
 * the reason otherwise. Registered as {@code kosmos-mqtt}.
 */
public class KosmosMqttHealthIndicator extends AbstractHealthIndicator {

	private final MqttConnectionMonitor monitor;

	private final String brokers;

	private final String clientId;

	private final MqttResultConnection resultConnection;

	/**
	 * Creates a health indicator.
	 * @param monitor tracks the connection and subscription
	 * @param brokers the broker URLs, shown as a detail
	 * @param clientId the client id, shown as a detail
	 */
	public KosmosMqttHealthIndicator(MqttConnectionMonitor monitor, String brokers, String clientId) {
		this(monitor, brokers, clientId, null);
	}

	/**
	 * Creates a health indicator that also checks the connection results go over.
	 * @param monitor tracks the connection and subscription
	 * @param brokers the broker URLs, shown as a detail
	 * @param clientId the client id, shown as a detail
	 * @param resultConnection the result connection, or {@code null} to check only the
	 * trigger connection
	 */
	public KosmosMqttHealthIndicator(MqttConnectionMonitor monitor, String brokers, String clientId,
			MqttResultConnection resultConnection) {
		super("MQTT health check failed");
		this.monitor = monitor;
		this.brokers = brokers;
		this.clientId = clientId;
		this.resultConnection = resultConnection;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		String reason = this.monitor.notServingReason();
		boolean separateResults = this.resultConnection != null && this.resultConnection.isSeparate();
		if (reason == null && separateResults && !this.resultConnection.isConnected()) {
			reason = "The result connection is not connected to the MQTT broker; results wait until it reconnects";
		}
		if (reason == null) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", reason);
		}
		builder.withDetail("broker", this.brokers)
			.withDetail("clientId", this.clientId)
			.withDetail("topics", this.monitor.topics());
		if (separateResults) {
			builder.withDetail("resultClientId", this.resultConnection.clientId());
		}
		MqttConnectionMonitor.Failure failure = this.monitor.lastFailure();
		if (failure != null) {
			builder.withDetail("lastFailure", failure.at().toString());
			if (failure.cause() != null) {
				builder.withDetail("lastFailureCause", String.valueOf(failure.cause()));
			}
		}
	}

}
