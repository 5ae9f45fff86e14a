package io.kosmos.mqtt.config;

import java.util.List;

/**
 * {@link MqttConnectionDetails} read from {@code kosmos.mqtt.broker.*}.
 */
public class PropertiesMqttConnectionDetails implements MqttConnectionDetails {

	private final KosmosMqttProperties.Broker broker;

	/**
	 * Creates connection details from the broker properties.
	 * @param broker the bound {@code kosmos.mqtt.broker} properties
	 */
	public PropertiesMqttConnectionDetails(KosmosMqttProperties.Broker broker) {
		this.broker = broker;
	}

	@Override
	public List<String> getUrls() {
		return this.broker.getUrl().stream().map(String::trim).toList();
	}

	@Override
	public String getUsername() {
		return this.broker.getUsername();
	}

	@Override
	public String getPassword() {
		return this.broker.getPassword();
	}

}
