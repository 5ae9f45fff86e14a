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
}
