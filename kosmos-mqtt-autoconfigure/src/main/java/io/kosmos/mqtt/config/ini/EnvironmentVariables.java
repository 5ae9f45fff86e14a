package io.kosmos.mqtt.config.ini;

/**
 * Lookup of environment variables by name, used by {@link IniConfigDataLoader} for the
 * {@code CONFIG_<SECTION>_<KEY>} overrides. The loader uses {@link System#getenv(String)}
 * unless an instance of this type is registered in the bootstrap context, as tests do
 * with {@code SpringApplication.addBootstrapRegistryInitializer}.
 */
@FunctionalInterface
public interface EnvironmentVariables {

	/**
	 * Returns the value of an environment variable.
	 * @param name the variable name, for example {@code CONFIG_MQTT_HOST}
	 * @return the value, or {@code null} if the variable is not set
	 */
	String get(String name);

}
