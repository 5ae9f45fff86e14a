package io.kosmos.mqtt.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.table.Rfc3339;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes triggers that get no result to the dead-letter topic, at QoS 1, so that an
 * operator can inspect and replay them.
 *
 * <p>A record is a JSON object with the fields {@code topic} (where the trigger arrived),
 * {@code payload} and {@code payloadEncoding} ({@code utf-8} when the payload is valid
 * UTF-8 and copied as text, else {@code base64}), {@code reason} (a
 * {@link io.kosmos.mqtt.message.RejectionReason} or
 * {@link TriggerListener.AnalysisFailure} tag), {@code message}, {@code received} (RFC
 * 3339), {@code from} (the tool), {@code attempts} (handler runs, 0 for a rejected
 * trigger) and, once the trigger was parsed, {@code contract}, {@code machine} and
 * {@code sensor}.
 */
public class DeadLetterPublisher {

	private static final Log logger = LogFactory.getLog(DeadLetterPublisher.class);

	/** QoS of dead-letter records: the broker confirms them before the trigger is acknowledged. */
	public static final int QOS = 1;

	/** Bytes of the trigger payload that a record keeps at most. */
	public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

	private final MqttPublisher publisher;

	private final ObjectMapper objectMapper;

	private final String topic;

	private final String from;

	/**
	 * Creates a publisher.
	 * @param publisher the tool's publisher
	 * @param objectMapper writes the records
	 * @param topic the dead-letter topic
	 * @param from the tool's {@code from}
	 */
	public DeadLetterPublisher(MqttPublisher publisher, ObjectMapper objectMapper, String topic, String from) {
		this.publisher = publisher;
		this.objectMapper = objectMapper;
		this.topic = topic;
		this.from = from;
	}

	/**
	 * Returns the dead-letter topic.
	 * @return for example {@code kosmos/dead-letter/sample/v1}
	 */
	public String topic() {
		return this.topic;
	}

	/**
	 * Starts publishing one record.
	 * @param received the trigger as it came off the broker
	 * @param trigger the parsed trigger, or {@code null} when it was rejected
	 * @param reason the reason tag
	 * @param message what went wrong, in words
	 * @param attempts how often the handler ran
	 * @return a future of whether the broker took the record; when not, the failure is
	 * logged and the trigger must stay unacknowledged. It never completes exceptionally.
	 */
	public CompletableFuture<Boolean> publishAsync(ReceivedTrigger received, Trigger trigger, String reason,
			String message, int attempts) {
		CompletableFuture<Void> publication;
		try {
			byte[] record = this.objectMapper.writeValueAsBytes(record(received, trigger, reason, message, attempts));
			publication = this.publisher.publishAsync(this.topic, record, QOS, false)
				.orTimeout(this.publisher.completionTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			publication = CompletableFuture.failedFuture(ex);
		}
		return publication.handle((ignored, failure) -> {
			if (failure != null) {
				Throwable cause = MqttPublisher.failureCause(failure);
				logger.error("Failed to publish trigger " + received.id() + " from topic '" + received.topic()
						+ "' to dead-letter topic '" + this.topic + "' (" + reason
						+ "); the trigger is not acknowledged, so the broker delivers it again after a reconnect",
						cause);
				return false;
			}
			logger.info("Published trigger " + received.id() + " from topic '" + received.topic()
					+ "' to dead-letter topic '" + this.topic + "' (" + reason + ")");
			return true;
		});
	}

	ObjectNode record(ReceivedTrigger received, Trigger trigger, String reason, String message, int attempts) {
		ObjectNode record = this.objectMapper.createObjectNode();
		record.put("topic", received.topic());
		byte[] payload = received.payload();
		byte[] recorded = (payload.length > MAX_PAYLOAD_BYTES) ? Arrays.copyOf(payload, MAX_PAYLOAD_BYTES) : payload;
		String text = utf8OrNull(recorded);
		for (int cut = 1; text == null && recorded != payload && cut <= 3; cut++) {
			// The cut may have split a multi-byte character.
			text = utf8OrNull(Arrays.copyOf(recorded, recorded.length - cut));
		}
		if (text != null) {
			record.put("payload", text);
			record.put("payloadEncoding", "utf-8");
		}
		else {
			record.put("payload", Base64.getEncoder().encodeToString(recorded));
			record.put("payloadEncoding", "base64");
		}
		if (recorded != payload) {
			// A record as large as a rejected oversized trigger could itself be refused by
			// the broker, and the trigger would then never be acknowledged.
			record.put("payloadTruncated", true);
			record.put("payloadSize", payload.length);
		}
		record.put("reason", reason);
		record.put("message", (message != null) ? message : reason);
		record.put("received", Rfc3339.format(received.receivedAt()));
		record.put("from", this.from);
		record.put("attempts", attempts);
		if (trigger != null) {
			record.put("contract", trigger.contract());
			record.put("machine", trigger.machine());
			record.put("sensor", trigger.sensor());
		}
		return record;
	}

	private static String utf8OrNull(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
