package io.kosmos.mqtt.runtime;

import java.time.Instant;

/**
 * A trigger as it came off the broker, before it is parsed.
 *
 * @param id a per-trigger id for logs, unique within this process
 * @param topic the topic it arrived on
 * @param payload the raw bytes
 * @param receivedAt when it arrived
 * @param acknowledgment acknowledges the trigger to the broker; called once it is done with
 */
public record ReceivedTrigger(long id, String topic, byte[] payload, Instant receivedAt, Runnable acknowledgment) {

	private static final byte[] NO_PAYLOAD = new byte[0];

	/**
	 * Returns this trigger with an empty payload, for work that outlives the analysis and
	 * must not keep the payload in memory.
	 * @return a copy whose payload is empty
	 */
	public ReceivedTrigger withoutPayload() {
		return new ReceivedTrigger(this.id, this.topic, NO_PAYLOAD, this.receivedAt, this.acknowledgment);
	}

}
