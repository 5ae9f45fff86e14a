package io.kosmos.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A KOSMoS condition-monitoring tool: the starter does the MQTT side, and
 * {@link ConditionMonitoringHandler} is the analysis.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
