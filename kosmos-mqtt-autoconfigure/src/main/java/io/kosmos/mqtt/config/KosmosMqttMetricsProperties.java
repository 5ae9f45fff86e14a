package io.kosmos.mqtt.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Micrometer metrics of a KOSMoS analysis tool, bound from {@code kosmos.mqtt.metrics.*}.
 */
@ConfigurationProperties("kosmos.mqtt.metrics")
public class KosmosMqttMetricsProperties implements Validator {

	/**
	 * Percentiles the analysis and end-to-end timers compute in the application, each
	 * between 0 and 1, for example 0.5, 0.95, 0.99. They cannot be aggregated across
	 * instances; prefer percentiles-histogram for that.
	 */
	private List<Double> percentiles = new ArrayList<>();

	/**
	 * Whether the analysis and end-to-end timers publish a histogram, from which a
	 * monitoring system such as Prometheus computes percentiles across instances.
	 */
	private boolean percentilesHistogram = false;

	public List<Double> getPercentiles() {
		return this.percentiles;
	}

	public void setPercentiles(List<Double> percentiles) {
		this.percentiles = percentiles;
	}

	public boolean isPercentilesHistogram() {
		return this.percentilesHistogram;
	}

	public void setPercentilesHistogram(boolean percentilesHistogram) {
		this.percentilesHistogram = percentilesHistogram;
	}

	@Override
	public boolean supports(Class<?> type) {
		return KosmosMqttMetricsProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		List<Double> values = ((KosmosMqttMetricsProperties) target).getPercentiles();
		for (int i = 0; i < values.size(); i++) {
			Double value = values.get(i);
			if (value == null || value < 0 || value > 1 || value.isNaN()) {
				errors.rejectValue("percentiles[" + i + "]", "kosmos.mqtt.metrics.percentiles.range",
						"kosmos.mqtt.metrics.percentiles[" + i + "] is " + value
								+ "; set a value between 0 and 1, for example 0.95");
			}
		}
	}

}
