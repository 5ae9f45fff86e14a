package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import org.springframework.integration.mqtt.core.ClientManager;

/**
 * Publishes over MQTT 3.1.1 through the shared Paho client of a client manager, with at
 * most {@code maxInflight} publishes in flight and the rest queued in order.
 *
 * <p>Paho 1.2.5 rejects a publish with "Too many publishes in progress" (reason code
 * 32202) once max-inflight publishes are unacknowledged, and it counts a publish as done
 * only on its callback thread, after it has already woken the caller. Workers that
 * published again as soon as they were woken reached the limit in a burst with 32
 * workers, and each rejected result left its trigger unacknowledged. This publisher frees
 * a slot in the action listener, which Paho runs after its own count went down. After a
 * reconnect Paho also counts the messages of the lost connection that it sends again.
 * The connection's own limit is therefore set higher, and a publish that Paho rejects
 * all the same goes back to the head of the queue and is sent again shortly after.
 */
public class Mqttv3Publisher extends MqttPublisher {

	private final ClientManager<IMqttAsyncClient, ?> clientManager;

	private final int maxInflight;

	/** Pause before a publish that Paho rejected for too many in flight is sent again. */
	private static final long RETRY_DELAY_MILLIS = 20;

	/** Pause before a publish that failed for a lost connection is sent again. */
	private static final long RECONNECT_RETRY_DELAY_MILLIS = 200;

	private final boolean retryWhileDisconnected;

	private final ArrayDeque<PendingPublish> waiting = new ArrayDeque<>();

	private int inFlight;

	/**
	 * Creates a publisher.
	 * @param clientManager the tool's shared connection
	 * @param completionTimeout how long {@link #publish} waits for the broker
	 * @param maxInflight the most publishes in flight at once; at most the connection's
	 * max-inflight
	 */
	public Mqttv3Publisher(ClientManager<IMqttAsyncClient, ?> clientManager, Duration completionTimeout,
			int maxInflight) {
		this(clientManager, completionTimeout, maxInflight, false);
	}

	/**
	 * Creates a publisher that may send again what failed because the connection was down.
	 * @param clientManager the tool's shared connection
	 * @param completionTimeout how long {@link #publish} waits for the broker
	 * @param maxInflight the most publishes in flight at once; at most the connection's
	 * max-inflight
	 * @param retryWhileDisconnected whether a publish that fails because the client is not
	 * connected, or lost its connection, is sent again until it succeeds or its future
	 * times out. Meant for a connection that nothing else reconnects: there a failed result
	 * would leave its trigger unacknowledged with no redelivery to come.
	 */
	public Mqttv3Publisher(ClientManager<IMqttAsyncClient, ?> clientManager, Duration completionTimeout,
			int maxInflight, boolean retryWhileDisconnected) {
		super(completionTimeout);
		this.retryWhileDisconnected = retryWhileDisconnected;
		if (maxInflight < 1) {
			throw new IllegalArgumentException("maxInflight must be at least 1, got " + maxInflight);
		}
		this.clientManager = clientManager;
		this.maxInflight = maxInflight;
	}

	@Override
	public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		message.setRetained(retained);
		PendingPublish publish = new PendingPublish(topic, message, new PublishCompletion());
		synchronized (this.waiting) {
			if (this.inFlight >= this.maxInflight) {
				this.waiting.add(publish);
				return publish.completion;
			}
			this.inFlight++;
		}
		sendInSlot(publish);
		return publish.completion;
	}

	/**
	 * Sends a publish that has taken a slot. When the send fails at once, the slot goes
	 * to the next waiting publish, and so on.
	 */
	private void sendInSlot(PendingPublish first) {
		PendingPublish next = first;
		while (next != null) {
			Outcome outcome = send(next);
			if (outcome == Outcome.SENT) {
				return;
			}
			if (outcome == Outcome.REJECTED_FULL) {
				requeue(next, RETRY_DELAY_MILLIS);
				return;
			}
			if (outcome == Outcome.DISCONNECTED) {
				requeue(next, RECONNECT_RETRY_DELAY_MILLIS);
				return;
			}
			next = nextInFreedSlot();
		}
	}

	/**
	 * Puts a publish that Paho rejected for too many in flight back at the head of the
	 * queue and tries again shortly. Paho counts messages of a lost connection that it
	 * sends again after the reconnect, and this publisher does not see those.
	 */
	private void requeue(PendingPublish publish, long delayMillis) {
		synchronized (this.waiting) {
			this.waiting.addFirst(publish);
			this.inFlight--;
		}
		CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(this::sendWaiting);
	}

	/** Sends waiting publishes while slots are free. */
	private void sendWaiting() {
		while (true) {
			PendingPublish next;
			synchronized (this.waiting) {
				if (this.inFlight >= this.maxInflight || this.waiting.isEmpty()) {
					return;
				}
				next = this.waiting.poll();
				this.inFlight++;
			}
			Outcome outcome = send(next);
			if (outcome == Outcome.REJECTED_FULL) {
				requeue(next, RETRY_DELAY_MILLIS);
				return;
			}
			if (outcome == Outcome.DISCONNECTED) {
				requeue(next, RECONNECT_RETRY_DELAY_MILLIS);
				return;
			}
			if (outcome == Outcome.FAILED) {
				synchronized (this.waiting) {
					this.inFlight--;
				}
			}
		}
	}

	/** Hands a publish to Paho. */
	private Outcome send(PendingPublish publish) {
		if (publish.completion.isDone()) {
			// Cancelled by a timed-out publish() while it waited.
			return Outcome.FAILED;
		}
		IMqttAsyncClient client = this.clientManager.getClient();
		if (client == null) {
			publish.completion.completeExceptionally(new IllegalStateException(
					"The MQTT client of '" + this.clientManager.getClientId() + "' is not started"));
			return Outcome.FAILED;
		}
		try {
			IMqttToken token = client.publish(publish.topic, publish.message, null, new CompletionListener(publish));
			publish.completion.handedToClient((timeoutMillis) -> awaitToken(token, timeoutMillis));
			return Outcome.SENT;
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
				return Outcome.REJECTED_FULL;
			}
			if (this.retryWhileDisconnected && isConnectionFailure(ex)) {
				return Outcome.DISCONNECTED;
			}
			publish.completion.completeExceptionally(ex);
			return Outcome.FAILED;
		}
		catch (RuntimeException ex) {
			publish.completion.completeExceptionally(ex);
			return Outcome.FAILED;
		}
	}

	/** Gives a freed slot to the next waiting publish, or releases it when none waits. */
	private PendingPublish nextInFreedSlot() {
		synchronized (this.waiting) {
			PendingPublish next = this.waiting.poll();
			if (next == null) {
				this.inFlight--;
			}
			return next;
		}
	}

	private void completed() {
		PendingPublish next = nextInFreedSlot();
		if (next != null) {
			sendInSlot(next);
		}
	}

	private static boolean isConnectionFailure(Throwable failure) {
		if (!(failure instanceof MqttException mqtt)) {
			return false;
		}
		int reason = mqtt.getReasonCode();
		return reason == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
				|| reason == MqttException.REASON_CODE_CONNECTION_LOST;
	}

	private static void awaitToken(IMqttToken token, long timeoutMillis) throws MqttException, TimeoutException {
		try {
			token.waitForCompletion(timeoutMillis);
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT && !token.isComplete()) {
				throw new TimeoutException("The broker did not complete the publish within " + timeoutMillis + " ms");
			}
			throw ex;
		}
	}

	private enum Outcome {

		/** Handed to Paho; the slot is freed when the broker completes the handshake. */
		SENT,

		/** Failed or skipped without reaching the broker; the slot is free again. */
		FAILED,

		/** Rejected by Paho for too many publishes in flight; to be sent again. */
		REJECTED_FULL,

		/** Rejected because the client is not connected; to be sent again later. */
		DISCONNECTED

	}

	private record PendingPublish(String topic, MqttMessage message, PublishCompletion completion) {
	}

	private final class CompletionListener implements IMqttActionListener {

		private final PendingPublish publish;

		CompletionListener(PendingPublish publish) {
			this.publish = publish;
		}

		@Override
		public void onSuccess(IMqttToken token) {
			this.publish.completion.complete(null);
			completed();
		}

		@Override
		public void onFailure(IMqttToken token, Throwable exception) {
			if (Mqttv3Publisher.this.retryWhileDisconnected && isConnectionFailure(exception)
					&& !this.publish.completion.isDone()) {
				// Lost with the connection: send it again once the client has reconnected.
				requeue(this.publish, RECONNECT_RETRY_DELAY_MILLIS);
				return;
			}
			this.publish.completion.completeExceptionally(exception);
			completed();
		}

	}

}
