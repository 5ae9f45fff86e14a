package io.kosmos.mqtt.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that plays the KOSMoS mediator in a test: it publishes triggers and waits for
 * the results and status messages the tool publishes.
 *
 * <p>It subscribes to {@code kosmos/analyses/#}, {@code kosmos/status} and
 * {@code kosmos/dead-letter/#} when it connects, so it receives every result, status message
 * and dead-letter record published after that (on the platform's default topics).
 *
 * <pre class="code">
 * try (KosmosTestClient client = KosmosTestClient.connect()) {
 *     Table data = Table.create("data", DoubleColumn.create("load", 1.0, 2.0));
 *     String contract = client.publishTrigger("kosmos/analytics/mean/v1", KosmosTriggers.sensorUpdate(data));
 *     ResultMessage result = client.awaitResult(contract, Duration.ofSeconds(20)).result();
 * }
 * </pre>
 *
 * <p>In a JUnit test, declare a {@code KosmosTestClient} parameter instead: the
 * {@link KosmosTestClientExtension} (part of {@link KosmosBrokerTest}) connects one per
 * test and closes it afterwards.
 */
public final class KosmosTestClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String RESULT_TOPICS = "kosmos/analyses/#";

	private static final String STATUS_TOPIC = "kosmos/status";

	private static final String DEAD_LETTER_TOPICS = "kosmos/dead-letter/#";

	private static final int MAX_SHOWN_PAYLOAD = 300;

	private final MqttClient client;

	/** Guarded by itself; waiting threads are woken on every new message. */
	private final List<ReceivedMessage> messages = new ArrayList<>();

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

		/**
		 * Reads this message as an analysis result, with its tables as Tablesaw tables.
		 * @return the result
		 * @throws AssertionError when it is not a valid KOSMoS analysis message
		 */
		public ResultMessage result() {
			return ResultMessage.of(this);
		}

	}

	private KosmosTestClient(String url) throws MqttException {
		this.client = new MqttClient(url, "kosmos-test-client-" + UUID.randomUUID(), new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		options.setMaxInflight(1000);
		this.client.connect(options);
		this.client.subscribe(new String[] { RESULT_TOPICS, STATUS_TOPIC, DEAD_LETTER_TOPICS }, new int[] { 2, 2, 2 },
				new IMqttMessageListener[] { this::collect, this::collect, this::collect });
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
	 * Publishes a trigger made with {@link KosmosTriggers}.
	 * @param topic the trigger topic, for example {@code kosmos/analytics/sample/v1}
	 * @param trigger the trigger builder
	 * @return the trigger's contract id, to wait for its result
	 */
	public String publishTrigger(String topic, TriggerBuilder<?> trigger) {
		publishTrigger(topic, trigger.toBytes());
		return trigger.contract();
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
	 * @throws AssertionError when none arrives in time; its message lists what did arrive
	 */
	public ReceivedMessage awaitResult(String contract, Duration timeout) {
		String topic = "kosmos/analyses/" + contract;
		return awaitMessage("a result on " + topic + " or " + topic + "/temporary",
				(message) -> message.topic().equals(topic) || message.topic().equals(topic + "/temporary"), timeout);
	}

	/**
	 * Waits for the dead-letter record of a contract: a message on a topic under
	 * {@code kosmos/dead-letter/} (by default {@code kosmos/dead-letter/<model url>/<model tag>})
	 * that names the contract.
	 * @param contract the contract id of the trigger
	 * @param timeout how long to wait
	 * @return the first dead-letter record of the contract
	 * @throws AssertionError when none arrives in time; its message lists what did arrive
	 */
	public ReceivedMessage awaitDeadLetter(String contract, Duration timeout) {
		// A rejected trigger may never have been parsed, so its record has no contract field:
		// the id is matched anywhere in the record, which includes the original payload.
		String quoted = "\"" + contract + "\"";
		return awaitMessage("a dead-letter record on kosmos/dead-letter/# naming contract '" + contract + "'",
				(message) -> message.topic().startsWith("kosmos/dead-letter/") && message.payload().contains(quoted),
				timeout);
	}

	/**
	 * Waits for a status message of a tool.
	 * @param from the tool's name
	 * @param status the status, for example {@code alive}
	 * @param timeout how long to wait
	 * @return the status message
	 * @throws AssertionError when none arrives in time; its message lists what did arrive
	 */
	public ReceivedMessage awaitStatus(String from, String status, Duration timeout) {
		return awaitMessage("status '" + status + "' from '" + from + "' on " + STATUS_TOPIC,
				(message) -> message.topic().equals(STATUS_TOPIC)
						&& from.equals(message.body().path("from").asString())
						&& status.equals(message.body().path("status").asString()),
				timeout);
	}

	/**
	 * Returns every message received so far, oldest first.
	 * @return the messages
	 */
	public List<ReceivedMessage> messages() {
		synchronized (this.messages) {
			return List.copyOf(this.messages);
		}
	}

	private ReceivedMessage awaitMessage(String expected, Predicate<ReceivedMessage> match, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.messages) {
			int checked = 0;
			while (true) {
				for (; checked < this.messages.size(); checked++) {
					ReceivedMessage message = this.messages.get(checked);
					if (match.test(message)) {
						return message;
					}
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError(timedOut(expected, timeout));
				}
				try {
					this.messages.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for " + expected, ex);
				}
			}
		}
	}

	private String timedOut(String expected, Duration timeout) {
		String heading = "Timed out after " + timeout.toMillis() + " ms waiting for " + expected + "; ";
		if (this.messages.isEmpty()) {
			return heading + "the test client received no message at all on " + RESULT_TOPICS + ", " + STATUS_TOPIC
					+ " or " + DEAD_LETTER_TOPICS + ". Check that the tool is connected to " + this.client.getServerURI()
					+ " and subscribed to the topic the trigger was published to";
		}
		return heading + "the test client received " + this.messages.size() + " message(s):"
				+ this.messages.stream()
					.map((message) -> "\n  " + message.topic() + " " + shorten(message.payload()))
					.collect(Collectors.joining());
	}

	static String shorten(String payload) {
		return (payload.length() <= MAX_SHOWN_PAYLOAD) ? payload
				: payload.substring(0, MAX_SHOWN_PAYLOAD) + "... (" + payload.length() + " characters)";
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
		synchronized (this.messages) {
			this.messages.add(new ReceivedMessage(topic, payload, json, message.getQos(), message.isRetained()));
			this.messages.notifyAll();
		}
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
