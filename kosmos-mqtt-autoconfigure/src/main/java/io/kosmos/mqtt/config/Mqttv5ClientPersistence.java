package io.kosmos.mqtt.config;

import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;

/**
 * Builds the store where Paho's MQTT 5 client keeps in-flight QoS 1 and 2 messages, in
 * the same folder as the MQTT 3.1.1 store of {@link ClientPersistence}. Each client id
 * gets its own subfolder.
 */
final class Mqttv5ClientPersistence {

	private Mqttv5ClientPersistence() {
	}

	static MqttClientPersistence create(KosmosMqttProperties.Broker broker) {
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.MEMORY) {
			return new MemoryPersistence();
		}
		return new Mqttv5InboundFilePersistence(
				new MqttDefaultFilePersistence(ClientPersistence.directory(broker).toString()));
	}

}
