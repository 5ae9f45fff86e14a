package io.kosmos.mqtt.config;

import java.time.Clock;

import io.kosmos.mqtt.metrics.KosmosMqttMetrics;
import io.kosmos.mqtt.runtime.MqttConnectionMonitor;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Auto-configuration of the tool's Micrometer metrics ({@link KosmosMqttMetrics}). Active
 * when Micrometer is on the class path and the application has a {@link MeterRegistry}
 * bean, as Spring Boot's metrics auto-configuration provides.
 */
@AutoConfiguration(after = { KosmosMqttAutoConfiguration.class, KosmosMqttMonitorAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(value = { MeterRegistry.class, KosmosMqttProperties.class }, name = "kosmosAnalysisExecutor")
@EnableConfigurationProperties(KosmosMqttMetricsProperties.class)
public class KosmosMqttMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KosmosMqttMetrics kosmosMqttMetrics(MeterRegistry registry, KosmosMqttProperties properties,
			KosmosMqttMetricsProperties metricsProperties, ThreadPoolTaskExecutor kosmosAnalysisExecutor,
			ObjectProvider<MqttConnectionMonitor> connectionMonitor, ObjectProvider<ReconnectTracker> reconnectTracker) {
		KosmosMqttProperties.Model model = properties.getModel();
		KosmosMqttMetrics metrics = new KosmosMqttMetrics(registry, model.getUrl(), model.getTag(),
				new KosmosMqttMetrics.TimerSettings(metricsProperties.getPercentiles(),
						metricsProperties.isPercentilesHistogram()),
				Clock.systemUTC());
		// The monitor is looked up when the gauge is read: it depends on the trigger
		// adapter, which depends on the listeners, this one included.
		metrics.bindGauges(kosmosAnalysisExecutor::getQueueSize, kosmosAnalysisExecutor::getActiveCount, () -> {
			MqttConnectionMonitor monitor = connectionMonitor.getIfAvailable();
			return monitor != null && monitor.isConnected();
		});
		metrics.bindConnectionCounters(() -> {
			ReconnectTracker tracker = reconnectTracker.getIfAvailable();
			return (tracker != null) ? tracker.reconnects() : 0;
		}, () -> {
			ReconnectTracker tracker = reconnectTracker.getIfAvailable();
			return (tracker != null) ? tracker.evictionLoops() : 0;
		});
		return metrics;
	}

}
