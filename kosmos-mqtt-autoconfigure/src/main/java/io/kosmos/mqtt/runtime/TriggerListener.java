package io.kosmos.mqtt.runtime;

import java.time.Duration;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.Trigger;

/**
 * Receives the outcome of every trigger: the hook for status, statistics and metrics.
 * Every {@code TriggerListener} bean is called, in {@link org.springframework.core.Ordered}
 * order, on the thread that processes the trigger. A listener must not block and should
 * not throw; an exception is logged and the other listeners still run.
 */
public interface TriggerListener {

	/**
	 * Called when a trigger arrives, on the MQTT callback thread.
	 * @param received the trigger as it came off the broker
	 */
	default void triggerReceived(ReceivedTrigger received) {
	}

	/**
	 * Called when a trigger is rejected before the handler runs.
	 * @param received the trigger as it came off the broker
	 * @param error why it was rejected
	 */
	default void triggerRejected(ReceivedTrigger received, InvalidTriggerException error) {
	}

	/**
	 * Called when a valid trigger is skipped because the tool does not react to its type
	 * or to its previous result type ({@code kosmos.mqtt.filter.*}). The trigger is
	 * acknowledged; this is not an error.
	 * @param received the trigger as it came off the broker
	 * @param trigger the parsed trigger
	 * @param reason why it was skipped, for example
	 * {@code "trigger type analyse_result is not in kosmos.mqtt.filter.trigger-types [sensor_update]"}
	 */
	default void triggerFiltered(ReceivedTrigger received, Trigger trigger, String reason) {
	}

	/**
	 * Called when a valid trigger gets no result: the handler failed or returned nothing
	 * usable, or the result could not be written or published.
	 * @param received the trigger as it came off the broker
	 * @param trigger the parsed trigger
	 * @param failure what went wrong
	 * @param error the exception, or {@code null} when there is none
	 */
	default void analysisFailed(ReceivedTrigger received, Trigger trigger, AnalysisFailure failure, Throwable error) {
	}

	/**
	 * Called once the broker has taken a trigger's result, on an analysis worker. The
	 * trigger's payload and input data are no longer held by then.
	 * @param received the trigger as it came off the broker, with an empty payload
	 * @param trigger the parsed trigger, without its input
	 * @param resultTopic the topic the result went to
	 * @param analysisDuration how long the handler ran
	 */
	default void resultPublished(ReceivedTrigger received, Trigger trigger, String resultTopic,
			Duration analysisDuration) {
	}

	/**
	 * Called once a trigger's result has been published, with the type of the result
	 * message. The processor calls this method; by default it calls
	 * {@link #resultPublished(ReceivedTrigger, Trigger, String, Duration)}. The result
	 * itself is not passed: it is released once written, because it would otherwise stay
	 * in memory for as long as the broker takes to acknowledge the message.
	 * @param received the trigger as it came off the broker, with an empty payload
	 * @param trigger the parsed trigger, without its input
	 * @param resultType the {@code type} of the result message, such as {@code time_series}
	 * @param resultTopic the topic the result went to
	 * @param analysisDuration how long the handler ran
	 */
	default void resultPublished(ReceivedTrigger received, Trigger trigger, String resultType, String resultTopic,
			Duration analysisDuration) {
		resultPublished(received, trigger, resultTopic, analysisDuration);
	}

	/**
	 * Called once a trigger that got no result has been published to the dead-letter
	 * topic, before it is acknowledged.
	 * @param received the trigger as it came off the broker
	 * @param reason the rejection or failure kind, such as {@code invalid-json}
	 */
	default void triggerDeadLettered(ReceivedTrigger received, String reason) {
	}

	/**
	 * What went wrong with a valid trigger.
	 */
	enum AnalysisFailure {

		/** The handler threw an exception. */
		HANDLER_EXCEPTION("handler-exception"),

		/** The handler returned {@code null}. */
		NULL_RESULT("null-result"),

		/** The result could not be written, or does not match the analysis schema. */
		INVALID_RESULT("invalid-result"),

		/** The broker did not accept the result. */
		PUBLISH_FAILED("publish-failed");

		private final String tag;

		AnalysisFailure(String tag) {
			this.tag = tag;
		}

		/**
		 * Returns the name used in metrics and dead-letter records.
		 * @return for example {@code handler-exception}
		 */
		public String tag() {
			return this.tag;
		}

	}

}
