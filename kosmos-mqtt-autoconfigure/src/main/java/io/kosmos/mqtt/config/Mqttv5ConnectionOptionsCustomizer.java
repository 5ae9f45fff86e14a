package io.kosmos.mqtt.config;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Callback to change the Paho MQTT 5 connection options after the starter has applied
 * {@code kosmos.mqtt.broker.*}, for settings the properties do not cover. Used only with
 * {@code kosmos.mqtt.broker.protocol-version=5}; {@link MqttConnectOptionsCustomizer} is
 * its MQTT 3.1.1 counterpart.
 */
@FunctionalInterface
public interface Mqttv5ConnectionOptionsCustomizer {

	/**
	 * Changes the connection options.
	 * @param options the options the client connects with
	 */
	void customize(MqttConnectionOptions options);

}
