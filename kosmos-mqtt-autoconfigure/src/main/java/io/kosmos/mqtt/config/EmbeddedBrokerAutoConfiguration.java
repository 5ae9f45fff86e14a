package io.kosmos.mqtt.config;

import java.util.List;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.kosmos.mqtt.broker.EmbeddedMqttBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of an in-JVM MQTT broker, active when
 * {@code kosmos.mqtt.embedded-broker.enabled=true} and HiveMQ CE embedded is on the class
 * path.
 *
 * <p>Registers an {@link EmbeddedMqttBroker} on 127.0.0.1, started when the bean is
 * created, and {@link MqttConnectionDetails} that point the tool at it; both back off
 * when the application declares its own.
 */
@AutoConfiguration(before = KosmosMqttAutoConfiguration.class)
@ConditionalOnClass(EmbeddedHiveMQ.class)
@ConditionalOnBooleanProperty("kosmos.mqtt.embedded-broker.enabled")
@EnableConfigurationProperties(KosmosMqttProperties.class)
public class EmbeddedBrokerAutoConfiguration {

	@Bean(initMethod = "start", destroyMethod = "stop")
	@ConditionalOnMissingBean
	EmbeddedMqttBroker kosmosEmbeddedMqttBroker(KosmosMqttProperties properties) {
		return new EmbeddedMqttBroker(properties.getEmbeddedBroker().getPort());
	}

	@Bean
	@ConditionalOnMissingBean(MqttConnectionDetails.class)
	MqttConnectionDetails kosmosEmbeddedBrokerConnectionDetails(EmbeddedMqttBroker broker) {
		return () -> List.of(broker.url());
	}

}
