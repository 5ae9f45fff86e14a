package io.kosmos.mqtt.config.ini;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.kosmos.mqtt.config.EmbeddedBrokerAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttProperties;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts a tool from a config.ini written like the Python predecessor's, with
 * {@code CONFIG_*} overrides, against the test broker, and sends it a trigger on one of
 * the extra request topics.
 */
class PredecessorIniIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	@Test
	void toolStartsFromPredecessorIni() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		URI broker = URI.create(TestBroker.url());
		Path ini = Files.writeString(this.directory.resolve("config.ini"), """
				; config.ini of the Python wrapper, all five sections
				[mqtt]
				host = %s
				; the port is set by CONFIG_MQTT_PORT below
				port = 1
				client_id = wear-client

				[messaging]
				analytic_base_url = plant/analytics/
				base_result_topic = plant/analyses/
				temporary_keyword = scratch
				status_topic = plant/status
				qos = 2
				request_topic = plant/extra/one, plant/extra/two
				temporary = true

				[wrapper]
				prometheus_serve_port = 8020

				[logging]
				log_level = INFO

				[model]
				url = wear
				tag = v1
				from = wear-tool
				""".formatted(broker.getHost()));
		Map<String, String> environmentVariables = new HashMap<>();
		environmentVariables.put("CONFIG_MQTT_PORT", Integer.toString(broker.getPort()));
		environmentVariables.put("CONFIG_MQTT_CLIENT_ID", "wear-client-" + run);
		environmentVariables.put("CONFIG_MODEL_URL", "wear-" + run);
		environmentVariables.put("CONFIG_MESSAGING_QOS", "1");
		environmentVariables.put("CONFIG_MESSAGING_REQUEST_TOPIC", "plant/extra/" + run + "/+, plant/other/" + run);

		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "plant/analyses/#");
				ConfigurableApplicationContext context = start(ini, environmentVariables)) {
			KosmosMqttProperties properties = context.getBean(KosmosMqttProperties.class);
			assertThat(properties.getModel().getUrl()).isEqualTo("wear-" + run);
			assertThat(properties.getModel().getTag()).isEqualTo("v1");
			assertThat(properties.getModel().getFrom()).isEqualTo("wear-tool");
			assertThat(ToolClient.of(context).url()).isEqualTo(TestBroker.url());

			assertThat(ToolClient.subscribedTopics(context)).containsExactly("plant/analytics/wear-" + run + "/v1",
					"plant/extra/" + run + "/+", "plant/other/" + run);
			assertThat(ToolClient.subscribedQos(context)).containsExactly(1, 1, 1);
			KosmosTopics topics = context.getBean(KosmosTopics.class);
			assertThat(topics.resultTopic("k2301")).isEqualTo("plant/analyses/k2301/scratch");
			assertThat(topics.statusTopic()).isEqualTo("plant/status");

			StatusPublisher status = context.getBean(StatusPublisher.class);
			await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
			probe.publish("plant/extra/" + run + "/line-4", fixture("triggers/conveyor-trigger.json"));

			MqttProbe.Received result = probe.next("plant/analyses/k2301/scratch", TIMEOUT);
			assertThat(result.qos()).isEqualTo(1);
			assertThat(result.payload()).contains("\"from\":\"wear-tool\"")
				.contains("\"url\":\"wear-" + run + "\"")
				.contains("\"tag\":\"v1\"");
		}
	}

	private static ConfigurableApplicationContext start(Path ini, Map<String, String> environmentVariables) {
		SpringApplication application = new SpringApplication(ToolConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.addBootstrapRegistryInitializer((registry) -> registry.register(EnvironmentVariables.class,
				InstanceSupplier.of(environmentVariables::get)));
		// A plain kosmos.mqtt property on the command line, next to the INI import: no INI key covers it.
		return application.run("--spring.config.import=ini:file:" + ini, "--kosmos.mqtt.broker.clean-session=true");
	}

	private static byte[] fixture(String path) throws IOException {
		try (InputStream in = PredecessorIniIntegrationTests.class.getClassLoader().getResourceAsStream(path)) {
			return in.readAllBytes();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, EmbeddedBrokerAutoConfiguration.class,
			KosmosMqttAutoConfiguration.class })
	static class ToolConfiguration {

		@Bean
		AnalysisHandler echoHandler() {
			return (request) -> AnalysisResult.timeSeries(request.table());
		}

	}

}
