package io.kosmos.mqtt.test.testcontainers;

import java.time.Duration;

import io.kosmos.mqtt.config.MqttConnectionDetails;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.test.KosmosTestClient;
import io.kosmos.mqtt.test.KosmosTriggers;
import org.junit.jupiter.api.Test;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.kosmos.mqtt.test.KosmosAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A HiveMQ container as the tool's broker through {@code @ServiceConnection}. JUnit skips
 * the class with "Docker is not available" where there is no Docker.
 */
@SpringBootTest(properties = { "kosmos.mqtt.model.url=container", "kosmos.mqtt.model.tag=v1",
		"kosmos.mqtt.model.from=container-tool", "kosmos.mqtt.result.temporary=false" })
@Testcontainers(disabledWithoutDocker = true)
class HiveMQContainerServiceConnectionTests {

	@Container
	@ServiceConnection
	static final HiveMQContainer broker = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));

	@Autowired
	private MqttConnectionDetails connectionDetails;

	@Test
	void toolUsesContainerBroker() {
		String url = "tcp://" + broker.getHost() + ":" + broker.getMqttPort();
		assertThat(this.connectionDetails.getUrls()).containsExactly(url);

		try (KosmosTestClient client = KosmosTestClient.connect(url)) {
			Table data = Table.create("data", DoubleColumn.create("load", 2.0));
			String contract = client.publishTrigger("kosmos/analytics/container/v1", KosmosTriggers.sensorUpdate(data));

			assertThat(client.awaitResult(contract, Duration.ofSeconds(30))).hasType("time_series");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EchoTool {

		@Bean
		AnalysisHandler echoHandler() {
			return (request) -> AnalysisResult.timeSeries(request.table());
		}

	}

}
