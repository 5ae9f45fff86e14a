package io.kosmos.mqtt.config;

/**
 * {@link org.springframework.context.SmartLifecycle} phases of the tool's parts. They
 * start in ascending and stop in descending order, so at shutdown the tool stops taking
 * triggers first, lets running analyses publish, reports {@code shutting down}, and
 * disconnects last.
 */
public final class KosmosLifecyclePhases {

	/** The MQTT connection: first up, last down. */
	public static final int CONNECTION = 1000;

	/** The status messages {@code starting} and {@code shutting down}. */
	public static final int STATUS = 2000;

	/** The analysis executor, which waits for running analyses at stop. */
	public static final int ANALYSES = 3000;

	/** The trigger subscription: last up, first down. */
	public static final int SUBSCRIPTION = 4000;

	private KosmosLifecyclePhases() {
	}

}
