package io.kosmos.mqtt.config;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.common.MqttPersistable;
import org.eclipse.paho.mqttv5.common.MqttPersistenceException;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * A Paho MQTT 5 store that writes received QoS 2 messages to files and keeps everything
 * the client sends in memory.
 *
 * <p>Paho keys received QoS 2 messages with {@code r-}; these are the triggers that only
 * a file store can bring back after a crash (see {@link ClientPersistence}); the MQTT 5 client uses the same keys. The other
 * keys ({@code s-}, {@code sc-}, {@code sb-}) hold the tool's own results, dead letters
 * and status messages while they are in flight. Paho's file store syncs every write to
 * disk, which limited a tool to a few hundred small results per second on the
 * benchmark machine. After a crash those messages are not needed, because their
 * triggers were not yet acknowledged: the broker delivers the triggers again and the
 * tool publishes new results.
 */
final class Mqttv5InboundFilePersistence implements MqttClientPersistence {

	private static final String RECEIVED_PREFIX = "r-";

	private final MqttClientPersistence files;

	private final MqttClientPersistence memory = new MemoryPersistence();

	Mqttv5InboundFilePersistence(MqttClientPersistence files) {
		this.files = files;
	}

	private MqttClientPersistence storeFor(String key) {
		return key.startsWith(RECEIVED_PREFIX) ? this.files : this.memory;
	}

	@Override
	public void open(String clientId) throws MqttPersistenceException {
		this.files.open(clientId);
		this.memory.open(clientId);
	}

	@Override
	public void close() throws MqttPersistenceException {
		try {
			this.files.close();
		}
		finally {
			this.memory.close();
		}
	}

	@Override
	public void put(String key, MqttPersistable persistable) throws MqttPersistenceException {
		storeFor(key).put(key, persistable);
	}

	@Override
	public MqttPersistable get(String key) throws MqttPersistenceException {
		return storeFor(key).get(key);
	}

	@Override
	public void remove(String key) throws MqttPersistenceException {
		storeFor(key).remove(key);
	}

	@Override
	public Enumeration<String> keys() throws MqttPersistenceException {
		Set<String> keys = new LinkedHashSet<>(Collections.list(this.files.keys()));
		keys.addAll(Collections.list(this.memory.keys()));
		return Collections.enumeration(keys);
	}

	@Override
	public void clear() throws MqttPersistenceException {
		this.files.clear();
		this.memory.clear();
	}

	@Override
	public boolean containsKey(String key) throws MqttPersistenceException {
		return storeFor(key).containsKey(key);
	}

}
