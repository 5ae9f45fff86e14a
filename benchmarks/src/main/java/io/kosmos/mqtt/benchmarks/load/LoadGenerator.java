package io.kosmos.mqtt.benchmarks.load;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.kosmos.mqtt.config.TcpNoDelaySocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load generator for a KOSMoS analysis tool on a loopback MQTT broker: publishes
 * {@code sensor_update} triggers, each with a unique contract, and matches the results on
 * {@code kosmos/analyses/<contract>[/temporary]}. With {@code --echo} it responds to triggers
 * itself with a tiny result instead, so that a second instance measures what the broker
 * and the clients allow without a tool.
 *
 * <p>Latency is end to end: from just before the trigger's publish to the arrival of its
 * result. Tool time is {@code timestamp - calculated.received} of each result, as the tool
 * states it. Exit status: 0 when every result arrived once, 1 when results are missing
 * or duplicated, 2 on invalid options or a failed connection.
 */
public final class LoadGenerator {

	private static final String RESULT_FILTER = "kosmos/analyses/#";

	private static final String RESULT_PREFIX = "kosmos/analyses/";

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final LoadOptions options;

	private final String runId = UUID.randomUUID().toString().substring(0, 8);

	private final int total;

	private final long[] sentAt;

	private final long[] latencies;

	private final long[] toolTimes;

	private final AtomicInteger[] arrivals;

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicInteger duplicates = new AtomicInteger();

	private final AtomicInteger unmatched = new AtomicInteger();

	private final AtomicInteger publishFailures = new AtomicInteger();

	private final AtomicLong lastArrival = new AtomicLong();

	private LoadGenerator(LoadOptions options) {
		this.options = options;
		this.total = options.warmup + options.count;
		this.sentAt = new long[this.total];
		this.latencies = new long[this.total];
		this.toolTimes = new long[this.total];
		this.arrivals = new AtomicInteger[this.total];
		for (int i = 0; i < this.total; i++) {
			this.arrivals[i] = new AtomicInteger();
		}
	}

	public static void main(String[] args) {
		LoadOptions options;
		try {
			options = LoadOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		if (options.help) {
			System.out.print(LoadOptions.USAGE);
			return;
		}
		try {
			int status = options.echo ? new EchoResponder(options).run() : new LoadGenerator(options).run();
			System.exit(status);
		}
		catch (MqttException ex) {
			System.err.println("MQTT failed on " + options.brokerUri() + ": " + ex.getMessage() + " (reason code "
					+ ex.getReasonCode() + ")");
			System.exit(2);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			System.exit(2);
		}
	}

	/** Connection options shared by both modes: clean session, raised in-flight window, TCP_NODELAY unless --nagle. */
	static MqttConnectOptions connectOptions(LoadOptions options) {
		MqttConnectOptions connect = new MqttConnectOptions();
		connect.setCleanSession(true);
		connect.setAutomaticReconnect(false);
		connect.setMaxInflight(options.inflight);
		connect.setConnectionTimeout(10);
		connect.setKeepAliveInterval(60);
		if (!options.nagle) {
			connect.setSocketFactory(new TcpNoDelaySocketFactory());
		}
		return connect;
	}

	private int run() throws MqttException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.options.durationSeconds);
		TriggerTemplate template = new TriggerTemplate(this.options.rows, this.options.columns, "s-" + this.runId);
		MqttAsyncClient client = new MqttAsyncClient(this.options.brokerUri(), "loadgen-" + this.runId,
				new MemoryPersistence());
		client.setCallback(new ResultCallback());
		client.connect(connectOptions(this.options)).waitForCompletion(15_000);
		try {
			client.subscribe(RESULT_FILTER, this.options.qos).waitForCompletion(15_000);
			System.err.printf(Locale.ROOT, "loadgen: %d triggers of %d x %d (%d bytes) to %s at QoS %d, %s%n",
					this.options.count, this.options.rows, this.options.columns, template.size(12),
					this.options.triggerTopic(), this.options.qos,
					(this.options.rate > 0) ? this.options.rate + "/s" : "as fast as possible");
			if (this.options.warmup > 0) {
				publish(client, template, 0, this.options.warmup, deadline);
				awaitResults(this.options.warmup, deadline);
			}
			int firstMeasured = this.options.warmup;
			int receivedBefore = this.received.get();
			long start = System.nanoTime();
			int sent = publish(client, template, firstMeasured, this.total, deadline);
			long lastPublish = System.nanoTime();
			awaitResults(firstMeasured + sent, deadline);
			long end = Math.max(this.lastArrival.get(), lastPublish);
			int measuredReceived = this.received.get() - receivedBefore;
			return report(sent, measuredReceived, start, lastPublish, end);
		}
		finally {
			client.disconnect(1000).waitForCompletion(2000);
			client.close();
		}
	}

	/** Publishes triggers first (inclusive) to last (exclusive) and returns how many were published. */
	private int publish(MqttAsyncClient client, TriggerTemplate template, int first, int last, long deadline)
			throws MqttException, InterruptedException {
		String topic = this.options.triggerTopic();
		Semaphore window = new Semaphore(this.options.inflight);
		IMqttActionListener release = new IMqttActionListener() {

			@Override
			public void onSuccess(IMqttToken token) {
				window.release();
			}

			@Override
			public void onFailure(IMqttToken token, Throwable failure) {
				LoadGenerator.this.publishFailures.incrementAndGet();
				window.release();
			}

		};
		long intervalNanos = (this.options.rate > 0) ? (long) (1e9 / this.options.rate) : 0;
		long start = System.nanoTime();
		for (int seq = first; seq < last; seq++) {
			if (intervalNanos > 0) {
				long due = start + (seq - first) * intervalNanos;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0 || !window.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
				System.err.println("loadgen: --duration reached after " + (seq - first) + " publishes");
				return seq - first;
			}
			MqttMessage message = new MqttMessage(template.render(contract(seq)));
			message.setQos(this.options.qos);
			this.sentAt[seq] = System.nanoTime();
			client.publish(topic, message, null, release);
		}
		return last - first;
	}

	private String contract(int seq) {
		return "lg-" + this.runId + "-" + seq;
	}

	/** Waits until the first {@code expected} results arrived, --timeout passed since the last arrival or publish, or the deadline. */
	private void awaitResults(int expected, long deadline) throws InterruptedException {
		long timeout = TimeUnit.SECONDS.toNanos(this.options.timeoutSeconds);
		long waitStart = System.nanoTime();
		while (countArrived(expected) < expected) {
			long now = System.nanoTime();
			long lastProgress = Math.max(waitStart, this.lastArrival.get());
			if (now - lastProgress > timeout || now > deadline) {
				return;
			}
			Thread.sleep(5);
		}
	}

	private int countArrived(int expected) {
		return Math.min(this.received.get() - this.duplicates.get() - this.unmatched.get(), expected);
	}

	private int report(int sent, int received, long start, long lastPublish, long end) {
		int first = this.options.warmup;
		int matched = 0;
		int duplicated = 0;
		long[] measuredLatencies = new long[sent];
		int latencyValues = 0;
		long[] measuredToolTimes = new long[sent];
		int toolTimeValues = 0;
		for (int seq = first; seq < first + sent; seq++) {
			int arrivalsOfSeq = this.arrivals[seq].get();
			if (arrivalsOfSeq > 0) {
				matched++;
				duplicated += arrivalsOfSeq - 1;
				measuredLatencies[latencyValues++] = this.latencies[seq];
				if (this.toolTimes[seq] >= 0) {
					measuredToolTimes[toolTimeValues++] = this.toolTimes[seq];
				}
			}
		}
		Percentiles latency = new Percentiles(measuredLatencies, latencyValues);
		Percentiles toolTime = new Percentiles(measuredToolTimes, toolTimeValues);
		double seconds = (end - start) / 1e9;
		double throughput = matched / seconds;
		double publishRate = sent / Math.max((lastPublish - start) / 1e9, 1e-9);
		int lost = sent - matched;
		if (this.options.json) {
			System.out.printf(Locale.ROOT,
					"{\"rows\":%d,\"cols\":%d,\"rate\":%s,\"qos\":%d,\"nagle\":%b,\"sent\":%d,\"received\":%d,"
							+ "\"lost\":%d,\"duplicates\":%d,\"unmatched\":%d,\"publish_failures\":%d,"
							+ "\"seconds\":%.3f,\"throughput\":%.1f,\"publish_rate\":%.1f,"
							+ "\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
							+ "\"tool_ms\":{\"count\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}}%n",
					this.options.rows, this.options.columns, this.options.rate, this.options.qos, this.options.nagle,
					sent, matched, lost, duplicated, this.unmatched.get(), this.publishFailures.get(), seconds,
					throughput, publishRate, latency.millis(50), latency.millis(90), latency.millis(99),
					latency.millis(100), toolTime.count(), toolTime.millis(50), toolTime.millis(90),
					toolTime.millis(99), toolTime.millis(100));
		}
		else {
			System.out.printf(Locale.ROOT, "sent %d, received %d, lost %d, duplicates %d, unmatched %d, "
					+ "publish failures %d%n", sent, matched, lost, duplicated, this.unmatched.get(),
					this.publishFailures.get());
			System.out.printf(Locale.ROOT, "throughput %.1f results/s over %.3f s (publish rate %.1f/s)%n",
					throughput, seconds, publishRate);
			System.out.printf(Locale.ROOT, "latency ms (end to end): p50 %.3f, p90 %.3f, p99 %.3f, max %.3f%n",
					latency.millis(50), latency.millis(90), latency.millis(99), latency.millis(100));
			System.out.printf(Locale.ROOT,
					"tool time ms (timestamp - calculated.received, %d results): p50 %.3f, p90 %.3f, p99 %.3f, "
							+ "max %.3f%n",
					toolTime.count(), toolTime.millis(50), toolTime.millis(90), toolTime.millis(99),
					toolTime.millis(100));
		}
		return (lost == 0 && duplicated == 0) ? 0 : 1;
	}

	/** Parses the sequence number out of a result topic of this run, or returns -1. */
	int sequenceOf(String topic) {
		if (!topic.startsWith(RESULT_PREFIX)) {
			return -1;
		}
		int end = topic.indexOf('/', RESULT_PREFIX.length());
		String contract = topic.substring(RESULT_PREFIX.length(), (end < 0) ? topic.length() : end);
		String prefix = "lg-" + this.runId + "-";
		if (!contract.startsWith(prefix)) {
			return -1;
		}
		try {
			int seq = Integer.parseInt(contract, prefix.length(), contract.length(), 10);
			return (seq >= 0 && seq < this.total) ? seq : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** Returns timestamp - calculated.received of a result in nanoseconds, or -1 when either is missing or invalid. */
	static long toolTimeNanos(byte[] payload) {
		try {
			JsonNode body = JSON.readTree(payload).path("body");
			String received = body.path("calculated").path("received").asString(null);
			String timestamp = body.path("timestamp").asString(null);
			if (received == null || timestamp == null) {
				return -1;
			}
			Instant from = OffsetDateTime.parse(received).toInstant();
			Instant to = OffsetDateTime.parse(timestamp).toInstant();
			return ChronoUnit.NANOS.between(from, to);
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private final class ResultCallback implements MqttCallback {

		@Override
		public void messageArrived(String topic, MqttMessage message) {
			long now = System.nanoTime();
			int seq = sequenceOf(topic);
			if (seq < 0) {
				// A result of another run or of another client on the same broker.
				LoadGenerator.this.unmatched.incrementAndGet();
				LoadGenerator.this.received.incrementAndGet();
				return;
			}
			if (LoadGenerator.this.arrivals[seq].getAndIncrement() > 0) {
				LoadGenerator.this.duplicates.incrementAndGet();
			}
			else {
				LoadGenerator.this.latencies[seq] = now - LoadGenerator.this.sentAt[seq];
				LoadGenerator.this.toolTimes[seq] = toolTimeNanos(message.getPayload());
			}
			LoadGenerator.this.lastArrival.set(now);
			LoadGenerator.this.received.incrementAndGet();
		}

		@Override
		public void connectionLost(Throwable cause) {
			System.err.println("loadgen: connection lost: " + cause);
		}

		@Override
		public void deliveryComplete(IMqttDeliveryToken token) {
		}

	}

}
