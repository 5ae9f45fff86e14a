package io.kosmos.mqtt.config;

import java.util.List;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where and as whom the tool connects to its MQTT broker. The default comes from
 * {@code kosmos.mqtt.broker.*}; declare a bean of this type to supply the broker from
 * elsewhere, for example a test container or the embedded broker.
 */
public interface MqttConnectionDetails extends ConnectionDetails {

	/**
	 * Returns the broker URLs, tried in order.
	 * @return at least one URL such as {@code tcp://127.0.0.1:1883}
	 */
	List<String> getUrls();

	/**
	 * Returns the login user.
	 * @return the user, or {@code null} to connect without one
	 */
	default String getUsername() {
		return null;
	}

	/**
	 * Returns the login password.
	 * @return the password, or {@code null} to connect without one
	 */
	default String getPassword() {
		return null;
	}

}
