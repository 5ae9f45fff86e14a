package io.kosmos.mqtt.runtime;

import io.kosmos.mqtt.config.KosmosLifecyclePhases;

import org.springframework.context.SmartLifecycle;
import org.springframework.integration.mqtt.core.ClientManager;

/**
 * The connection that results and dead-letter records are published on, with its
 * publisher.
 *
 * <p>Paho reads everything the broker sends on one thread and hands incoming messages to
 * its callback thread through a short queue. While the callback thread waits for a free
 * analysis slot, that reader stops too, so the broker's acknowledgements of results that
 * arrive behind triggers stay unread. On a connection of their own those acknowledgements
 * are read whatever the trigger connection does, and the dispatcher can count a trigger
 * as held until its result is acknowledged without deadlocking. That bound matters
 * because a broker does not always keep to its in-flight window: Mosquitto 2.0.11 sends
 * up to a further window of queued messages after every acknowledgement.
 *
 * <p>A shared result connection publishes through the tool's main connection; the
 * dispatcher then frees a slot once the result is handed to the client.
 */
public final class MqttResultConnection implements SmartLifecycle {

	private final ClientManager<?, ?> clientManager;

	private final MqttPublisher publisher;

	private MqttResultConnection(ClientManager<?, ?> clientManager, MqttPublisher publisher) {
		this.clientManager = clientManager;
		this.publisher = publisher;
	}

	/**
	 * Creates a result connection of its own, started and stopped with this bean.
	 * @param clientManager the second connection, not registered as a bean
	 * @param publisher publishes through that connection
	 * @return the result connection
	 */
	public static MqttResultConnection separate(ClientManager<?, ?> clientManager, MqttPublisher publisher) {
		return new MqttResultConnection(clientManager, publisher);
	}

	/**
	 * Creates a result connection that publishes through the tool's main connection.
	 * @param publisher the main connection's publisher
	 * @return the result connection
	 */
	public static MqttResultConnection shared(MqttPublisher publisher) {
		return new MqttResultConnection(null, publisher);
	}

	/**
	 * Returns the publisher of results and dead-letter records.
	 * @return the publisher
	 */
	public MqttPublisher publisher() {
		return this.publisher;
	}

	/**
	 * Returns whether results have a connection of their own.
	 * @return {@code false} when they share the main connection
	 */
	public boolean isSeparate() {
		return this.clientManager != null;
	}

	/**
	 * Returns the client id of the connection of its own.
	 * @return the client id, or {@code null} when shared
	 */
	public String clientId() {
		return (this.clientManager != null) ? this.clientManager.getClientId() : null;
	}

	/**
	 * Returns whether results can be published now.
	 * @return whether the connection of its own is connected; always {@code true} when shared,
	 * because the main connection reports its own state
	 */
	public boolean isConnected() {
		return this.clientManager == null || this.clientManager.isConnected();
	}

	@Override
	public void start() {
		if (this.clientManager != null) {
			this.clientManager.start();
		}
	}

	@Override
	public void stop() {
		if (this.clientManager != null) {
			this.clientManager.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.clientManager == null || this.clientManager.isRunning();
	}

	@Override
	public int getPhase() {
		return KosmosLifecyclePhases.CONNECTION;
	}

}
