package io.kosmos.mqtt.message;

/**
 * Thrown when a trigger cannot be turned into an analysis request. The message names the
 * field and the value that failed and is meant for the tool's log.
 */
public class InvalidTriggerException extends RuntimeException {

	private final RejectionReason reason;

	/**
	 * Creates an exception with a message that names the field and value.
	 * @param reason the kind of problem
	 * @param message the reason
	 */
	public InvalidTriggerException(RejectionReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Creates an exception with a message and the error that caused it.
	 * @param reason the kind of problem
	 * @param message the reason
	 * @param cause the parser or converter error
	 */
	public InvalidTriggerException(RejectionReason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/**
	 * Returns the kind of problem.
	 * @return the reason kind
	 */
	public RejectionReason getReason() {
		return this.reason;
	}

}
