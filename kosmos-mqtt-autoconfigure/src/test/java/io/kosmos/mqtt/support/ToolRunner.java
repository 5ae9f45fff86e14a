package io.kosmos.mqtt.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

import io.kosmos.mqtt.config.EmbeddedBrokerAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttHealthAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttMetricsAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttMonitorAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Builds the application context of a tool for broker-facing tests: every kosmos-mqtt
 * auto-configuration, a unique client id, a clean session and short stop timeouts.
 */
public final class ToolRunner {

	/** The conveyor trigger of the test resources: contract {@code k2301}. */
	public static final String GOOD_TRIGGER = "triggers/conveyor-trigger.json";

	private ToolRunner() {
	}

	/**
	 * Returns a runner for a tool on the given broker and model url, with tag {@code v1}.
	 * @param brokerUrl the broker URL
	 * @param modelUrl a model url unique to the test
	 * @param handler the analysis
	 * @return the runner
	 */
	public static ApplicationContextRunner create(String brokerUrl, String modelUrl, AnalysisHandler handler) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
					ApplicationAvailabilityAutoConfiguration.class, EmbeddedBrokerAutoConfiguration.class,
					KosmosMqttAutoConfiguration.class, KosmosMqttMonitorAutoConfiguration.class,
					KosmosMqttMetricsAutoConfiguration.class, KosmosMqttHealthAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> handler)
			.withPropertyValues("kosmos.mqtt.broker.url=" + brokerUrl,
					"kosmos.mqtt.broker.client-id=it-" + UUID.randomUUID(), "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.model.url=" + modelUrl, "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.model.from=" + modelUrl + "-tool", "kosmos.mqtt.result.temporary=false");
	}

	/**
	 * Returns a model url that no other test uses.
	 * @param prefix a readable prefix
	 * @return for example {@code status-1a2b3c4d}
	 */
	public static String uniqueModelUrl(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Returns a handler that answers every trigger with a one-row table of its row count.
	 * @return the handler
	 */
	public static AnalysisHandler rowCountHandler() {
		return (request) -> AnalysisResult.timeSeries(Table.create("rows",
				DoubleColumn.create("rows", new double[] { request.table().rowCount() })));
	}

	/**
	 * Reads a test resource.
	 * @param path the class path location
	 * @return the bytes
	 * @throws IOException when it cannot be read
	 */
	public static byte[] resource(String path) throws IOException {
		try (InputStream in = ToolRunner.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IOException("Test resource '" + path + "' not found");
			}
			return in.readAllBytes();
		}
	}

}
