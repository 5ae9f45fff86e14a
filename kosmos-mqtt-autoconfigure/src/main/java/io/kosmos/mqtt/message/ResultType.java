package io.kosmos.mqtt.message;

/**
 * The {@code type} of an analysis result: which of the three result kinds its
 * {@code results} hold.
 */
public enum ResultType {

	/** One table: {@code results} is an object with {@code columns} and {@code data}. */
	TIME_SERIES("time_series"),

	/** Several tables: {@code results} is an array of time series objects. */
	MULTIPLE_TIME_SERIES("multiple_time_series"),

	/** A verdict: {@code results} has {@code total}, {@code predict} and optional {@code parts}. */
	TEXT("text");

	private final String wireName;

	ResultType(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Returns the name used in KOSMoS messages.
	 * @return the wire name, for example {@code time_series}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Finds the type for a wire name.
	 * @param wireName the name used in the message
	 * @return the type, or {@code null} when the name is unknown
	 */
	public static ResultType fromWireName(String wireName) {
		for (ResultType type : values()) {
			if (type.wireName.equals(wireName)) {
				return type;
			}
		}
		return null;
	}

}
