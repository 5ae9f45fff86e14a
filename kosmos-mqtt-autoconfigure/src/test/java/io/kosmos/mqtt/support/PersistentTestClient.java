package io.kosmos.mqtt.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A test client that survives broker restarts: persistent session, automatic
 * reconnect, a disconnected-publish buffer and its own retry, so that a test that loses
 * a message measures the tool and not this client. Every message on its filters is kept.
 */
public final class PersistentTestClient implements AutoCloseable {

	private static final Duration RETRY_LIMIT = Duration.ofSeconds(60);

	private final MqttAsyncClient client;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/**
	 * A message the client received.
	 *
	 * @param topic the topic
	 * @param payload the payload as UTF-8 text
	 * @param retained whether it was a retained message
	 */
	public record Received(String topic, String payload, boolean retained) {
	}

	/**
	 * Connects with a persistent session and subscribes at QoS 1.
	 * @param url the broker URL
	 * @param clientId a client id unique to the test
	 * @param topicFilters the filters to collect
	 * @throws MqttException when the first connect or subscribe fails
	 */
	public PersistentTestClient(String url, String clientId, String... topicFilters) throws MqttException {
		this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(false);
		options.setAutomaticReconnect(true);
		options.setMaxReconnectDelay(1000);
		options.setMaxInflight(1000);
		this.client.setBufferOpts(bufferOptions());
		this.client.connect(options).waitForCompletion(10_000);
		IMqttMessageListener listener = (topic, message) -> this.received
			.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
		for (String filter : topicFilters) {
			this.client.subscribe(filter, 1, listener).waitForCompletion(10_000);
		}
	}

	private static DisconnectedBufferOptions bufferOptions() {
		DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
		buffer.setBufferEnabled(true);
		buffer.setBufferSize(100_000);
		buffer.setPersistBuffer(false);
		buffer.setDeleteOldestMessages(false);
		return buffer;
	}

	/**
	 * Publishes at QoS 1 without waiting for the broker, retrying while the client's
	 * in-flight window or buffer is full, for up to 60 s.
	 * @param topic the topic
	 * @param payload the payload
	 * @param retained whether the broker keeps the message
	 * @throws InterruptedException when interrupted
	 */
	public void publish(String topic, byte[] payload, boolean retained) throws InterruptedException {
		publish(topic, payload, retained, 1);
	}

	/**
	 * Publishes like {@link #publish(String, byte[], boolean)} at the given QoS.
	 * @param topic the topic
	 * @param payload the payload
	 * @param retained whether the broker keeps the message
	 * @param qos 1 or 2
	 * @throws InterruptedException when interrupted
	 */
	public void publish(String topic, byte[] payload, boolean retained, int qos) throws InterruptedException {
		long deadline = System.nanoTime() + RETRY_LIMIT.toNanos();
		while (true) {
			try {
				MqttMessage message = new MqttMessage(payload);
				message.setQos(qos);
				message.setRetained(retained);
				this.client.publish(topic, message);
				return;
			}
			catch (MqttException ex) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("Test client could not publish to '" + topic + "' within " + RETRY_LIMIT, ex);
				}
				TimeUnit.MILLISECONDS.sleep(20);
			}
		}
	}

	/**
	 * Returns every message received so far.
	 * @return a snapshot
	 */
	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Returns whether the client is connected.
	 * @return the state
	 */
	public boolean isConnected() {
		return this.client.isConnected();
	}

	@Override
	public void close() throws MqttException {
		if (this.client.isConnected()) {
			this.client.disconnect().waitForCompletion(5_000);
		}
		this.client.close();
	}

}
