package io.kosmos.mqtt.status;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.kosmos.mqtt.config.KosmosLifecyclePhases;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.ReceivedTrigger;
import io.kosmos.mqtt.runtime.TriggerListener;
import io.kosmos.mqtt.signature.MessageSigner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;
import org.springframework.messaging.MessagingException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes the tool's status on the status topic when it changes: {@code starting} once
 * connected, {@code alive} once subscribed, {@code error} when a trigger fails and
 * {@code alive} again on the next success, {@code shutting down} at stop. After a
 * reconnect it publishes the current status again, because the broker may have replaced
 * the retained status with the last will, {@link #lastWill}.
 */
public class StatusPublisher implements SmartLifecycle, ApplicationListener<MqttSubscribedEvent>, TriggerListener {

	private static final Log logger = LogFactory.getLog(StatusPublisher.class);

	private final MqttPublisher publisher;

	private final ObjectMapper objectMapper;

	private final String from;

	private final String topic;

	private final int qos;

	private final boolean retained;

	private final AtomicReference<ToolStatus> current = new AtomicReference<>();

	private volatile boolean running;

	private MessageSigner messageSigner = MessageSigner.NONE;

	/**
	 * Creates a status publisher.
	 * @param publisher publishes through the shared connection
	 * @param objectMapper serialises status messages
	 * @param from the tool's name
	 * @param topic the status topic
	 * @param qos the QoS of status messages
	 * @param retained whether status messages are retained
	 */
	public StatusPublisher(MqttPublisher publisher, ObjectMapper objectMapper, String from, String topic, int qos,
			boolean retained) {
		this.publisher = publisher;
		this.objectMapper = objectMapper;
		this.from = from;
		this.topic = topic;
		this.qos = qos;
		this.retained = retained;
	}

	/**
	 * Sets the signer applied to every status message just before it is serialised. The
	 * auto-configuration signs the last will itself, once, when it builds the connection
	 * options.
	 * @param messageSigner the signer; {@link MessageSigner#NONE} by default
	 */
	public void setMessageSigner(MessageSigner messageSigner) {
		this.messageSigner = messageSigner;
	}

	/**
	 * Builds the status message of a tool.
	 * @param from the tool's name
	 * @param status the status
	 * @return the message, {@code body} at the top
	 */
	public static ObjectNode statusMessage(String from, ToolStatus status) {
		ObjectNode message = JsonNodeFactory.instance.objectNode();
		ObjectNode body = message.putObject("body");
		body.put("from", from);
		body.put("status", status.wireName());
		return message;
	}

	/**
	 * Builds the last-will payload: status {@code error}, which the broker publishes when
	 * the tool's connection ends without a DISCONNECT.
	 * @param objectMapper serialises the message
	 * @param from the tool's name
	 * @return the message bytes
	 */
	public static byte[] lastWill(ObjectMapper objectMapper, String from) {
		return objectMapper.writeValueAsBytes(statusMessage(from, ToolStatus.ERROR));
	}

	/**
	 * Reports the outcome of a trigger; publishes only when the status changes. Ignored
	 * before the tool is alive and after it started shutting down.
	 * @param status {@link ToolStatus#ALIVE} or {@link ToolStatus#ERROR}
	 */
	public void report(ToolStatus status) {
		ToolStatus previous = this.current.get();
		if (previous != ToolStatus.ALIVE && previous != ToolStatus.ERROR) {
			return;
		}
		if (previous != status && this.current.compareAndSet(previous, status)) {
			publishInBackground(status);
		}
	}

	/**
	 * Returns the last published status.
	 * @return the status, or {@code null} before the first one
	 */
	public ToolStatus currentStatus() {
		return this.current.get();
	}

	@Override
	public void triggerRejected(ReceivedTrigger received, InvalidTriggerException error) {
		report(ToolStatus.ERROR);
	}

	@Override
	public void analysisFailed(ReceivedTrigger received, Trigger trigger, AnalysisFailure failure, Throwable error) {
		report(ToolStatus.ERROR);
	}

	@Override
	public void resultPublished(ReceivedTrigger received, Trigger trigger, String resultTopic,
			Duration analysisDuration) {
		report(ToolStatus.ALIVE);
	}

	/**
	 * Publishes {@code alive} on the first subscription, and the current status again on
	 * every later one. A later subscription follows a reconnect, and while the tool was
	 * away the broker may have published its last will, so the retained status would read
	 * {@code error} until the tool publishes again. The event arrives on the MQTT client's
	 * callback thread, so the publish does not wait for the broker there.
	 */
	@Override
	public void onApplicationEvent(MqttSubscribedEvent event) {
		if (!this.running) {
			return;
		}
		if (this.current.compareAndSet(ToolStatus.STARTING, ToolStatus.ALIVE)) {
			publishInBackground(ToolStatus.ALIVE);
			return;
		}
		ToolStatus status = this.current.get();
		if (status == ToolStatus.ALIVE || status == ToolStatus.ERROR) {
			logger.info("Publishing status '" + status.wireName() + "' again after a reconnect, in case the broker "
					+ "published the last will while the tool was away");
			publishInBackground(status);
		}
	}

	@Override
	public void start() {
		this.current.set(ToolStatus.STARTING);
		publish(ToolStatus.STARTING);
		this.running = true;
	}

	@Override
	public void stop() {
		this.current.set(ToolStatus.SHUTTING_DOWN);
		publish(ToolStatus.SHUTTING_DOWN);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return KosmosLifecyclePhases.STATUS;
	}

	/**
	 * Starts publishing a status without waiting for the broker. Trigger outcomes are
	 * reported on analysis workers, and a worker that waited for the broker could block
	 * the dispatcher (see {@link io.kosmos.mqtt.runtime.TriggerDispatcher}).
	 */
	private void publishInBackground(ToolStatus status) {
		CompletableFuture<Void> publication;
		try {
			publication = this.publisher.publishAsync(this.topic, statusPayload(status), this.qos, this.retained);
		}
		catch (RuntimeException ex) {
			publication = CompletableFuture.failedFuture(ex);
		}
		publication.whenComplete((ignored, failure) -> {
			if (failure != null) {
				Throwable cause = MqttPublisher.failureCause(failure);
				logger.warn("Failed to publish status '" + status.wireName() + "' to '" + this.topic + "': " + cause);
			}
			else {
				logger.info("Published status '" + status.wireName() + "' of '" + this.from + "' to '" + this.topic
						+ "'");
			}
		});
	}

	private byte[] statusPayload(ToolStatus status) {
		ObjectNode message = statusMessage(this.from, status);
		this.messageSigner.sign(message);
		return this.objectMapper.writeValueAsBytes(message);
	}

	private void publish(ToolStatus status) {
		try {
			this.publisher.publish(this.topic, statusPayload(status), this.qos, this.retained);
			logger.info("Published status '" + status.wireName() + "' of '" + this.from + "' to '" + this.topic + "'");
		}
		catch (MessagingException | IllegalStateException ex) {
			logger.warn("Failed to publish status '" + status.wireName() + "' to '" + this.topic + "': "
					+ ex.getMessage());
		}
	}

}
