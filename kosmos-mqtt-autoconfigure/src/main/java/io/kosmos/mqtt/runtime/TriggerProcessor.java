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
 * <p>A bad trigger, a failing handler or an unwritable result is logged with the topic
 * and contract, reported to the {@link TriggerListener}, and acknowledged so that the
 * broker does not send it again. A failed publish is not acknowledged: with a persistent
 * session the broker delivers the trigger again after a reconnect.
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

	private MessageSigner messageSigner = MessageSigner.NONE;

	/**
	 * Creates a processor.
	 * @param settings the collaborators and settings of the processor
	 */
	public TriggerProcessor(Settings settings) {
		this.settings = settings;
		this.listener = settings.listener();
	}

	/**
	 * Sets the signer applied to every result just before it is serialised.
	 * @param messageSigner the signer; {@link MessageSigner#NONE} by default
	 */
	public void setMessageSigner(MessageSigner messageSigner) {
		this.messageSigner = messageSigner;
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
		catch (RuntimeException ex) {
			// A bug or an unforeseen input must not leave the trigger unacknowledged: the
			// broker would hold back every later trigger behind it.
			logger.error("Unexpected error while processing trigger " + received.id() + " on topic '"
					+ received.topic() + "'; the trigger is dropped", ex);
			this.listener.triggerRejected(received, new InvalidTriggerException(RejectionReason.UNEXPECTED,
					"Unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex));
			received.acknowledgment().run();
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
			logger.warn(RejectedTriggerLog.message(received, ex, this.settings.objectMapper()));
			this.listener.triggerRejected(received, ex);
			received.acknowledgment().run();
			return;
		}
		MDC.put(MDC_CONTRACT, trigger.contract());
		MDC.put(MDC_MACHINE, trigger.machine());
		MDC.put(MDC_SENSOR, trigger.sensor());

		long analysisStart = System.nanoTime();
		WrittenResult written = analyse(received, trigger);
		Duration analysisDuration = Duration.ofNanos(System.nanoTime() - analysisStart);
		if (written == null) {
			received.acknowledgment().run();
			return;
		}
		byte[] resultBytes = written.bytes();

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
		this.listener.resultPublished(received, trigger, written.result(), resultTopic, analysisDuration);
		received.acknowledgment().run();
	}

	/**
	 * Runs the handler and writes its result; returns {@code null} after logging and
	 * reporting when either fails.
	 */
	private WrittenResult analyse(ReceivedTrigger received, Trigger trigger) {
		AnalysisRequest request = new AnalysisRequest(trigger.contract(), trigger.machine(), trigger.sensor(),
				trigger.type(), received.topic(), received.receivedAt(), trigger.timestamp(), trigger.table(),
				trigger.columns(), trigger.meta());

		AnalysisResult result;
		try {
			result = this.settings.handler().analyse(request);
		}
		catch (Exception ex) {
			logger.error("Analysis handler failed on trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' from topic '" + received.topic() + "'", ex);
			this.listener.analysisFailed(received, trigger, AnalysisFailure.HANDLER_EXCEPTION, ex);
			return null;
		}
		if (result == null) {
			logger.error("Analysis handler returned null for trigger " + received.id() + " of contract '"
					+ trigger.contract() + "'; return an AnalysisResult such as AnalysisResult.timeSeries(table)");
			this.listener.analysisFailed(received, trigger, AnalysisFailure.NULL_RESULT, null);
			return null;
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
					return null;
				}
			}
			this.messageSigner.sign(message);
			return new WrittenResult(result, this.settings.objectMapper().writeValueAsBytes(message));
		}
		catch (IllegalArgumentException ex) {
			logger.error("Result of trigger " + received.id() + " for contract '" + trigger.contract()
					+ "' cannot be written: " + ex.getMessage());
			this.listener.analysisFailed(received, trigger, AnalysisFailure.INVALID_RESULT, ex);
			return null;
		}
	}

	private record WrittenResult(AnalysisResult result, byte[] bytes) {
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
