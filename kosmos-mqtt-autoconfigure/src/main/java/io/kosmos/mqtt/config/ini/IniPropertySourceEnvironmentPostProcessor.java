package io.kosmos.mqtt.config.ini;

import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Moves the properties of imported INI files below every other property source except
 * the default properties, so that a {@code kosmos.mqtt.*} setting from anywhere else
 * (command line, system properties, {@code KOSMOS_MQTT_*} environment variables,
 * {@code application.properties} or {@code application.yml}, the file that imports the
 * INI file included) overrides the INI file and its {@code CONFIG_*} overrides.
 *
 * <p>Spring Boot 4.0.7 places imported config data just above the source that imports
 * it, which would let the INI file win over the importing {@code application.yml}. This
 * post-processor runs right after {@link ConfigDataEnvironmentPostProcessor} and keeps
 * the relative order of several INI files.
 */
public class IniPropertySourceEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs right after the config data, including {@code ini:} imports, is loaded. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources propertySources = environment.getPropertySources();
		List<PropertySource<?>> iniSources = propertySources.stream()
			.filter(IniPropertySource.class::isInstance)
			.toList();
		for (PropertySource<?> source : iniSources) {
			propertySources.remove(source.getName());
			if (propertySources.contains(DefaultPropertiesPropertySource.NAME)) {
				propertySources.addBefore(DefaultPropertiesPropertySource.NAME, source);
			}
			else {
				propertySources.addLast(source);
			}
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
