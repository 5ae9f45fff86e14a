package io.kosmos.mqtt.runtime;

import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

/**
 * A {@link Mqttv3ClientManager} that reports a lost connection as a
 * {@link MqttConnectionFailedEvent} and logs every connect and connection loss with the
 * client id and broker. Spring Integration's manager only logs a lost connection, so
 * without this class the health indicator and readiness state would not learn of it
 * until the next publish failed.
 */
public class EventPublishingMqttv3ClientManager extends Mqttv3ClientManager {

	private static final Log logger = LogFactory.getLog(EventPublishingMqttv3ClientManager.class);

	private final String brokers;

	private PersistenceLock persistenceLock;

	/**
	 * Creates a client manager.
	 * @param connectionOptions the Paho options, with at least one server URI
	 * @param clientId the client id
	 */
	public EventPublishingMqttv3ClientManager(MqttConnectOptions connectionOptions, String clientId) {
		super(connectionOptions, clientId);
		this.brokers = Arrays.toString(connectionOptions.getServerURIs());
	}

	/**
	 * Sets the lock that the manager takes before it connects and releases after it
	 * disconnected, so that a second tool with the same client id fails at startup.
	 * @param persistenceLock the lock of the file persistence, or {@code null} for none
	 */
	public void setPersistenceLock(PersistenceLock persistenceLock) {
		this.persistenceLock = persistenceLock;
	}

	@Override
	public void start() {
		if (this.persistenceLock != null) {
			this.persistenceLock.acquire();
		}
		super.start();

		// Spring Integration's manager hands a failed first connect to Paho's automatic
		// reconnect without logging it.
		if (!isConnected() && getConnectionInfo().isAutomaticReconnect()) {
			logger.warn("Could not connect client '" + getClientId() + "' to broker " + this.brokers
					+ " at startup; Paho keeps trying in the background. Check that the broker is running "
					+ "and that kosmos.mqtt.broker.url is right");
		}
	}

	@Override
	public void stop() {
		try {
			super.stop();
		}
		finally {
			if (this.persistenceLock != null) {
				this.persistenceLock.release();
			}
		}
	}

	@Override
	public void connectionLost(Throwable cause) {
		String reconnect = getConnectionInfo().isAutomaticReconnect() ? "reconnecting automatically"
				: "automatic reconnect is off, so the tool stays disconnected";
		logger.error("Lost the connection of client '" + getClientId() + "' to broker " + this.brokers + " ("
				+ describe(cause) + "); " + reconnect, cause);
		getApplicationEventPublisher().publishEvent(new MqttConnectionFailedEvent(this, cause));
	}

	@Override
	public void connectComplete(boolean reconnect, String serverURI) {
		if (reconnect) {
			logger.info("Restored the connection of client '" + getClientId() + "' to broker " + serverURI);
		}
		else {
			logger.info("Connected client '" + getClientId() + "' to broker " + serverURI);
		}
		super.connectComplete(reconnect, serverURI);
	}

	private static String describe(Throwable cause) {
		if (cause == null) {
			return "no cause given";
		}
		String message = cause.getMessage();
		return (message != null) ? cause.getClass().getSimpleName() + ": " + message
				: cause.getClass().getSimpleName();
	}

}
