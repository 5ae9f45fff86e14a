package io.kosmos.mqtt.runtime;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.LogText;
import io.kosmos.mqtt.message.RejectionReason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds the log line of a rejected trigger: id, topic, contract when the payload names
 * one, size, reason kind and reason. The payload itself is never logged, and the reason
 * is cut to {@link #MAX_REASON_LENGTH} characters because it may quote untrusted values.
 */
final class RejectedTriggerLog {

	/** Maximum length of the logged reason, in characters. */
	static final int MAX_REASON_LENGTH = 300;

	/**
	 * Maximum length of the logged topic, in characters. A wildcard subscription lets a
	 * sender choose topics of up to 65,535 bytes.
	 */
	static final int MAX_TOPIC_LENGTH = 200;

	private RejectedTriggerLog() {
	}

	/**
	 * Builds the log line.
	 * @param received the rejected trigger
	 * @param error why it was rejected
	 * @param objectMapper reads the contract from the payload when it is JSON
	 * @return the message, without the payload
	 */
	static String message(ReceivedTrigger received, InvalidTriggerException error, ObjectMapper objectMapper) {
		// An oversized payload is never parsed, not even for the log line.
		String contract = (error.getReason() != RejectionReason.TOO_LARGE) ? contractOf(received.payload(), objectMapper)
				: null;
		String contractText = (contract != null) ? " for contract '" + LogText.printable(contract) + "'" : "";
		String reason = (error.getMessage() != null) ? LogText.printable(error.getMessage(), MAX_REASON_LENGTH) : "";
		return "Rejected trigger " + received.id() + contractText + " on topic '" + LogText.printable(received.topic(), MAX_TOPIC_LENGTH) + "' ("
				+ received.payload().length + " bytes, " + error.getReason().tag() + "): " + reason;
	}

	/**
	 * Reads {@code body.contract} from a rejected payload; a second parse, but only on the
	 * rejection path.
	 */
	private static String contractOf(byte[] payload, ObjectMapper objectMapper) {
		try {
			JsonNode contract = objectMapper.readTree(payload).path("body").path("contract");
			return contract.isString() ? contract.stringValue() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
