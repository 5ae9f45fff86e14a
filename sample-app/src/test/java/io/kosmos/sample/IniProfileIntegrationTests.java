package io.kosmos.sample;

import java.time.Duration;

import io.kosmos.mqtt.config.KosmosMqttProperties;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.test.KosmosBrokerTest;
import io.kosmos.mqtt.test.KosmosTestClient;
import io.kosmos.mqtt.test.KosmosTriggers;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static io.kosmos.mqtt.test.KosmosAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "ini" profile takes model, topics and QoS from {@code config/sample.ini}. Only the
 * broker URL comes from {@link KosmosBrokerTest}, which wins over the INI file's
 * {@code [mqtt] host} and {@code port}.
 */
@SpringBootTest
@ActiveProfiles("ini")
@KosmosBrokerTest
class IniProfileIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	private KosmosMqttProperties properties;

	@Autowired
	private KosmosTopics topics;

	@Test
	void settingsFromIniFile() {
		assertThat(this.properties.getModel().getUrl()).isEqualTo("sample-ini");
		assertThat(this.properties.getModel().getTag()).isEqualTo("v2");
		assertThat(this.properties.getModel().getFrom()).isEqualTo("sample-app-ini");
		assertThat(this.properties.getResult().getTemporary()).isTrue();
		assertThat(this.properties.getEmbeddedBroker().isEnabled()).isFalse();
		assertThat(this.topics.requestTopics()).containsExactly("kosmos/analytics/sample-ini/v2");
	}

	@Test
	void subscribesToIniTriggerTopic(KosmosTestClient client) {
		Table data = Table.create("spindle", DoubleColumn.create("load", 41.0, 43.5));

		String contract = client.publishTrigger("kosmos/analytics/sample-ini/v2", KosmosTriggers.sensorUpdate(data));

		KosmosTestClient.ReceivedMessage result = client.awaitResult(contract, TIMEOUT);
		assertThat(result.topic()).isEqualTo("kosmos/analyses/" + contract + "/temporary");
		assertThat(result).isFrom("sample-app-ini").hasType("time_series").column("mean").containsExactly(42.25);
	}

}
