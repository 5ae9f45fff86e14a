package io.kosmos.mqtt.message;

/**
 * The type of a KOSMoS column. Every value travels as a JSON string; the type says how
 * to read it.
 */
public enum ColumnType {

	/** A decimal number, read with {@link Double#parseDouble(String)}. */
	NUMBER("number"),

	/** Text, taken as it is. */
	STRING("string"),

	/** An RFC 3339 timestamp with a {@code Z} or a numeric offset. */
	RFCTIME("rfctime");

	private final String wireName;

	ColumnType(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Returns the name used in KOSMoS messages.
	 * @return the wire name, for example {@code rfctime}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Finds the type for a wire name.
	 * @param wireName the name used in the message
	 * @return the type, or {@code null} when the name is unknown
	 */
	public static ColumnType fromWireName(String wireName) {
		for (ColumnType type : values()) {
			if (type.wireName.equals(wireName)) {
				return type;
			}
		}
		return null;
	}

}
