package io.kosmos.mqtt.config;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Hides passwords of {@code kosmos.mqtt.*} and of SSL bundles in the {@code configprops}
 * and {@code env} actuator endpoints. Spring Boot 4 masks every value by default
 * ({@code show-values=never}), but shows all of them, passwords included, once an
 * application sets {@code management.endpoint.*.show-values} to {@code always} or
 * {@code when-authorized}; this function keeps these passwords masked then too.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class KosmosMqttSanitizingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "kosmosMqttPasswordSanitizer")
	SanitizingFunction kosmosMqttPasswordSanitizer() {
		return SanitizingFunction.sanitizeValue().ifMatches(KosmosMqttSanitizingAutoConfiguration::isPassword);
	}

	/**
	 * Returns whether a key is a password of the broker connection or of an SSL bundle,
	 * in property form ({@code kosmos.mqtt.broker.password}) or environment variable form
	 * ({@code KOSMOS_MQTT_BROKER_PASSWORD}).
	 */
	static boolean isPassword(SanitizableData data) {
		String key = data.getLowerCaseKey().replace('_', '.');
		boolean ours = key.startsWith("kosmos.mqtt.") || key.startsWith("spring.ssl.bundle.");
		return ours && key.endsWith("password");
	}

}
