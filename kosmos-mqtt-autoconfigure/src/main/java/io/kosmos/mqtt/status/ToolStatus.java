package io.kosmos.mqtt.status;

/**
 * The states a tool reports on the status topic.
 */
public enum ToolStatus {

	/** Connected, not yet subscribed to its triggers. */
	STARTING("starting"),

	/** Subscribed and serving triggers. */
	ALIVE("alive"),

	/** A trigger or the handler failed. */
	ERROR("error"),

	/** Stopping: takes no new triggers. */
	SHUTTING_DOWN("shutting down");

	private final String wireName;

	ToolStatus(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Returns the name used in status messages.
	 * @return the wire name, for example {@code shutting down}
	 */
	public String wireName() {
		return this.wireName;
	}

}
