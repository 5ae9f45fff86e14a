package io.kosmos.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kosmos.mqtt.config.MqttConnectionDetails;
import io.kosmos.mqtt.runtime.KosmosTopics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * With {@code --sample.demo=true}, plays the KOSMoS mediator once: publishes a trigger to
 * this tool, prints the result it publishes, and stops the application. It shows the
 * whole path with nothing else running.
 */
@Component
@ConditionalOnBooleanProperty("sample.demo")
class DemoMediator implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoMediator.class);

	private final MqttConnectionDetails connectionDetails;

	private final KosmosTopics topics;

	private final Resource trigger;

	private final Duration timeout;

	private final ConfigurableApplicationContext context;

	DemoMediator(MqttConnectionDetails connectionDetails, KosmosTopics topics,
			@Value("${sample.demo.trigger:classpath:triggers/spindle-axis-trigger.json}") Resource trigger,
			@Value("${sample.demo.timeout:30s}") Duration timeout, ConfigurableApplicationContext context) {
		this.connectionDetails = connectionDetails;
		this.topics = topics;
		this.trigger = trigger;
		this.timeout = timeout;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		byte[] payload = readTrigger();
		JsonMapper json = JsonMapper.builder().build();
		String contract = json.readTree(payload).path("body").path("contract").asString();
		String resultTopic = this.topics.resultTopic(contract);
		String url = this.connectionDetails.getUrls().get(0);

		CompletableFuture<String> result = new CompletableFuture<>();
		MqttClient mediator = new MqttClient(url, "sample-demo-mediator-" + UUID.randomUUID(), new MemoryPersistence());
		int exitCode;
		try {
			mediator.connect();
			mediator.subscribe(resultTopic, 2,
					(topic, message) -> result.complete(new String(message.getPayload(), StandardCharsets.UTF_8)));

			logger.info("Demo: publishing trigger " + this.trigger.getDescription() + " to '"
					+ this.topics.triggerTopic() + "'");
			mediator.publish(this.topics.triggerTopic(), new MqttMessage(payload));

			JsonNode published = json.readTree(result.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS));
			System.out.println("Result published on '" + resultTopic + "':");
			System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(published));
			exitCode = 0;
		}
		catch (TimeoutException ex) {
			logger.error("Demo: no result on '" + resultTopic + "' within " + this.timeout
					+ "; look for a rejected trigger or a handler error above");
			exitCode = 1;
		}
		catch (ExecutionException | MqttException ex) {
			logger.error("Demo: failed to exchange messages with the broker at " + url, ex);
			exitCode = 1;
		}
		finally {
			if (mediator.isConnected()) {
				mediator.disconnect();
			}
			mediator.close();
		}
		int code = exitCode;
		System.exit(SpringApplication.exit(this.context, () -> code));
	}

	private byte[] readTrigger() throws IOException {
		try (InputStream in = this.trigger.getInputStream()) {
			return in.readAllBytes();
		}
	}

}
