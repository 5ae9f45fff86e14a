package io.kosmos.mqtt.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.MessageSchema;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.runtime.TriggerListener.AnalysisFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.messaging.MessagingException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one received trigger into a published result: parse, run the handler, write,
 * validate, publish, acknowledge.
 *
 * <p>A bad trigger, a failing handler or an unwritable result is logged with the topic
 * and contract, reported to the {@link TriggerListener}, published to the dead-letter
 * topic when a {@link DeadLetterPublisher} is set, and then acknowledged so that the
 * broker does not send it again. A handler that throws runs again up to the
 * {@link RetryPolicy}'s attempts. A failed publish, of the result or of the dead-letter
 * record, is not acknowledged: with a persistent session the broker delivers the trigger
 * again after a reconnect.
 */
public class TriggerProcessor {

	private static final Log logger = LogFactory.getLog(TriggerProcessor.class);

	/** MDC key of the per-trigger id. */
	public static final String MDC_TRIGGER_ID = "kosmos.trigger";

	/** MDC key of the contract id. */
	public static final String MDC_CONTRACT = "kosmos.contract";

	/** MDC key of the machine. */
	public static final String MDC_MACHINE = "kosmos.machine";

	/** MDC key of the sensor. */
	public static final String MDC_SENSOR = "kosmos.sensor";

	private final Settings settings;

	private final TriggerListener listener;

	private final RetryPolicy retryPolicy;

	private final DeadLetterPublisher deadLetters;

	/**
	 * Creates a processor that runs the handler once and publishes no dead letters.
	 * @param settings the collaborators and settings of the processor
	 */
	public TriggerProcessor(Settings settings) {
		this(settings, RetryPolicy.NONE, null);
	}

	/**
	 * Creates a processor.
	 * @param settings the collaborators and settings of the processor
	 * @param retryPolicy how often a throwing handler runs
	 * @param deadLetters publishes triggers that get no result, or {@code null} for none
	 */
	public TriggerProcessor(Settings settings, RetryPolicy retryPolicy, DeadLetterPublisher deadLetters) {
		this.settings = settings;
		this.listener = settings.listener();
		this.retryPolicy = retryPolicy;
		this.deadLetters = deadLetters;
	}

	/**
	 * Processes one trigger on the calling thread.
	 * @param received the trigger as it came off the broker
	 */
	public void process(ReceivedTrigger received) {
		MDC.put(MDC_TRIGGER_ID, Long.toString(received.id()));
		try {
			processInContext(received);
		}
		finally {
			MDC.remove(MDC_TRIGGER_ID);
			MDC.remove(MDC_CONTRACT);
			MDC.remove(MDC_MACHINE);
			MDC.remove(MDC_SENSOR);
		}
	}

	private void processInContext(ReceivedTrigger received) {
		Trigger trigger;
		try {
			trigger = this.settings.triggerReader().read(received.payload());
		}
		catch (InvalidTriggerException ex) {
			logger.warn("Rejected trigger " + received.id() + " on topic '" + received.topic() + "' ("
					+ received.payload().length + " bytes, " + ex.getReason().tag() + "): " + ex.getMessage());
			this.listener.triggerRejected(received, ex);
			acknowledgeAfterDeadLetter(received, null, ex.getReason().tag(), ex.getMessage(), 0);
			return;
		}
		MDC.put(MDC_CONTRACT, trigger.contract());
		MDC.put(MDC_MACHINE, trigger.machine());
		MDC.put(MDC_SENSOR, trigger.sensor());

		long analysisStart = System.nanoTime();
		Analysis analysis = analyse(received, trigger);
		Duration analysisDuration = Duration.ofNanos(System.nanoTime() - analysisStart);
		if (analysis.failure() != null) {
			acknowledgeAfterDeadLetter(received, trigger, analysis.failure().tag(), analysis.message(),
					analysis.attempts());
			return;
		}
		byte[] resultBytes = analysis.result();

		String resultTopic = this.settings.topics().resultTopic(trigger.contract());
		try {
			this.settings.publisher().publish(resultTopic, resultBytes, this.settings.resultQos(), false);
		}
		catch (MessagingException ex) {
			logger.error("Failed to publish the result of trigger " + received.id() + " for contract '"
					+ trigger.contract() + "' to '" + resultTopic
					+ "'; the trigger is not acknowledged, so the broker delivers it again after a reconnect", ex);
			this.listener.analysisFailed(received, trigger, AnalysisFailure.PUBLISH_FAILED, ex);
			return;
		}

		if (logger.isDebugEnabled()) {
			logger.debug("Published result of trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' to '" + resultTopic + "' (" + resultBytes.length + " bytes)");
		}
		this.listener.resultPublished(received, trigger, resultTopic, analysisDuration);
		received.acknowledgment().run();
	}

	/**
	 * Publishes a trigger that gets no result to the dead-letter topic, then acknowledges
	 * it; leaves it unacknowledged when the dead-letter publish fails.
	 */
	private void acknowledgeAfterDeadLetter(ReceivedTrigger received, Trigger trigger, String reason, String message,
			int attempts) {
		if (this.deadLetters != null && !this.deadLetters.publish(received, trigger, reason, message, attempts)) {
			return;
		}
		received.acknowledgment().run();
	}

	/**
	 * Runs the handler, retrying when it throws, and writes its result; returns a failure
	 * after logging and reporting it.
	 */
	private Analysis analyse(ReceivedTrigger received, Trigger trigger) {
		AnalysisRequest request = new AnalysisRequest(trigger.contract(), trigger.machine(), trigger.sensor(),
				trigger.type(), received.topic(), received.receivedAt(), trigger.timestamp(), trigger.table(),
				trigger.columns(), trigger.meta());

		AnalysisResult result = null;
		int attempts = 0;
		while (true) {
			attempts++;
			try {
				result = this.settings.handler().analyse(request);
				break;
			}
			catch (Exception ex) {
				if (attempts < this.retryPolicy.maxAttempts() && pauseBeforeRetry()) {
					logger.warn("Analysis handler failed on trigger " + received.id() + " for contract '"
							+ trigger.contract() + "' (attempt " + attempts + " of " + this.retryPolicy.maxAttempts()
							+ "); retrying in " + this.retryPolicy.backoff().toMillis() + " ms: " + ex);
					continue;
				}
				logger.error("Analysis handler failed on trigger " + received.id() + " for contract '"
						+ trigger.contract() + "' from topic '" + received.topic() + "' after " + attempts
						+ " attempt(s)", ex);
				this.listener.analysisFailed(received, trigger, AnalysisFailure.HANDLER_EXCEPTION, ex);
				return Analysis.failed(AnalysisFailure.HANDLER_EXCEPTION, String.valueOf(ex), attempts);
			}
		}
		if (result == null) {
			logger.error("Analysis handler returned null for trigger " + received.id() + " of contract '"
					+ trigger.contract() + "'; return an AnalysisResult such as AnalysisResult.timeSeries(table)");
			this.listener.analysisFailed(received, trigger, AnalysisFailure.NULL_RESULT, null);
			return Analysis.failed(AnalysisFailure.NULL_RESULT, "The analysis handler returned null", attempts);
		}

		try {
			ObjectNode message = this.settings.resultWriter()
				.write(trigger, received.receivedAt(), result, Instant.now(this.settings.clock()));
			if (this.settings.validateResults()) {
				List<String> violations = this.settings.schemaValidator().violations(message, MessageSchema.ANALYSIS);
				if (!violations.isEmpty()) {
					logger.error("Result of trigger " + received.id() + " for contract '" + trigger.contract()
							+ "' does not match the KOSMoS analysis schema and is not published: " + violations);
					this.listener.analysisFailed(received, trigger, AnalysisFailure.INVALID_RESULT, null);
					return Analysis.failed(AnalysisFailure.INVALID_RESULT,
							"The result does not match the KOSMoS analysis schema: " + violations, attempts);
				}
			}
			return new Analysis(this.settings.objectMapper().writeValueAsBytes(message), null, null, attempts);
		}
		catch (IllegalArgumentException ex) {
			logger.error("Result of trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' cannot be written: " + ex.getMessage());
			this.listener.analysisFailed(received, trigger, AnalysisFailure.INVALID_RESULT, ex);
			return Analysis.failed(AnalysisFailure.INVALID_RESULT, "The result cannot be written: " + ex.getMessage(),
					attempts);
		}
	}

	/** Waits the retry back-off; returns {@code false} when interrupted. */
	private boolean pauseBeforeRetry() {
		try {
			Thread.sleep(this.retryPolicy.backoff().toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The serialised result, or why there is none. */
	private record Analysis(byte[] result, AnalysisFailure failure, String message, int attempts) {

		static Analysis failed(AnalysisFailure failure, String message, int attempts) {
			return new Analysis(null, failure, message, attempts);
		}

	}

	/**
	 * How often the handler runs for one trigger when it throws.
	 *
	 * @param maxAttempts the number of runs, the first included; 1 means no retry
	 * @param backoff the pause between two runs
	 */
	public record RetryPolicy(int maxAttempts, Duration backoff) {

		/** One run, no retry. */
		public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO);

	}

	/**
	 * What a {@link TriggerProcessor} works with.
	 *
	 * @param triggerReader parses triggers
	 * @param handler the user's analysis
	 * @param resultWriter builds result messages
	 * @param schemaValidator checks outgoing results
	 * @param validateResults whether outgoing results are checked
	 * @param objectMapper serialises results
	 * @param publisher publishes results
	 * @param topics the tool's topics
	 * @param resultQos QoS of results
	 * @param listener receives the outcome of every trigger
	 * @param clock the time source of result timestamps
	 */
	public record Settings(TriggerReader triggerReader, AnalysisHandler handler, ResultMessageWriter resultWriter,
			SchemaValidator schemaValidator, boolean validateResults, ObjectMapper objectMapper,
			MqttPublisher publisher, KosmosTopics topics, int resultQos, TriggerListener listener, Clock clock) {
	}

}
