package io.kosmos.mqtt.reliability;

import io.kosmos.mqtt.handler.AnalysisHandler;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * A tool that the reliability tests start as a separate JVM, so that they can kill it.
 * Its handler waits {@code reliability.handler-millis} milliseconds (default 0) and then
 * returns the contract. Every other setting comes from the command line.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReliabilityToolMain {

	@Bean
	AnalysisHandler reliabilityHandler(org.springframework.core.env.Environment environment) {
		return ReliabilityFixtures.handler(environment.getProperty("reliability.handler-millis", Long.class, 0L));
	}

	/**
	 * Starts the tool.
	 * @param args Spring Boot command-line properties such as {@code --kosmos.mqtt.broker.url=...}
	 */
	public static void main(String[] args) {
		new SpringApplicationBuilder(ReliabilityToolMain.class).web(WebApplicationType.NONE).run(args);
	}

}
