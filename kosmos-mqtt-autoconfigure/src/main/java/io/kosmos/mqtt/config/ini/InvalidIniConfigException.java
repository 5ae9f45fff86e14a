package io.kosmos.mqtt.config.ini;

/**
 * Thrown when an INI file imported with {@code spring.config.import=ini:...}, or a
 * {@code CONFIG_<SECTION>_<KEY>} environment variable that overrides one of its values,
 * is invalid. The message names the file and line, or the variable.
 */
public class InvalidIniConfigException extends RuntimeException {

	/**
	 * Creates an exception with the given message.
	 * @param message what is invalid, where, and what to write instead
	 */
	public InvalidIniConfigException(String message) {
		super(message);
	}

}
