package io.kosmos.mqtt.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Responds to every trigger on {@code kosmos/analytics/<url>/<tag>} with a tiny
 * {@code text} result on {@code kosmos/analyses/<contract>}, at the trigger QoS, doing no
 * analysis. A load generator aimed at it measures the ceiling of the broker and of the
 * Paho clients on the machine. It stops after {@code --count} replies, after
 * {@code --timeout} idle seconds once the first trigger arrived, or after {@code --duration}.
 *
 * <p>NOTE: this Java pair is slower than the broker. On 2 cores with Mosquitto 2.0.11 and
 * a warm JVM it reached about 5,500 to 8,400 results/s for 10×3 triggers, and a Python
 * Paho 1.6 pair about 14,500. Ratios against it therefore overstate how close a tool is
 * to the broker's limit. A fresh JVM reached only about 3,400.
 */
final class EchoResponder {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final LoadOptions options;

	/** Triggers waiting for their reply, which is published off Paho's callback thread because a full in-flight window blocks. */
	private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(100_000);

	private final AtomicInteger triggers = new AtomicInteger();

	private final AtomicInteger invalid = new AtomicInteger();

	private final AtomicLong lastTrigger = new AtomicLong();

	EchoResponder(LoadOptions options) {
		this.options = options;
	}

	int run() throws MqttException, InterruptedException {
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(this.options.durationSeconds);
		long idleTimeout = TimeUnit.SECONDS.toNanos(this.options.timeoutSeconds);
		MqttAsyncClient client = new MqttAsyncClient(this.options.brokerUri(),
				"echo-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
		client.setCallback(new TriggerCallback());
		client.connect(LoadGenerator.connectOptions(this.options)).waitForCompletion(15_000);
		Semaphore window = new Semaphore(this.options.inflight);
		IMqttActionListener release = new IMqttActionListener() {

			@Override
			public void onSuccess(IMqttToken token) {
				window.release();
			}

			@Override
			public void onFailure(IMqttToken token, Throwable failure) {
				System.err.println("echo: publish failed: " + failure);
				window.release();
			}

		};
		int replied = 0;
		try {
			client.subscribe(this.options.triggerTopic(), this.options.qos).waitForCompletion(15_000);
			System.err.println("echo: replying to triggers on " + this.options.triggerTopic() + " at QoS "
					+ this.options.qos + " (at most " + this.options.count + ")");
			while (replied < this.options.count) {
				long now = System.nanoTime();
				long lastTrigger = this.lastTrigger.get();
				if (now > deadline || (lastTrigger != 0 && now - lastTrigger > idleTimeout)) {
					break;
				}
				Pending next = this.pending.poll(100, TimeUnit.MILLISECONDS);
				if (next == null) {
					continue;
				}
				if (!window.tryAcquire(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS)) {
					break;
				}
				MqttMessage reply = new MqttMessage(reply(next.contract(), next.received()));
				reply.setQos(this.options.qos);
				client.publish("kosmos/analyses/" + next.contract(), reply, null, release);
				replied++;
			}
			// Let the last replies reach the broker before disconnecting.
			window.tryAcquire(this.options.inflight, 5, TimeUnit.SECONDS);
		}
		finally {
			client.disconnect(1000).waitForCompletion(2000);
			client.close();
		}
		System.err.println("echo: " + this.triggers.get() + " triggers, " + replied + " replied, "
				+ this.invalid.get() + " without a contract");
		return 0;
	}

	private static byte[] reply(String contract, Instant received) {
		String now = Instant.now().toString();
		String body = "{\"body\":{\"from\":\"echo\",\"contract\":\"" + contract + "\",\"timestamp\":\"" + now
				+ "\",\"type\":\"text\",\"calculated\":{\"received\":\"" + received
				+ "\"},\"results\":{\"total\":1,\"predict\":0}}}";
		return body.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Returns {@code body.contract} of a trigger, reading no further than needed, or null.
	 * The contract is copied into a topic, so one that is not a single topic level is rejected.
	 */
	static String contractOf(byte[] trigger) {
		try (JsonParser parser = JSON.createParser(trigger)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (!name.equals("body")) {
					parser.skipChildren();
					continue;
				}
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if (field.equals("contract") && value == JsonToken.VALUE_STRING) {
						String contract = parser.getString();
						boolean oneLevel = !contract.isEmpty() && contract.chars().noneMatch((c) -> c == '/'
								|| c == '+' || c == '#' || c == '"' || c == '\\' || c < 0x20);
						return oneLevel ? contract : null;
					}
					parser.skipChildren();
				}
				return null;
			}
			return null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private record Pending(String contract, Instant received) {
	}

	private final class TriggerCallback implements MqttCallback {

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			Instant received = Instant.now();
			EchoResponder.this.triggers.incrementAndGet();
			EchoResponder.this.lastTrigger.set(System.nanoTime());
			String contract = contractOf(message.getPayload());
			if (contract == null || !EchoResponder.this.pending.offer(new Pending(contract, received))) {
				EchoResponder.this.invalid.incrementAndGet();
			}
		}

		@Override
		public void connectionLost(Throwable cause) {
			System.err.println("echo: connection lost: " + cause);
		}

		@Override
		public void deliveryComplete(IMqttDeliveryToken token) {
		}

	}

}
