package io.kosmos.mqtt.message;

import tools.jackson.databind.JsonNode;

/**
 * A check of a whole trigger that the {@link TriggerReader} runs once the envelope
 * matches the trigger schema, before the ids and the payload are read.
 */
@FunctionalInterface
public interface TriggerCheck {

	/** A check that accepts every trigger; the reader then skips the full parse it needs. */
	TriggerCheck NONE = (trigger) -> {
	};

	/**
	 * Checks a trigger.
	 * @param trigger the parsed trigger, {@code body} at the top
	 * @throws InvalidTriggerException when the trigger is rejected
	 */
	void check(JsonNode trigger);

}
