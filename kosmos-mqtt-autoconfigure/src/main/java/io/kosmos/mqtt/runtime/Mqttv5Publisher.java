package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import org.springframework.integration.mqtt.core.ClientManager;

/**
 * Publishes over MQTT 5 through the shared Paho client of a client manager, with a
 * bounded number of publishes in flight.
 *
 * <p>Paho v5 1.2.5 has no max-inflight setting: it rejects a publish with "Too many
 * publishes in progress" (reason code 32202) once as many are in flight as the broker's
 * Receive Maximum from the CONNACK. This publisher therefore keeps at most the smaller of
 * {@code maxInflight} and that Receive Maximum, as {@link EventPublishingMqttv5ClientManager}
 * records it, in flight and queues the rest. When Paho rejects a publish all the same
 * (the first connect has not completed, or another user of the shared client occupies
 * slots), the publisher lowers its window to the number then in flight and sends the
 * rejected message again after the next one completes.
 *
 * <p>Calls into Paho's publish are serialised. Paho 1.2.5 gives a topic its outgoing topic
 * alias before it queues the packet, without a lock, so two threads publishing to a new
 * topic at once could send the alias-only packet first, and the broker disconnects with
 * a protocol error (seen with Mosquitto 2.0.11, reason code 130). The same happens when a
 * rejected first publish to a topic has already taken an alias, so staying below the
 * Receive Maximum matters beyond throughput.
 *
 * <p>NOTE: a blocking {@link #publish} on Paho's callback thread whose message has to wait
 * for a free slot waits until the completion timeout, because that thread also runs the
 * listeners that free the slots. The status publisher publishes there after a reconnect,
 * when the window is normally empty.
 */
public class Mqttv5Publisher extends MqttPublisher {

	private static final Log logger = LogFactory.getLog(Mqttv5Publisher.class);

	/** Pause before a publish that failed for a lost connection is sent again. */
	private static final long RECONNECT_RETRY_DELAY_MILLIS = 200;

	private final boolean retryWhileDisconnected;

	private final ClientManager<IMqttAsyncClient, ?> clientManager;

	private final Object lock = new Object();

	private final Object sendLock = new Object();

	private boolean serverLimitApplied;

	private final ArrayDeque<PendingPublish> waiting = new ArrayDeque<>();

	private int inFlight;

	private int window;

	/**
	 * Creates a publisher.
	 * @param clientManager the tool's shared connection
	 * @param completionTimeout how long {@link #publish} waits for the broker
	 * @param maxInflight the most publishes in flight at once, before the broker's own
	 * limit is learned
	 */
	public Mqttv5Publisher(ClientManager<IMqttAsyncClient, ?> clientManager, Duration completionTimeout,
			int maxInflight) {
		this(clientManager, completionTimeout, maxInflight, false);
	}

	/**
	 * Creates a publisher that may send again what failed because the connection was down.
	 * @param clientManager the tool's shared connection
	 * @param completionTimeout how long {@link #publish} waits for the broker
	 * @param maxInflight the most publishes in flight at once, before the broker's own
	 * limit is learned
	 * @param retryWhileDisconnected whether a publish that fails because the client is not
	 * connected, or lost its connection, is sent again until it succeeds or its future
	 * times out. Meant for a connection that nothing else reconnects: there a failed result
	 * would leave its trigger unacknowledged with no redelivery to come.
	 */
	public Mqttv5Publisher(ClientManager<IMqttAsyncClient, ?> clientManager, Duration completionTimeout,
			int maxInflight, boolean retryWhileDisconnected) {
		super(completionTimeout);
		this.retryWhileDisconnected = retryWhileDisconnected;
		if (maxInflight < 1) {
			throw new IllegalArgumentException("maxInflight must be at least 1, got " + maxInflight);
		}
		this.clientManager = clientManager;
		this.window = maxInflight;
	}

	@Override
	public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		message.setRetained(retained);
		PendingPublish publish = new PendingPublish(topic, message, new PublishCompletion());
		boolean sendNow;
		synchronized (this.lock) {
			applyServerLimit();
			sendNow = this.inFlight < this.window;
			if (sendNow) {
				this.inFlight++;
			}
			else {
				this.waiting.add(publish);
			}
		}
		if (sendNow) {
			sendAndDrain(publish);
		}
		return publish.completion;
	}

	/** Lowers the window to the broker's Receive Maximum once the client manager knows it. */
	private void applyServerLimit() {
		if (this.serverLimitApplied
				|| !(this.clientManager instanceof EventPublishingMqttv5ClientManager manager)) {
			return;
		}
		Integer serverReceiveMaximum = manager.serverReceiveMaximum();
		if (serverReceiveMaximum != null) {
			this.window = Math.min(this.window, serverReceiveMaximum);
			this.serverLimitApplied = true;
		}
	}

	/**
	 * Returns the current limit of publishes in flight.
	 * @return {@code maxInflight}, or less once the client manager has recorded the broker's Receive
	 * Maximum or Paho has rejected a publish
	 */
	public int window() {
		synchronized (this.lock) {
			return this.window;
		}
	}

	/**
	 * Sends a publish that occupies an in-flight slot, then keeps sending waiting ones as
	 * long as a send frees its slot at once (it failed or was skipped).
	 */
	private void sendAndDrain(PendingPublish first) {
		PendingPublish next = first;
		while (next != null) {
			Outcome outcome = send(next);
			if (outcome != Outcome.SLOT_FREED) {
				return;
			}
			next = releaseSlot();
		}
	}

	private Outcome send(PendingPublish publish) {
		if (publish.completion.isDone()) {
			// Cancelled by a timed-out publish() while it waited.
			return Outcome.SLOT_FREED;
		}
		IMqttAsyncClient client = this.clientManager.getClient();
		if (client == null) {
			publish.completion.completeExceptionally(new IllegalStateException(
					"The MQTT client of '" + this.clientManager.getClientId() + "' is not started"));
			return Outcome.SLOT_FREED;
		}
		try {
			IMqttToken token;
			synchronized (this.sendLock) {
				token = client.publish(publish.topic, publish.message, null, new CompletionListener(publish));
			}
			publish.completion.handedToClient((timeoutMillis) -> awaitToken(publish.topic, token, timeoutMillis));
			return Outcome.SENT;
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
				return requeue(publish, ex);
			}
			if (this.retryWhileDisconnected && isConnectionFailure(ex)) {
				return retryLater(publish);
			}
			publish.completion.completeExceptionally(ex);
			return Outcome.SLOT_FREED;
		}
		catch (RuntimeException ex) {
			publish.completion.completeExceptionally(ex);
			return Outcome.SLOT_FREED;
		}
	}

	/**
	 * Puts a publish that Paho rejected for too many in flight back at the head of the
	 * queue, to be sent when the next publish completes.
	 */
	private Outcome requeue(PendingPublish publish, MqttException rejection) {
		int newWindow;
		boolean lowered;
		synchronized (this.lock) {
			this.inFlight--;
			if (this.inFlight == 0) {
				// No publish of ours is left whose completion would send this one; another
				// user of the shared client occupies the broker's window.
				publish.rejections++;
				if (publish.rejections > 1) {
					publish.completion.completeExceptionally(rejection);
					this.inFlight++;
					return Outcome.SLOT_FREED;
				}
				this.inFlight++;
				this.waiting.addFirst(publish);
				return Outcome.SLOT_FREED;
			}
			newWindow = this.inFlight;
			lowered = newWindow < this.window;
			this.window = Math.min(this.window, newWindow);
			this.waiting.addFirst(publish);
		}
		if (lowered) {
			logger.info("The broker of client '" + this.clientManager.getClientId() + "' accepts at most " + newWindow
					+ " publishes in flight (its Receive Maximum); further publishes wait until one completes");
		}
		return Outcome.REQUEUED;
	}

	/**
	 * Puts a publish that failed for a lost connection back at the head of the queue and
	 * sends the waiting publishes again after a pause.
	 */
	private Outcome retryLater(PendingPublish publish) {
		synchronized (this.lock) {
			this.inFlight--;
			this.waiting.addFirst(publish);
		}
		CompletableFuture.delayedExecutor(RECONNECT_RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS)
			.execute(this::resumeWaiting);
		return Outcome.REQUEUED;
	}

	/** Sends waiting publishes while slots are free. */
	private void resumeWaiting() {
		while (true) {
			PendingPublish next;
			synchronized (this.lock) {
				applyServerLimit();
				if (this.inFlight >= this.window) {
					return;
				}
				next = this.waiting.poll();
				if (next == null) {
					return;
				}
				this.inFlight++;
			}
			Outcome outcome = send(next);
			if (outcome == Outcome.REQUEUED) {
				return;
			}
			if (outcome == Outcome.SLOT_FREED) {
				synchronized (this.lock) {
					this.inFlight--;
				}
			}
		}
	}

	private static boolean isConnectionFailure(Throwable failure) {
		if (!(failure instanceof MqttException mqtt)) {
			return false;
		}
		int reason = mqtt.getReasonCode();
		return reason == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
				|| reason == MqttClientException.REASON_CODE_CONNECTION_LOST;
	}

	private static void awaitToken(String topic, IMqttToken token, long timeoutMillis)
			throws MqttException, TimeoutException {
		try {
			token.waitForCompletion(timeoutMillis);
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT && !token.isComplete()) {
				throw new TimeoutException("The broker did not complete the publish within " + timeoutMillis + " ms");
			}
			throw ex;
		}
		checkReasonCodes(topic, token);
	}

	/**
	 * Checks the reason codes of the broker's PUBACK or PUBREC.
	 * @throws IllegalStateException when a code of 0x80 or above means the broker rejected the message
	 */
	private static void checkReasonCodes(String topic, IMqttToken token) {
		int[] reasonCodes = token.getReasonCodes();
		if (reasonCodes != null && Arrays.stream(reasonCodes).anyMatch((code) -> code >= 0x80)) {
			throw new IllegalStateException("The broker rejected the publish to topic '" + topic
					+ "' with reason code(s) " + Arrays.toString(reasonCodes));
		}
	}

	/** Frees an in-flight slot and takes the next waiting publish into it. */
	private PendingPublish releaseSlot() {
		synchronized (this.lock) {
			this.inFlight--;
			if (this.inFlight >= this.window) {
				return null;
			}
			PendingPublish next = this.waiting.poll();
			if (next != null) {
				this.inFlight++;
			}
			return next;
		}
	}

	private void completed() {
		PendingPublish next = releaseSlot();
		if (next != null) {
			sendAndDrain(next);
		}
	}

	private enum Outcome {

		/** Handed to Paho; the slot is freed when the broker completes the handshake. */
		SENT,

		/** Failed or skipped without reaching Paho; the slot is free again. */
		SLOT_FREED,

		/** Rejected by Paho and queued again; a completion sends it. */
		REQUEUED

	}

	private static final class PendingPublish {

		private final String topic;

		private final MqttMessage message;

		private final PublishCompletion completion;

		private int rejections;

		PendingPublish(String topic, MqttMessage message, PublishCompletion completion) {
			this.topic = topic;
			this.message = message;
			this.completion = completion;
		}

	}

	private final class CompletionListener implements MqttActionListener {

		private final PendingPublish publish;

		CompletionListener(PendingPublish publish) {
			this.publish = publish;
		}

		@Override
		public void onSuccess(IMqttToken token) {
			try {
				checkReasonCodes(this.publish.topic, token);
				this.publish.completion.complete(null);
			}
			catch (IllegalStateException ex) {
				this.publish.completion.completeExceptionally(ex);
			}
			completed();
		}

		@Override
		public void onFailure(IMqttToken token, Throwable exception) {
			if (Mqttv5Publisher.this.retryWhileDisconnected && isConnectionFailure(exception)
					&& !this.publish.completion.isDone()) {
				// Lost with the connection: send it again once the client has reconnected.
				retryLater(this.publish);
				return;
			}
			this.publish.completion.completeExceptionally(exception);
			completed();
		}

	}

}
