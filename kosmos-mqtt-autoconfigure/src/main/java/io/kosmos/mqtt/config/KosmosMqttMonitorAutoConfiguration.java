package io.kosmos.mqtt.config;

import java.time.Clock;

import io.kosmos.mqtt.runtime.MqttConnectionMonitor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.inbound.AbstractMqttMessageDrivenChannelAdapter;

/**
 * Auto-configuration of the {@link MqttConnectionMonitor}, which the health indicator,
 * the connection gauge and the readiness state read. Active when
 * {@link KosmosMqttAutoConfiguration} set up the tool's connection and subscription.
 */
@AutoConfiguration(after = KosmosMqttAutoConfiguration.class)
@ConditionalOnBean(name = { "kosmosMqttClientManager", "kosmosTriggerAdapter" })
public class KosmosMqttMonitorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MqttConnectionMonitor kosmosMqttConnectionMonitor(ClientManager<?, ?> kosmosMqttClientManager,
			AbstractMqttMessageDrivenChannelAdapter<?, ?> kosmosTriggerAdapter) {
		return new MqttConnectionMonitor(kosmosMqttClientManager, kosmosTriggerAdapter, Clock.systemUTC());
	}

}
