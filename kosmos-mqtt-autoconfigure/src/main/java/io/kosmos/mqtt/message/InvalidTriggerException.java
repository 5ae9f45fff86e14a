package io.kosmos.mqtt.message;

/**
 * Thrown when a trigger cannot be turned into an analysis request. The message names the
 * field and the value that failed and is meant for the tool's log.
 */
public class InvalidTriggerException extends RuntimeException {

	/**
	 * Creates an exception with a message that names the field and value.
	 * @param message the reason
	 */
	public InvalidTriggerException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and the error that caused it.
	 * @param message the reason
	 * @param cause the parser or converter error
	 */
	public InvalidTriggerException(String message, Throwable cause) {
		super(message, cause);
	}

}
