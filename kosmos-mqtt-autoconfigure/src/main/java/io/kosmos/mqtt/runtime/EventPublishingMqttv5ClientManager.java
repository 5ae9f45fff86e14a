package io.kosmos.mqtt.runtime;

import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

/**
 * A {@link Mqttv5ClientManager} that reports a lost connection as a
 * {@link MqttConnectionFailedEvent}, logs every connect and connection loss with the
 * client id and broker, and can hand unrouted messages to one handler only.
 *
 * <p>Spring Integration 7.0's manager only logs a disconnect, so without this class the
 * health indicator and readiness state would not learn of it.
 *
 * <p>Paho passes the manager every message that matches no subscription listener: the
 * backlog of a persistent session before the trigger adapter has subscribed, and
 * messages of a shared subscription when the broker sends no subscription identifier.
 * The Spring Integration adapter registers its own default message handler for the same
 * messages while it runs, so with a second handler a message could be processed twice.
 * Once {@link #setExclusiveMessageHandler exclusive handler} is set, it alone receives
 * such messages.
 *
 * <p>It also keeps the broker's Receive Maximum from the CONNACK of the first connect,
 * which Paho does not expose, so that the publisher can stay below it: Paho rejects a
 * publish beyond it, and by then has already given the message's topic an outgoing topic
 * alias that the broker never learns.
 */
public class EventPublishingMqttv5ClientManager extends Mqttv5ClientManager {

	private static final Log logger = LogFactory.getLog(EventPublishingMqttv5ClientManager.class);

	private final String brokers;

	private volatile ClientManager.DefaultMessageHandler<MqttMessage> exclusiveMessageHandler;

	private MqttClientPersistence persistence;

	private PersistenceLock persistenceLock;

	private volatile Integer serverReceiveMaximum;

	/**
	 * Creates a client manager.
	 * @param connectionOptions the Paho options, with at least one server URI
	 * @param clientId the client id
	 */
	public EventPublishingMqttv5ClientManager(MqttConnectionOptions connectionOptions, String clientId) {
		super(connectionOptions, clientId);
		this.brokers = Arrays.toString(connectionOptions.getServerURIs());
	}

	/**
	 * Sets the one handler of messages that match no subscription listener, in place of
	 * every registered default message handler.
	 * @param handler the handler, or {@code null} to call the registered ones
	 */
	public void setExclusiveMessageHandler(ClientManager.DefaultMessageHandler<MqttMessage> handler) {
		this.exclusiveMessageHandler = handler;
	}

	@Override
	public void setPersistence(MqttClientPersistence persistence) {
		super.setPersistence(persistence);
		this.persistence = persistence;
	}

	/**
	 * Returns the Receive Maximum that the broker sent in the CONNACK of the first connect.
	 * @return the most unacknowledged QoS 1 and 2 publishes the broker accepts from this
	 * client, 65535 when the broker sent none, or {@code null} while the first connect has
	 * not completed (for example when the broker was down at startup)
	 */
	public Integer serverReceiveMaximum() {
		return this.serverReceiveMaximum;
	}

	/**
	 * Creates the client and connects it, like Spring Integration's manager does, but
	 * keeps the CONNACK's Receive Maximum. When the first connect fails, automatic
	 * reconnect takes over, if enabled.
	 */
	/**
	 * Sets the lock that the manager takes before it connects and releases after it
	 * disconnected, so that a second tool with the same client id fails at startup.
	 * @param persistenceLock the lock of the file persistence, or {@code null} for none
	 */
	public void setPersistenceLock(PersistenceLock persistenceLock) {
		this.persistenceLock = persistenceLock;
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
	public void start() {
		if (this.persistenceLock != null) {
			this.persistenceLock.acquire();
		}
		this.lock.lock();
		try {
			IMqttAsyncClient client = getClient();
			if (client == null) {
				client = createClient();
				setClient(client);
			}
			try {
				IMqttToken token = client.connect(getConnectionInfo());
				token.waitForCompletion(getCompletionTimeout());
				recordServerLimits(token.getResponseProperties());
			}
			catch (MqttException ex) {
				handleFailedConnect(client, ex);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private IMqttAsyncClient createClient() {
		try {
			MqttAsyncClient client = new MqttAsyncClient(getUrl(), getClientId(), this.persistence);
			client.setManualAcks(isManualAcks());
			client.setCallback(this);
			return client;
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Failed to create the MQTT client '" + getClientId() + "'", ex);
		}
	}

	private void recordServerLimits(MqttProperties connack) {
		Integer receiveMaximum = (connack != null) ? connack.getReceiveMaximum() : null;
		// MQTT 5: an absent Receive Maximum means 65,535.
		this.serverReceiveMaximum = (receiveMaximum != null) ? receiveMaximum : 65535;
		logger.debug("Broker " + this.brokers + " accepts " + this.serverReceiveMaximum
				+ " unacknowledged publishes from client '" + getClientId() + "'");
	}

	private void handleFailedConnect(IMqttAsyncClient client, MqttException ex) {
		if (getConnectionInfo().isAutomaticReconnect()) {
			logger.warn("First connect of client '" + getClientId() + "' to broker " + this.brokers + " failed ("
					+ ex.getMessage() + "); reconnecting automatically");
			try {
				client.reconnect();
			}
			catch (MqttException reconnectFailure) {
				logger.error("Failed to start reconnecting client '" + getClientId() + "'", reconnectFailure);
			}
		}
		else {
			logger.error("Failed to connect client '" + getClientId() + "' to broker " + this.brokers
					+ "; automatic reconnect is off, so the tool stays disconnected", ex);
			getApplicationEventPublisher().publishEvent(new MqttConnectionFailedEvent(this, ex));
		}
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		ClientManager.DefaultMessageHandler<MqttMessage> handler = this.exclusiveMessageHandler;
		if (handler != null) {
			handler.messageArrived(topic, message);
			return;
		}
		super.messageArrived(topic, message);
	}

	@Override
	public void disconnected(MqttDisconnectResponse disconnectResponse) {
		Throwable cause = disconnectResponse.getException();
		String reconnect = getConnectionInfo().isAutomaticReconnect() ? "reconnecting automatically"
				: "automatic reconnect is off, so the tool stays disconnected";
		logger.error("Lost the connection of client '" + getClientId() + "' to broker " + this.brokers + " ("
				+ describe(disconnectResponse) + "); " + reconnect, cause);
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

	private static String describe(MqttDisconnectResponse response) {
		Throwable cause = response.getException();
		if (cause != null) {
			String message = cause.getMessage();
			return (message != null) ? cause.getClass().getSimpleName() + ": " + message
					: cause.getClass().getSimpleName();
		}
		String reason = (response.getReasonString() != null) ? ", " + response.getReasonString() : "";
		return "broker sent DISCONNECT with reason code " + response.getReturnCode() + reason;
	}

}
