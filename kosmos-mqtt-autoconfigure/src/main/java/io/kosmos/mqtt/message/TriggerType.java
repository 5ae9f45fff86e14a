package io.kosmos.mqtt.message;

/**
 * The {@code type} of a trigger: what its payload is.
 */
public enum TriggerType {

	/** The payload is machine data from a sensor. */
	SENSOR_UPDATE("sensor_update"),

	/** The payload is the result of the previous tool in the pipeline. */
	ANALYSE_RESULT("analyse_result");

	private final String wireName;

	TriggerType(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Returns the name used in KOSMoS messages.
	 * @return the wire name, for example {@code sensor_update}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Finds the type for a wire name.
	 * @param wireName the name used in the message
	 * @return the type, or {@code null} when the name is unknown
	 */
	public static TriggerType fromWireName(String wireName) {
		for (TriggerType type : values()) {
			if (type.wireName.equals(wireName)) {
				return type;
			}
		}
		return null;
	}

}
