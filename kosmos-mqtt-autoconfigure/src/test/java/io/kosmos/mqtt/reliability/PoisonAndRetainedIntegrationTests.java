package io.kosmos.mqtt.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.PersistentTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends bad triggers between good ones, and retained triggers on extra request topics
 * across a broker restart, to a Mosquitto process the test owns. Ignores
 * {@code kosmos.test.broker}.
 */
@Tag("own-broker")
class PoisonAndRetainedIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path persistence;

	/** Fails for contracts that start with "boom", after counting the attempts. */
	private final Map<String, Integer> attempts = new HashMap<>();

	private final AnalysisHandler poisonHandler = (request) -> {
		if (request.contract().startsWith("boom")) {
			synchronized (this.attempts) {
				this.attempts.merge(request.contract(), 1, Integer::sum);
			}
			throw new IllegalStateException("handler failed on purpose for " + request.contract());
		}
		return ReliabilityFixtures.handler(0).analyse(request);
	};

	private ApplicationContextRunner toolRunner(String brokerUrl, String modelUrl, AnalysisHandler handler) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> handler)
			.withPropertyValues("kosmos.mqtt.broker.url=" + brokerUrl, "kosmos.mqtt.broker.client-id=tool-" + modelUrl,
					"kosmos.mqtt.broker.persistence-directory=" + this.persistence,
					"kosmos.mqtt.broker.completion-timeout=10s", "kosmos.mqtt.executor.concurrency=4",
					"kosmos.mqtt.executor.shutdown-timeout=5s", "kosmos.mqtt.model.url=" + modelUrl,
					"kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=poison-tool",
					"kosmos.mqtt.result.temporary=false");
	}

	@Test
	void poisonMixDeadLetteredAndGoodServed() throws Exception {
		String modelUrl = "poison-" + UUID.randomUUID().toString().substring(0, 8);
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		String deadLetterTopic = "kosmos/dead-letter/" + modelUrl + "/v1";
		byte[] invalidJson = "{\"body\": {\"contract\": ".getBytes(StandardCharsets.UTF_8);
		byte[] notUtf8 = { (byte) 0xff, (byte) 0xfe, 0x01 };
		byte[] wrongType = new String(ReliabilityFixtures.trigger("wrongtype", "m1", "s1"), StandardCharsets.UTF_8)
			.replace("\"sensor_update\"", "\"not_a_type\"")
			.getBytes(StandardCharsets.UTF_8);
		byte[] topicInjection = ReliabilityFixtures.trigger("evil/#", "m1", "s1");
		List<byte[]> bad = List.of(invalidJson, notUtf8, wrongType, topicInjection,
				ReliabilityFixtures.trigger("boom-1", "m1", "s1"), ReliabilityFixtures.trigger("boom-2", "m1", "s2"));
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient client = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#", deadLetterTopic)) {
			toolRunner(broker.url(), modelUrl, this.poisonHandler)
				.withPropertyValues("kosmos.mqtt.retry.max-attempts=3", "kosmos.mqtt.retry.backoff=50ms")
				.run((context) -> {
					ReconnectTracker tracker = context.getBean(ReconnectTracker.class);
					await().atMost(TIMEOUT).until(() -> tracker.connects() >= 1);
					Set<String> good = new TreeSet<>();
					for (int round = 0; round < 3; round++) {
						for (byte[] payload : bad) {
							client.publish(triggerTopic, payload, false);
							String contract = "good-" + round + "-" + good.size();
							client.publish(triggerTopic, ReliabilityFixtures.trigger(contract, "m1", "s1"), false);
							good.add(contract);
						}
					}

					await().atMost(TIMEOUT).until(() -> deadLetters(client, deadLetterTopic).size() >= 3 * bad.size()
							&& ReliabilityFixtures.distinctContracts(client.received()).containsAll(good));
					List<JsonNode> records = deadLetters(client, deadLetterTopic);
					assertThat(records).hasSize(3 * bad.size());
					Map<String, Integer> reasons = new HashMap<>();
					for (JsonNode record : records) {
						reasons.merge(record.get("reason").stringValue(), 1, Integer::sum);
						assertThat(record.get("topic").stringValue()).isEqualTo(triggerTopic);
						assertThat(record.get("from").stringValue()).isEqualTo("poison-tool");
						assertThat(record.get("message").stringValue()).isNotBlank();
						assertThat(record.get("received").stringValue()).endsWith("Z");
					}
					assertThat(reasons).containsEntry("invalid-json", 6)
						.containsEntry("schema-violation", 3)
						.containsEntry("invalid-id", 3)
						.containsEntry("handler-exception", 6);
					JsonNode binary = records.stream()
						.filter((record) -> record.get("payloadEncoding").stringValue().equals("base64"))
						.findFirst()
						.orElseThrow();
					assertThat(Base64.getDecoder().decode(binary.get("payload").stringValue())).isEqualTo(notUtf8);
					JsonNode handlerFailure = records.stream()
						.filter((record) -> record.get("reason").stringValue().equals("handler-exception"))
						.findFirst()
						.orElseThrow();
					assertThat(handlerFailure.get("attempts").asInt()).isEqualTo(3);
					assertThat(handlerFailure.get("message").stringValue()).contains("handler failed on purpose");
					synchronized (this.attempts) {
						assertThat(this.attempts).containsEntry("boom-1", 9).containsEntry("boom-2", 9);
					}
					assertThat(ReliabilityFixtures.distinctContracts(client.received())).doesNotContain("boom-1",
							"boom-2");
				});
		}
	}

	@Test
	void retainedTriggersOnExtraTopicsSurviveRestart() throws Exception {
		String modelUrl = "retained-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> extraTopics = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			extraTopics.add("plant/" + modelUrl + "/line-" + i);
		}
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient client = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#")) {
			for (int i = 0; i < extraTopics.size(); i++) {
				client.publish(extraTopics.get(i), ReliabilityFixtures.trigger("retained-" + i, "m" + i, "s1"), true);
			}
			Set<String> expected = new TreeSet<>();
			for (int i = 0; i < extraTopics.size(); i++) {
				expected.add("retained-" + i);
			}
			toolRunner(broker.url(), modelUrl, ReliabilityFixtures.handler(0))
				.withPropertyValues("kosmos.mqtt.topics.extra-request-topics=" + String.join(",", extraTopics))
				.run((context) -> {
					ReconnectTracker tracker = context.getBean(ReconnectTracker.class);
					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(client.received()).containsAll(expected));

					broker.restart();
					await().atMost(TIMEOUT).until(() -> tracker.reconnects() >= 1);
					client.publish("kosmos/analytics/" + modelUrl + "/v1",
							ReliabilityFixtures.trigger("after-restart", "m1", "s1"), false);

					await().atMost(TIMEOUT).until(
							() -> ReliabilityFixtures.distinctContracts(client.received()).contains("after-restart"));
					assertThat(ReliabilityFixtures.distinctContracts(client.received())).containsAll(expected);
				});
		}
	}

	private List<JsonNode> deadLetters(PersistentTestClient client, String topic) {
		List<JsonNode> records = new ArrayList<>();
		for (PersistentTestClient.Received message : client.received()) {
			if (message.topic().equals(topic)) {
				records.add(this.json.readTree(message.payload()));
			}
		}
		return records;
	}

}
