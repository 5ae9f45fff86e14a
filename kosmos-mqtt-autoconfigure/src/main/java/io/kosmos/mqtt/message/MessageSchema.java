package io.kosmos.mqtt.message;

/**
 * The JSON Schemas this starter checks KOSMoS messages against. They ship in the jar
 * under {@code io/kosmos/mqtt/schema/}.
 */
public enum MessageSchema {

	/** The trigger envelope; its payload is checked by the sensor update or analysis schema. */
	TRIGGER("trigger.schema.json"),

	/** A sensor update ({@code data}) message. */
	SENSOR_UPDATE("sensor-update.schema.json"),

	/** An analysis result message. */
	ANALYSIS("analysis.schema.json"),

	/** A tool status message. */
	STATUS("status.schema.json");

	private final String resourceName;

	MessageSchema(String resourceName) {
		this.resourceName = resourceName;
	}

	String resourcePath() {
		return "io/kosmos/mqtt/schema/" + this.resourceName;
	}

}
