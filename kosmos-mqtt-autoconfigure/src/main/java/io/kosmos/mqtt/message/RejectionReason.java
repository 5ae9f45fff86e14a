package io.kosmos.mqtt.message;

/**
 * Kind of problem for which a trigger was rejected before the handler ran. The kind is a metric tag and goes
 * into dead-letter records, so it is a short stable name, not a sentence.
 */
public enum RejectionReason {

	/** The payload is not JSON. */
	INVALID_JSON("invalid-json"),

	/** The JSON does not match the trigger, sensor update or analysis schema. */
	SCHEMA_VIOLATION("schema-violation"),

	/** A value does not fit its column: not a number, not RFC 3339, ragged columns, duplicate names. */
	INVALID_DATA("invalid-data"),

	/**
	 * A contract, machine or sensor id that would change an MQTT topic, or that is empty.
	 */
	INVALID_ID("invalid-id"),

	/** A valid trigger of a kind this tool does not read. */
	UNSUPPORTED("unsupported"),

	/** The payload is bigger than {@code kosmos.mqtt.limits.max-trigger-size}; it was not parsed. */
	TOO_LARGE("too-large"),

	/** JSON objects and arrays nested deeper than {@code kosmos.mqtt.limits.max-nesting-depth}. */
	NESTING_TOO_DEEP("nesting-too-deep"),

	/** A JSON number or {@code number} value longer than {@code kosmos.mqtt.limits.max-number-length}. */
	NUMBER_TOO_LONG("number-too-long"),

	/** A JSON string longer than {@code kosmos.mqtt.limits.max-string-length}. */
	STRING_TOO_LONG("string-too-long"),

	/** More columns than {@code kosmos.mqtt.limits.max-columns}. */
	TOO_MANY_COLUMNS("too-many-columns"),

	/** More rows than {@code kosmos.mqtt.limits.max-rows}. */
	TOO_MANY_ROWS("too-many-rows"),

	/** Signature verification is required and the trigger carries no signature. */
	SIGNATURE_MISSING("signature-missing"),

	/** The trigger's signature does not verify against a trusted certificate, or cannot be read. */
	SIGNATURE_INVALID("signature-invalid"),

	/** An error the reader did not foresee; the log has its stack trace. */
	UNEXPECTED("unexpected");

	private final String tag;

	RejectionReason(String tag) {
		this.tag = tag;
	}

	/**
	 * Returns the name used in metrics and dead-letter records.
	 * @return for example {@code invalid-json}
	 */
	public String tag() {
		return this.tag;
	}

}
