package io.kosmos.mqtt.reliability;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MosquittoBroker;
import io.kosmos.mqtt.support.PersistentTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs two instances of one tool in one shared-subscription group against a Mosquitto
 * process that the test owns, over MQTT 3.1.1 and over MQTT 5.
 *
 * <p>The instances use clean sessions, so that a stopped member leaves the group. With a
 * persistent session a stopped member may stay in the group and its share of the
 * triggers waits for that client id to connect again (EMQX documents this).
 */
@Tag("own-broker")
class SharedSubscriptionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private ApplicationContextRunner instance(String protocolVersion, String brokerUrl, String modelUrl, String name,
			ConcurrentLinkedQueue<String> processed) {
		AnalysisHandler analysis = ReliabilityFixtures.handler(0);
		AnalysisHandler recording = (request) -> {
			processed.add(request.contract());
			return analysis.analyse(request);
		};
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> recording)
			.withPropertyValues("kosmos.mqtt.broker.protocol-version=" + protocolVersion,
					"kosmos.mqtt.broker.url=" + brokerUrl,
					"kosmos.mqtt.broker.client-id=" + name + "-" + modelUrl, "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.broker.persistence=memory", "kosmos.mqtt.shared-subscription.group=" + modelUrl,
					"kosmos.mqtt.broker.completion-timeout=10s", "kosmos.mqtt.executor.concurrency=2",
					"kosmos.mqtt.executor.shutdown-timeout=10s", "kosmos.mqtt.model.url=" + modelUrl,
					"kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=shared-tool",
					"kosmos.mqtt.result.temporary=false");
	}

	@ParameterizedTest(name = "MQTT {0}")
	@ValueSource(strings = { "3.1.1", "5" })
	void groupSplitsTriggersAndSurvivesMemberStop(String protocolVersion) throws Exception {
		String modelUrl = "shared-" + UUID.randomUUID().toString().substring(0, 8);
		String triggerTopic = "kosmos/analytics/" + modelUrl + "/v1";
		ConcurrentLinkedQueue<String> processedByFirst = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> processedBySecond = new ConcurrentLinkedQueue<>();
		int count = 1000;
		try (MosquittoBroker broker = MosquittoBroker.start();
				PersistentTestClient mediator = new PersistentTestClient(broker.url(), "mediator-" + modelUrl,
						"kosmos/analyses/#")) {
			instance(protocolVersion, broker.url(), modelUrl, "first", processedByFirst).run((first) -> {
				assertThat(first).hasNotFailed();
				awaitAlive(first);
				instance(protocolVersion, broker.url(), modelUrl, "second", processedBySecond).run((second) -> {
					assertThat(second).hasNotFailed();
					awaitAlive(second);
					Set<String> sent = publish(mediator, triggerTopic, "a", 0, count);

					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(mediator.received()).size() >= count);
					Set<String> results = ReliabilityFixtures.distinctContracts(mediator.received());
					long resultCount = ReliabilityFixtures.resultCount(mediator.received());
					System.out.println("Shared subscription test over MQTT " + protocolVersion + ": " + count + " triggers sent, " + results.size()
							+ " distinct results, " + (resultCount - results.size()) + " duplicates; first instance "
							+ processedByFirst.size() + ", second instance " + processedBySecond.size());
					assertThat(results).isEqualTo(sent);
					assertThat(resultCount).isEqualTo(count);
					assertThat(processedByFirst.size() + processedBySecond.size()).isEqualTo(count);
					assertThat(intersection(processedByFirst, processedBySecond)).isEmpty();
					// Mosquitto 2.0.11 hands the messages of a shared subscription to its
					// members in turn, so each instance gets some.
					assertThat(processedByFirst).isNotEmpty();
					assertThat(processedBySecond).isNotEmpty();

					// Mid-stream: the second instance stops between two triggers while the
					// first keeps serving.
					publish(mediator, triggerTopic, "b", 0, count / 4);
					second.close();
					int firstBeforeStop = processedByFirst.size();
					Set<String> afterStop = publish(mediator, triggerTopic, "c", 0, count / 4);

					await().atMost(TIMEOUT)
						.until(() -> ReliabilityFixtures.distinctContracts(mediator.received()).containsAll(afterStop));
					Set<String> duringStop = new HashSet<>(ReliabilityFixtures.distinctContracts(mediator.received()));
					duringStop.removeIf((contract) -> !contract.startsWith("b"));
					System.out.println("Shared subscription test over MQTT " + protocolVersion + " after the stop: " + afterStop.size()
							+ " triggers sent after the stop all served by the first instance ("
							+ (processedByFirst.size() - firstBeforeStop) + " processed); " + duringStop.size() + " of "
							+ count / 4 + " triggers sent before the stop have results");
					assertThat(processedByFirst).containsAll(afterStop);
				});
			});
		}
	}

	private static Set<String> publish(PersistentTestClient mediator, String topic, String prefix, int from, int count)
			throws InterruptedException {
		Set<String> contracts = new HashSet<>();
		for (int i = from; i < from + count; i++) {
			String contract = prefix + i;
			mediator.publish(topic, ReliabilityFixtures.trigger(contract, "m1", "s" + (i % 10)), false);
			contracts.add(contract);
		}
		return contracts;
	}

	private static Set<String> intersection(ConcurrentLinkedQueue<String> first, ConcurrentLinkedQueue<String> second) {
		Set<String> common = new HashSet<>(first);
		common.retainAll(List.copyOf(second));
		return common;
	}

	private static void awaitAlive(ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

}
