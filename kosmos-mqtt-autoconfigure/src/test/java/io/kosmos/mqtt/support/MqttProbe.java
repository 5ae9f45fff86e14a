package io.kosmos.mqtt.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plain Paho client that plays the KOSMoS mediator in tests: it publishes triggers and
 * collects what the tool publishes.
 */
public final class MqttProbe implements AutoCloseable {

	private final MqttClient client;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	/**
	 * A message the probe received.
	 *
	 * @param topic the topic
	 * @param payload the payload as UTF-8 text
	 * @param qos the QoS it was delivered with
	 * @param retained whether it was a retained message
	 */
	public record Received(String topic, String payload, int qos, boolean retained) {
	}

	/**
	 * Connects to a broker and subscribes to topic filters at QoS 2.
	 * @param url the broker URL
	 * @param topicFilters the filters to collect
	 * @throws MqttException when the connection or subscription fails
	 */
	public MqttProbe(String url, String... topicFilters) throws MqttException {
		this.client = new MqttClient(url, "probe-" + UUID.randomUUID(), new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		options.setMaxInflight(1000);
		this.client.connect(options);
		for (String filter : topicFilters) {
			this.client.subscribe(filter, 2, (topic, message) -> this.received.add(new Received(topic,
					new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(), message.isRetained())));
		}
	}

	/**
	 * Publishes a message at QoS 1.
	 * @param topic the topic
	 * @param payload the payload
	 * @throws MqttException when the publish fails
	 */
	public void publish(String topic, byte[] payload) throws MqttException {
		this.client.publish(topic, new MqttMessage(payload));
	}

	/**
	 * Waits for the next message on a topic, dropping others on the way.
	 * @param topic the exact topic
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError when none arrives in time
	 * @throws InterruptedException when interrupted
	 */
	public Received next(String topic, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			Received message = this.received.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
			if (message == null) {
				throw new AssertionError("No message on '" + topic + "' within " + timeout);
			}
			if (message.topic().equals(topic)) {
				return message;
			}
		}
	}

	/**
	 * Waits for the next message on any of the probe's topics.
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError when none arrives in time
	 * @throws InterruptedException when interrupted
	 */
	public Received next(Duration timeout) throws InterruptedException {
		Received message = this.received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (message == null) {
			throw new AssertionError("No message within " + timeout);
		}
		return message;
	}

	@Override
	public void close() throws MqttException {
		if (this.client.isConnected()) {
			this.client.disconnect();
		}
		this.client.close();
	}

}
