package io.kosmos.mqtt.config;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Callback to change the Paho connection options after the starter has applied
 * {@code kosmos.mqtt.broker.*}, for settings the properties do not cover. Used only with
 * MQTT 3.1.1; {@link Mqttv5ConnectionOptionsCustomizer} is its MQTT 5 counterpart.
 */
@FunctionalInterface
public interface MqttConnectOptionsCustomizer {

	/**
	 * Changes the connection options.
	 * @param options the options the client connects with
	 */
	void customize(MqttConnectOptions options);

}
