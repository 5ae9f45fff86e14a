package io.kosmos.mqtt.config;

import java.util.Locale;

/**
 * MQTT protocol version of the tool's connection ({@code kosmos.mqtt.broker.protocol-version}).
 */
public enum MqttProtocolVersion {

	/** MQTT 3.1.1, through Paho's {@code mqttv3} client. */
	V3_1_1("3.1.1"),

	/** MQTT 5, through Paho's {@code mqttv5} client. */
	V5("5");

	private final String wireName;

	MqttProtocolVersion(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Returns the version as users write it.
	 * @return {@code 3.1.1} or {@code 5}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Parses a configured version: {@code 3.1.1} or {@code 5}, or an enum name such as
	 * {@code V5} or {@code v3-1-1}, in any case.
	 * @param value the configured text
	 * @return the version
	 * @throws IllegalArgumentException when the text names no supported version
	 */
	public static MqttProtocolVersion parse(String value) {
		String trimmed = (value != null) ? value.trim() : "";
		String canonical = trimmed.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
		for (MqttProtocolVersion version : values()) {
			if (version.wireName.equals(trimmed) || version.name().equals(canonical)) {
				return version;
			}
		}
		throw new IllegalArgumentException("kosmos.mqtt.broker.protocol-version must be 3.1.1 or 5, got '" + value
				+ "'; MQTT 3.1 and other versions are not supported");
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
