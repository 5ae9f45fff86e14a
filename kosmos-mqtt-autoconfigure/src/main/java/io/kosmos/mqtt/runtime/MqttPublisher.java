package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.messaging.MessagingException;

/**
 * Publishes bytes through the tool's shared MQTT connection, whatever its protocol
 * version. {@link #publishAsync} returns at once with a future of the broker's QoS
 * handshake; {@link #publish} waits for it up to the completion timeout.
 */
public abstract class MqttPublisher {

	private final Duration completionTimeout;

	/**
	 * Creates a publisher.
	 * @param completionTimeout how long {@link #publish} waits for the broker
	 */
	protected MqttPublisher(Duration completionTimeout) {
		this.completionTimeout = completionTimeout;
	}

	/**
	 * Starts publishing a message.
	 * @param topic the topic, without wildcards
	 * @param payload the message bytes
	 * @param qos the QoS, 0 to 2
	 * @param retained whether the broker keeps the message for new subscribers
	 * @return a future that completes when the broker has completed the QoS handshake
	 * (for QoS 0, when the message is written to the connection), or completes
	 * exceptionally when the publish fails
	 */
	public abstract CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained);

	/**
	 * Publishes a message and waits for the broker to complete its QoS handshake.
	 * @param topic the topic, without wildcards
	 * @param payload the message bytes
	 * @param qos the QoS, 0 to 2
	 * @param retained whether the broker keeps the message for new subscribers
	 * @throws MessagingException when the publish fails, or does not complete within the
	 * completion timeout
	 */
	public void publish(String topic, byte[] payload, int qos, boolean retained) {
		CompletableFuture<Void> completion = publishAsync(topic, payload, qos, retained);
		long timeoutMillis = this.completionTimeout.toMillis();
		try {
			if (completion instanceof PublishCompletion paho) {
				paho.await(timeoutMillis);
			}
			else {
				completion.get(timeoutMillis, TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new MessagingException("Failed to publish to topic '" + topic + "' at QoS " + qos + ": " + cause,
					cause);
		}
		catch (TimeoutException ex) {
			// A publish that still waits for a free in-flight slot is then skipped.
			completion.cancel(false);
			throw new MessagingException("Timed out after " + this.completionTimeout.toMillis()
					+ " ms waiting for the broker to complete the publish to topic '" + topic + "' at QoS " + qos
					+ " (kosmos.mqtt.broker.completion-timeout)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MessagingException("Interrupted while publishing to topic '" + topic + "'", ex);
		}
	}

	/**
	 * Returns the cause of a failed publish as a dependent future reports it, without the
	 * {@link CompletionException} wrapper.
	 * @param failure the failure a {@code handle} or {@code whenComplete} stage received
	 * @return the original failure
	 */
	public static Throwable failureCause(Throwable failure) {
		if (failure instanceof CompletionException && failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

	/**
	 * Returns how long {@link #publish} waits for the broker.
	 * @return the completion timeout
	 */
	public Duration completionTimeout() {
		return this.completionTimeout;
	}

}
