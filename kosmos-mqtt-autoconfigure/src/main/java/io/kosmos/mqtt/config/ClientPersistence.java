package io.kosmos.mqtt.config;

import java.nio.file.Path;

import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;

/**
 * Builds the store where the Paho client keeps in-flight QoS 1 and 2 messages.
 *
 * <p>Paho 1.2.5 answers an incoming QoS 2 message with PUBREC as soon as it arrives,
 * before the tool has processed it; from then on the broker resends only PUBREL, never
 * the message. If the process dies in between, only a file store still holds the
 * trigger, and the restarted client delivers it when the broker's PUBREL arrives. QoS 1
 * triggers do not need the file store: the broker resends them until they are
 * acknowledged. Outgoing messages stay in memory ({@link InboundFilePersistence}).
 */
final class ClientPersistence {

	private ClientPersistence() {
	}

	static MqttClientPersistence create(KosmosMqttProperties.Broker broker) {
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.MEMORY) {
			return new MemoryPersistence();
		}
		return new InboundFilePersistence(new MqttDefaultFilePersistence(directory(broker).toString()));
	}

	static Path directory(KosmosMqttProperties.Broker broker) {
		String configured = broker.getPersistenceDirectory();
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "kosmos-mqtt");
	}

}
