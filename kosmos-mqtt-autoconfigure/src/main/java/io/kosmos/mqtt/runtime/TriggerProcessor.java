package io.kosmos.mqtt.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisRequestCustomizer;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.handler.ResultMessageCustomizer;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.MessageSchema;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.runtime.TriggerListener.AnalysisFailure;
import io.kosmos.mqtt.signature.MessageSigner;
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
 * <p>The result is published asynchronously: the worker returns once the message is
 * handed to the MQTT client, and the trigger is acknowledged and reported when the broker
 * has completed the QoS handshake. That last step runs on the completion executor. The
 * auto-configuration sets it to the analysis executor, so that listeners, which may
 * publish themselves, never run on the MQTT client's own threads.
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

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

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

	private MessageSigner messageSigner = MessageSigner.NONE;

	private Executor completionExecutor = Runnable::run;

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
	 * Sets the signer applied to every result just before it is serialised.
	 * @param messageSigner the signer; {@link MessageSigner#NONE} by default
	 */
	public void setMessageSigner(MessageSigner messageSigner) {
		this.messageSigner = messageSigner;
	}

	/**
	 * Sets the executor that acknowledges and reports a trigger once its result is
	 * published. A task it rejects runs on the thread that completed the publish.
	 * @param completionExecutor the executor; by default the completing thread itself
	 */
	public void setCompletionExecutor(Executor completionExecutor) {
		this.completionExecutor = (task) -> {
			try {
				completionExecutor.execute(task);
			}
			catch (RejectedExecutionException ex) {
				task.run();
			}
		};
	}

	/**
	 * Processes one trigger on the calling thread up to the publish of its result.
	 * @param received the trigger as it came off the broker
	 * @return a future that completes once the trigger is acknowledged or left for the
	 * broker to deliver again; it never completes exceptionally
	 */
	public CompletableFuture<Void> process(ReceivedTrigger received) {
		MDC.put(MDC_TRIGGER_ID, Long.toString(received.id()));
		try {
			return processInContext(received);
		}
		catch (RuntimeException ex) {
			// A bug or an unforeseen input must not leave the trigger unacknowledged: the
			// broker would hold back every later trigger behind it.
			logger.error("Unexpected error while processing trigger " + received.id() + " on topic '"
					+ received.topic() + "'; the trigger is dropped", ex);
			InvalidTriggerException unexpected = new InvalidTriggerException(RejectionReason.UNEXPECTED,
					"Unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
			this.listener.triggerRejected(received, unexpected);
			return acknowledgeAfterDeadLetter(received, null, unexpected.getReason().tag(), unexpected.getMessage(), 0);
		}
		finally {
			clearMdc();
		}
	}

	private static void clearMdc() {
		MDC.remove(MDC_TRIGGER_ID);
		MDC.remove(MDC_CONTRACT);
		MDC.remove(MDC_MACHINE);
		MDC.remove(MDC_SENSOR);
	}

	private CompletableFuture<Void> processInContext(ReceivedTrigger received) {
		Trigger trigger;
		try {
			trigger = this.settings.triggerReader().read(received.payload());
		}
		catch (InvalidTriggerException ex) {
			logger.warn(RejectedTriggerLog.message(received, ex, this.settings.objectMapper()));
			this.listener.triggerRejected(received, ex);
			return acknowledgeAfterDeadLetter(received, null, ex.getReason().tag(), ex.getMessage(), 0);
		}
		putTriggerMdc(received, trigger);

		String skipReason = this.settings.filter().skipReason(trigger);
		if (skipReason != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Skipped trigger " + received.id() + " for contract '" + trigger.contract()
						+ "' on topic '" + received.topic() + "': " + skipReason);
			}
			this.listener.triggerFiltered(received, trigger, skipReason);
			received.acknowledgment().run();
			return DONE;
		}

		long analysisStart = System.nanoTime();
		Analysis analysis = analyse(received, trigger);
		Duration analysisDuration = Duration.ofNanos(System.nanoTime() - analysisStart);
		if (analysis.failure() != null) {
			return acknowledgeAfterDeadLetter(received, trigger, analysis.failure().tag(), analysis.message(),
					analysis.attempts());
		}

		String resultTopic = this.settings.topics().resultTopic(trigger.contract());
		CompletableFuture<Void> publication;
		try {
			publication = this.settings.publisher()
				.publishAsync(resultTopic, analysis.bytes(), this.settings.resultQos(), false)
				.orTimeout(this.settings.publisher().completionTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			publication = CompletableFuture.failedFuture(ex);
		}
		// The broker may take a while; until then keep neither the payload, the input tables
		// nor the result, only the bytes in the client.
		ReceivedTrigger publishedTrigger = received.withoutPayload();
		Trigger publishedSummary = trigger.withoutInput();
		String resultType = ResultMessageWriter.typeName(analysis.result());
		int resultSize = analysis.bytes().length;
		return publication.handleAsync((ignored, failure) -> {
			putTriggerMdc(publishedTrigger, publishedSummary);
			try {
				resultPublicationCompleted(publishedTrigger, publishedSummary, resultType, resultSize, resultTopic,
						analysisDuration, failure);
			}
			finally {
				clearMdc();
			}
			return null;
		}, this.completionExecutor);
	}

	/**
	 * Acknowledges and reports a trigger whose result the broker has taken, or logs and
	 * reports the failed publish and leaves the trigger for the broker to deliver again.
	 */
	private void resultPublicationCompleted(ReceivedTrigger received, Trigger trigger, String resultType,
			int resultSize, String resultTopic, Duration analysisDuration, Throwable failure) {
		if (failure != null) {
			Throwable cause = MqttPublisher.failureCause(failure);
			String reason = (cause instanceof TimeoutException) ? "timed out after "
					+ this.settings.publisher().completionTimeout().toMillis() + " ms (kosmos.mqtt.broker.completion-timeout)"
					: "failed";
			logger.error("Publishing the result of trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' to '" + resultTopic + "' " + reason
					+ "; the trigger is not acknowledged, so the broker delivers it again after a reconnect", cause);
			this.listener.analysisFailed(received, trigger, AnalysisFailure.PUBLISH_FAILED,
					new MessagingException("Failed to publish to topic '" + resultTopic + "'", cause));
			return;
		}

		if (logger.isDebugEnabled()) {
			logger.debug("Published result of trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' to '" + resultTopic + "' (" + resultSize + " bytes)");
		}
		this.listener.resultPublished(received, trigger, resultType, resultTopic, analysisDuration);
		received.acknowledgment().run();
	}

	private static void putTriggerMdc(ReceivedTrigger received, Trigger trigger) {
		MDC.put(MDC_TRIGGER_ID, Long.toString(received.id()));
		MDC.put(MDC_CONTRACT, trigger.contract());
		MDC.put(MDC_MACHINE, trigger.machine());
		MDC.put(MDC_SENSOR, trigger.sensor());
	}

	/**
	 * Publishes a trigger that gets no result to the dead-letter topic, then acknowledges
	 * it; leaves it unacknowledged when the dead-letter publish fails.
	 */
	private CompletableFuture<Void> acknowledgeAfterDeadLetter(ReceivedTrigger received, Trigger trigger,
			String reason, String message, int attempts) {
		if (this.deadLetters == null) {
			received.acknowledgment().run();
			return DONE;
		}
		return this.deadLetters.publishAsync(received, trigger, reason, message, attempts)
			.thenAcceptAsync((published) -> {
				if (published) {
					this.listener.triggerDeadLettered(received, reason);
					received.acknowledgment().run();
				}
			}, this.completionExecutor);
	}

	/**
	 * Runs the request customizers and the handler, retrying the handler when it throws,
	 * and writes its result; returns a failure after logging and reporting it.
	 */
	private Analysis analyse(ReceivedTrigger received, Trigger trigger) {
		AnalysisRequest request = trigger.toRequest(received.topic(), received.receivedAt());
		try {
			request = customize(request);
		}
		catch (Exception ex) {
			logger.error("Request customizer failed on trigger " + received.id() + " for contract '"
					+ trigger.contract() + "' from topic '" + received.topic() + "': " + ex, ex);
			this.listener.analysisFailed(received, trigger, AnalysisFailure.HANDLER_EXCEPTION, ex);
			return Analysis.failed(AnalysisFailure.HANDLER_EXCEPTION, String.valueOf(ex), 0);
		}

		AnalysisResult result;
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
						+ " attempt(s): " + ex, ex);
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
			Instant now = Instant.now(this.settings.clock());
			List<ResultMessageCustomizer> customizers = this.settings.resultCustomizers();
			if (customizers.isEmpty() && this.messageSigner == MessageSigner.NONE) {
				// Fast path: the schema does not look into the values, so it checks the
				// message's outline, and the message itself is streamed. A signature needs
				// the whole body, so signed results take the tree path below.
				if (this.settings.validateResults()) {
					ObjectNode outline = this.settings.resultWriter().write(trigger, received.receivedAt(), result, now,
							true);
					String violations = resultViolations(received, trigger, outline);
					if (violations != null) {
						return Analysis.failed(AnalysisFailure.INVALID_RESULT, violations, attempts);
					}
				}
				byte[] bytes = this.settings.resultWriter().writeBytes(trigger, received.receivedAt(), result, now);
				return new Analysis(result, bytes, null, null, attempts);
			}
			ObjectNode message = this.settings.resultWriter().write(trigger, received.receivedAt(), result, now);
			for (ResultMessageCustomizer customizer : customizers) {
				customizer.customize((ObjectNode) message.get("body"), request, result);
			}
			if (this.settings.validateResults()) {
				String violations = resultViolations(received, trigger, message);
				if (violations != null) {
					return Analysis.failed(AnalysisFailure.INVALID_RESULT, violations, attempts);
				}
			}
			this.messageSigner.sign(message);
			return new Analysis(result, this.settings.objectMapper().writeValueAsBytes(message), null, null, attempts);
		}
		catch (RuntimeException ex) {
			logger.error("Result of trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' cannot be written: " + ex.getMessage());
			this.listener.analysisFailed(received, trigger, AnalysisFailure.INVALID_RESULT, ex);
			return Analysis.failed(AnalysisFailure.INVALID_RESULT, "The result cannot be written: " + ex.getMessage(),
					attempts);
		}
	}

	private AnalysisRequest customize(AnalysisRequest request) throws Exception {
		AnalysisRequest customized = request;
		for (AnalysisRequestCustomizer customizer : this.settings.requestCustomizers()) {
			customized = customizer.customize(customized);
			if (customized == null) {
				throw new IllegalStateException("AnalysisRequestCustomizer " + customizer.getClass().getName()
						+ " returned null; return the request it was given, or a copy");
			}
		}
		return customized;
	}

	/**
	 * Checks a result message against the analysis schema; returns the reason after
	 * logging and reporting it, or {@code null} when the message is valid.
	 */
	private String resultViolations(ReceivedTrigger received, Trigger trigger, ObjectNode message) {
		List<String> violations = this.settings.schemaValidator().violations(message, MessageSchema.ANALYSIS);
		if (violations.isEmpty()) {
			return null;
		}
		logger.error("Result of trigger " + received.id() + " for contract '" + trigger.contract()
				+ "' does not match the KOSMoS analysis schema and is not published: " + violations);
		this.listener.analysisFailed(received, trigger, AnalysisFailure.INVALID_RESULT, null);
		return "The result does not match the KOSMoS analysis schema: " + violations;
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

	/** The handler's result and its serialised message, or why there is none. */
	private record Analysis(AnalysisResult result, byte[] bytes, AnalysisFailure failure, String message,
			int attempts) {

		static Analysis failed(AnalysisFailure failure, String message, int attempts) {
			return new Analysis(null, null, failure, message, attempts);
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
	 * Collaborators and settings of a {@link TriggerProcessor}.
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
	 * @param filter decides which valid triggers the tool reacts to
	 * @param requestCustomizers change the request before the handler, in order
	 * @param resultCustomizers change the result message before it is published, in order
	 */
	public record Settings(TriggerReader triggerReader, AnalysisHandler handler, ResultMessageWriter resultWriter,
			SchemaValidator schemaValidator, boolean validateResults, ObjectMapper objectMapper,
			MqttPublisher publisher, KosmosTopics topics, int resultQos, TriggerListener listener, Clock clock,
			TriggerFilter filter, List<AnalysisRequestCustomizer> requestCustomizers,
			List<ResultMessageCustomizer> resultCustomizers) {

		public Settings {
			filter = (filter != null) ? filter : TriggerFilter.acceptAll();
			requestCustomizers = (requestCustomizers != null) ? List.copyOf(requestCustomizers) : List.of();
			resultCustomizers = (resultCustomizers != null) ? List.copyOf(resultCustomizers) : List.of();
		}

	}

}
