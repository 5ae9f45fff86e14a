package io.kosmos.mqtt.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A client that plays the KOSMoS mediator in a test: it publishes triggers and waits for
 * the results and status messages the tool publishes.
 *
 * <p>It subscribes to {@code kosmos/analyses/#} and {@code kosmos/status} when it connects,
 * so it sees every result published after that.
 */
public final class KosmosTestClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MqttClient client;

	private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();

	/**
	 * A message the client received.
	 *
	 * @param topic the topic
	 * @param payload the payload as UTF-8 text
	 * @param json the parsed payload, or {@code null} when it is not JSON
	 * @param qos the QoS it was delivered with
	 * @param retained whether the broker kept it for new subscribers
	 */
	public record ReceivedMessage(String topic, String payload, JsonNode json, int qos, boolean retained) {

		/**
		 * Returns the message's {@code body}.
		 * @return the body node
		 */
		public JsonNode body() {
			return (this.json != null) ? this.json.path("body") : JSON.missingNode();
		}

	}

	private KosmosTestClient(String url) throws MqttException {
		this.client = new MqttClient(url, "kosmos-test-client-" + UUID.randomUUID(), new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		options.setMaxInflight(1000);
		this.client.connect(options);
		this.client.subscribe(new String[] { "kosmos/analyses/#", "kosmos/status" }, new int[] { 2, 2 },
				new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] { this::collect, this::collect });
	}

	/**
	 * Connects to the {@link KosmosTestBroker}.
	 * @return the connected client
	 */
	public static KosmosTestClient connect() {
		return connect(KosmosTestBroker.url());
	}

	/**
	 * Connects to a broker.
	 * @param url the broker URL
	 * @return the connected client
	 */
	public static KosmosTestClient connect(String url) {
		try {
			return new KosmosTestClient(url);
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Test client failed to connect to " + url, ex);
		}
	}

	/**
	 * Publishes a trigger at QoS 1.
	 * @param topic the trigger topic, for example {@code kosmos/analytics/sample/v1}
	 * @param trigger the trigger JSON
	 */
	public void publishTrigger(String topic, byte[] trigger) {
		try {
			this.client.publish(topic, new MqttMessage(trigger));
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Test client failed to publish to " + topic, ex);
		}
	}

	/**
	 * Publishes a trigger read from a JSON file.
	 * @param topic the trigger topic
	 * @param file the file with the trigger JSON
	 */
	public void publishTrigger(String topic, Path file) {
		try {
			publishTrigger(topic, Files.readAllBytes(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read trigger file " + file, ex);
		}
	}

	/**
	 * Waits for the result of a contract on {@code kosmos/analyses/<contract>} or its
	 * {@code temporary} topic.
	 * @param contract the contract id of the trigger
	 * @param timeout how long to wait
	 * @return the first result of the contract
	 * @throws org.awaitility.core.ConditionTimeoutException when none arrives in time
	 */
	public ReceivedMessage awaitResult(String contract, Duration timeout) {
		String topic = "kosmos/analyses/" + contract;
		return awaitMessage((message) -> message.topic().equals(topic) || message.topic().equals(topic + "/temporary"),
				timeout);
	}

	/**
	 * Waits for a status message of a tool.
	 * @param from the tool's name
	 * @param status the status, for example {@code alive}
	 * @param timeout how long to wait
	 * @return the status message
	 */
	public ReceivedMessage awaitStatus(String from, String status, Duration timeout) {
		return awaitMessage((message) -> message.topic().equals("kosmos/status")
				&& from.equals(message.body().path("from").asString())
				&& status.equals(message.body().path("status").asString()), timeout);
	}

	/**
	 * Returns every message received so far, oldest first.
	 * @return the messages
	 */
	public List<ReceivedMessage> messages() {
		return List.copyOf(this.messages);
	}

	private ReceivedMessage awaitMessage(java.util.function.Predicate<ReceivedMessage> match, Duration timeout) {
		return await().atMost(timeout)
			.until(() -> this.messages.stream().filter(match).findFirst().orElse(null), java.util.Objects::nonNull);
	}

	private void collect(String topic, MqttMessage message) {
		String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
		JsonNode json;
		try {
			json = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			json = null;
		}
		this.messages.add(new ReceivedMessage(topic, payload, json, message.getQos(), message.isRetained()));
	}

	@Override
	public void close() {
		try {
			if (this.client.isConnected()) {
				this.client.disconnect();
			}
			this.client.close();
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Test client failed to disconnect", ex);
		}
	}

}
