package io.kosmos.mqtt.support;

import java.time.Duration;

import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttMonitorAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A tool whose analysis takes {@code --slow-tool.analysis-time} (default 2 s), run as a
 * separate process by the SIGTERM test. It prints {@link #STARTED} and the contract when
 * an analysis starts, so the test knows when to send the signal.
 */
public final class SlowToolMain {

	/** The line prefix printed when an analysis starts. */
	public static final String STARTED = "SLOW-TOOL analysis started for contract ";

	private SlowToolMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(SlowToolConfiguration.class).web(WebApplicationType.NONE).run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class,
			KosmosMqttMonitorAutoConfiguration.class })
	static class SlowToolConfiguration {

		private static final Log logger = LogFactory.getLog(SlowToolMain.class);

		@Bean
		AnalysisHandler slowHandler(org.springframework.core.env.Environment environment) {
			Duration analysisTime = environment.getProperty("slow-tool.analysis-time", Duration.class,
					Duration.ofSeconds(2));
			return (request) -> {
				logger.info(STARTED + request.contract());
				Thread.sleep(analysisTime.toMillis());
				return AnalysisResult.text("done " + request.contract(), 1.0);
			};
		}

	}

}
