package io.kosmos.mqtt.config;

import io.kosmos.mqtt.health.KosmosMqttHealthIndicator;
import io.kosmos.mqtt.runtime.MqttConnectionMonitor;
import io.kosmos.mqtt.runtime.MqttResultConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code kosmos-mqtt} health indicator. Active when Spring
 * Boot's health module is on the class path; turned off with
 * {@code management.health.kosmos-mqtt.enabled=false}.
 */
@AutoConfiguration(after = KosmosMqttMonitorAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(MqttConnectionMonitor.class)
@ConditionalOnEnabledHealthIndicator("kosmos-mqtt")
public class KosmosMqttHealthAutoConfiguration {

	/**
	 * The indicator; Spring Boot names it after the bean without the
	 * {@code HealthIndicator} suffix, so the bean name makes it {@code kosmos-mqtt}.
	 */
	@Bean("kosmos-mqttHealthIndicator")
	@ConditionalOnMissingBean(name = "kosmos-mqttHealthIndicator")
	KosmosMqttHealthIndicator kosmosMqttHealthIndicator(MqttConnectionMonitor monitor, KosmosMqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<MqttResultConnection> resultConnection) {
		return new KosmosMqttHealthIndicator(monitor, String.valueOf(connectionDetails.getUrls()),
				properties.determineClientId(), resultConnection.getIfAvailable());
	}

}
