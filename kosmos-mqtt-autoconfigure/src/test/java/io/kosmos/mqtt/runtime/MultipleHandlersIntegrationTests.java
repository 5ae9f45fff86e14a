package io.kosmos.mqtt.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolRunner;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs one application with two {@link AnalysisHandler} beans on two models over one
 * connection, against the embedded broker or the one named by {@code kosmos.test.broker}.
 */
class MultipleHandlersIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final JsonMapper json = JsonMapper.builder().build();

	private static AnalysisHandler recording(ConcurrentLinkedQueue<String> contracts) {
		AnalysisHandler analysis = ToolRunner.rowCountHandler();
		return (request) -> {
			contracts.add(request.contract());
			return analysis.analyse(request);
		};
	}

	private ApplicationContextRunner toolRunner(String suffix, ConcurrentLinkedQueue<String> wear,
			ConcurrentLinkedQueue<String> drift) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
			.withBean("wearAnalysis", AnalysisHandler.class, () -> recording(wear))
			.withBean("driftAnalysis", AnalysisHandler.class, () -> recording(drift))
			.withPropertyValues("kosmos.mqtt.broker.url=" + TestBroker.url(),
					"kosmos.mqtt.broker.client-id=it-" + UUID.randomUUID(), "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.model.url=wear-" + suffix, "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.model.from=two-models", "kosmos.mqtt.result.temporary=false",
					"kosmos.mqtt.handlers.driftAnalysis.model.url=drift-" + suffix,
					"kosmos.mqtt.handlers.driftAnalysis.model.tag=v2",
					"kosmos.mqtt.handlers.driftAnalysis.model.from=drift-tool",
					"kosmos.mqtt.handlers.driftAnalysis.result.temporary=true");
	}

	@Test
	void eachHandlerGetsOnlyItsTriggers() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		ConcurrentLinkedQueue<String> wear = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> drift = new ConcurrentLinkedQueue<>();
		String wearContract = "w-" + suffix;
		String driftContract = "d-" + suffix;
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(suffix, wear, drift).run((context) -> {
				assertThat(context).hasNotFailed();
				StatusPublisher status = context.getBean(StatusPublisher.class);
				await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
				assertThat(context.getBean(TriggerRouter.class).requestTopics())
					.containsExactly("kosmos/analytics/drift-" + suffix + "/v2", "kosmos/analytics/wear-" + suffix + "/v1");

				// One trigger at a time: the probe drops messages on other topics while it waits,
				// and the two results may arrive in either order.
				probe.publish("kosmos/analytics/wear-" + suffix + "/v1", trigger(wearContract));
				JsonNode wearBody = this.json.readTree(probe.next("kosmos/analyses/" + wearContract, TIMEOUT).payload())
					.get("body");
				assertThat(wearBody.get("from").stringValue()).isEqualTo("two-models");
				assertThat(wearBody.get("model").get("url").stringValue()).isEqualTo("wear-" + suffix);
				assertThat(wearBody.get("model").get("tag").stringValue()).isEqualTo("v1");
				probe.publish("kosmos/analytics/drift-" + suffix + "/v2", trigger(driftContract));
				JsonNode driftBody = this.json
					.readTree(probe.next("kosmos/analyses/" + driftContract + "/temporary", TIMEOUT).payload())
					.get("body");
				assertThat(driftBody.get("from").stringValue()).isEqualTo("drift-tool");
				assertThat(driftBody.get("model").get("url").stringValue()).isEqualTo("drift-" + suffix);
				assertThat(driftBody.get("model").get("tag").stringValue()).isEqualTo("v2");
				assertThat(wear).containsExactly(wearContract);
				assertThat(drift).containsExactly(driftContract);
			});
		}
	}

	@Test
	void handlersSharingTriggerTopicFailStartup() {
		toolRunner("same", new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>())
			.withPropertyValues("kosmos.mqtt.handlers.driftAnalysis.model.url=wear-same",
					"kosmos.mqtt.handlers.driftAnalysis.model.tag=v1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("AnalysisHandler beans 'driftAnalysis' and 'wearAnalysis' both use trigger "
							+ "topic 'kosmos/analytics/wear-same/v1'");
			});
	}

	@Test
	void unknownHandlerNameFailsStartup() {
		toolRunner("unknown", new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>())
			.withPropertyValues("kosmos.mqtt.handlers.missing.model.tag=v3")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("kosmos.mqtt.handlers.missing configures no AnalysisHandler bean");
			});
	}

	private static byte[] trigger(String contract) throws Exception {
		String template = new String(ToolRunner.resource(ToolRunner.GOOD_TRIGGER), StandardCharsets.UTF_8);
		return template.replace("\"k2301\"", "\"" + contract + "\"").getBytes(StandardCharsets.UTF_8);
	}

}
