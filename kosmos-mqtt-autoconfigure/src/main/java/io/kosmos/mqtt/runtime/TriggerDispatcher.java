package io.kosmos.mqtt.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.kosmos.mqtt.config.KosmosLifecyclePhases;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * Hands triggers from the MQTT callback thread to the analysis executor.
 *
 * <p>At most {@code maxHeld} ({@code concurrency + queueCapacity}) triggers, with payloads
 * of at most {@code maxHeldBytes} together, are held. When all of them are taken, the
 * callback thread blocks until one is freed, so Paho stops reading from the connection
 * and the broker and the TCP buffers keep the rest, not the tool's heap.
 *
 * <p>When results go over a connection of their own ({@link MqttResultConnection}), a
 * trigger stays held until it is acknowledged, after the broker has taken its result or
 * dead-letter record. Those acknowledgements arrive on the other connection, so they do
 * not depend on this callback thread. On a shared connection the slot is freed as soon as
 * the worker has handed the result to the client. Waiting for the broker there could
 * deadlock: while the callback thread is blocked, Paho's receiver thread stops as well,
 * and the acknowledgements behind the next triggers are never read. Results that wait for
 * the broker are then bounded only by what the broker sends, which is more than its
 * in-flight window with Mosquitto 2.0.11. The payload share of a trigger is freed when the
 * worker is done in both cases, since the payload is dropped by then.
 *
 * <p>At stop the dispatcher waits, up to the shutdown timeout, for the triggers it keeps
 * and for the acknowledgement of those it handed on.
 */
public class TriggerDispatcher implements MessageHandler, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TriggerDispatcher.class);

	private final TaskExecutor executor;

	private final TriggerRouter router;

	private final TriggerListener listener;

	private final Semaphore permits;

	private final int maxHeld;

	private final Semaphore payloadKibibytes;

	private final int maxPayloadKibibytes;

	private final Duration shutdownTimeout;

	private final Clock clock;

	private final AtomicLong triggerIds = new AtomicLong();

	private final Set<CompletableFuture<Void>> pendingAcknowledgements = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private OrderedLanes orderedLanes;

	private boolean holdUntilAcknowledged;

	/**
	 * Creates a dispatcher that bounds the number and the total payload size of the
	 * triggers it keeps.
	 * @param executor runs the analyses; must accept {@code maxHeld} tasks without rejecting
	 * @param router hands each trigger to the processor of its analysis handler
	 * @param listener is notified of every received trigger
	 * @param maxHeld the maximum number of triggers queued or running at once
	 * @param maxHeldBytes the maximum total payload size of those triggers; a larger
	 * trigger is still taken when it is the only one held
	 * @param shutdownTimeout how long {@link #stop()} waits for held triggers
	 * @param clock the time source of receive times
	 */
	public TriggerDispatcher(TaskExecutor executor, TriggerRouter router, TriggerListener listener,
			int maxHeld, long maxHeldBytes, Duration shutdownTimeout, Clock clock) {
		this.executor = executor;
		this.router = router;
		this.listener = listener;
		this.permits = new Semaphore(maxHeld);
		this.maxHeld = maxHeld;
		this.maxPayloadKibibytes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxHeldBytes / 1024));
		this.payloadKibibytes = new Semaphore(this.maxPayloadKibibytes);
		this.shutdownTimeout = shutdownTimeout;
		this.clock = clock;
	}

	/**
	 * Runs the triggers of each machine and sensor in order, through lanes on this
	 * dispatcher's executor.
	 * @param orderedLanes the lanes, or {@code null} to run every trigger as soon as a
	 * worker is free
	 */
	public void setOrderedLanes(OrderedLanes orderedLanes) {
		this.orderedLanes = orderedLanes;
	}

	/**
	 * Sets whether a trigger stays held until it is acknowledged, instead of until its
	 * result is handed to the client. Only safe when results go over a connection other
	 * than the one the triggers arrive on.
	 * @param holdUntilAcknowledged whether to hold triggers until acknowledged
	 */
	public void setHoldUntilAcknowledged(boolean holdUntilAcknowledged) {
		this.holdUntilAcknowledged = holdUntilAcknowledged;
	}

	@Override
	public void handleMessage(Message<?> message) {
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		byte[] payload = (byte[]) message.getPayload();
		int kibibytes = payloadKibibytes(payload);
		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for a free analysis slot; the trigger on topic '" + topic
					+ "' is left unacknowledged for the broker to deliver again");
			return;
		}
		try {
			this.payloadKibibytes.acquire(kibibytes);
		}
		catch (InterruptedException ex) {
			this.permits.release();
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for room for a trigger of " + payload.length + " bytes; the trigger "
					+ "on topic '" + topic + "' is left unacknowledged for the broker to deliver again");
			return;
		}

		// Stamped after the wait: until a slot is free the trigger stays with the broker.
		Instant receivedAt = Instant.now(this.clock);
		SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
		Runnable acknowledge = (acknowledgment != null) ? acknowledgment::acknowledge : () -> {
		};
		ReceivedTrigger received = new ReceivedTrigger(this.triggerIds.incrementAndGet(), topic, payload, receivedAt,
				acknowledge);
		this.listener.triggerReceived(received);
		submit(received, kibibytes);
	}

	/** Returns the share of the payload budget a trigger takes: its size, at most the whole budget. */
	private int payloadKibibytes(byte[] payload) {
		long kibibytes = (payload.length + 1023L) / 1024;
		return (int) Math.max(1, Math.min(this.maxPayloadKibibytes, kibibytes));
	}

	private void release(int kibibytes) {
		this.payloadKibibytes.release(kibibytes);
		this.permits.release();
	}

	/** Submits a trigger for which a permit and its payload share are held. */
	private void submit(ReceivedTrigger received, int kibibytes) {
		try {
			Runnable task = () -> processAndRelease(received, kibibytes);
			if (this.orderedLanes != null) {
				this.orderedLanes.execute(received.payload(), task);
			}
			else {
				this.executor.execute(task);
			}
		}
		catch (RuntimeException ex) {
			release(kibibytes);
			logger.error("Analysis executor rejected trigger " + received.id() + " on topic '" + received.topic()
					+ "'; it is left unacknowledged for the broker to deliver again", ex);
		}
	}

	/**
	 * Processes a trigger and frees its slot once the result is handed to the client, or
	 * once the trigger is acknowledged when triggers are held until then. The trigger stays
	 * tracked until it is acknowledged or given up.
	 */
	private void processAndRelease(ReceivedTrigger received, int kibibytes) {
		CompletableFuture<Void> acknowledgement = null;
		try {
			acknowledgement = this.router.process(received);
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected error while processing trigger " + received.id() + " on topic '"
					+ received.topic() + "'", ex);
		}
		finally {
			this.payloadKibibytes.release(kibibytes);
		}

		if (acknowledgement == null || acknowledgement.isDone()) {
			this.permits.release();
			return;
		}
		if (!this.holdUntilAcknowledged) {
			this.permits.release();
		}
		track(acknowledgement, this.holdUntilAcknowledged);
	}

	/**
	 * Keeps an acknowledgement among the pending ones until it completes, then frees the
	 * trigger's slot when asked to, in that order so that no more than the held triggers
	 * are ever pending.
	 */
	private void track(CompletableFuture<Void> acknowledgement, boolean releasePermit) {
		this.pendingAcknowledgements.add(acknowledgement);
		acknowledgement.whenComplete((ignored, failure) -> {
			this.pendingAcknowledgements.remove(acknowledgement);
			if (releasePermit) {
				this.permits.release();
			}
		});
	}

	/**
	 * Returns the number of triggers whose result is handed to the client but not yet
	 * acknowledged by the broker.
	 * @return the count
	 */
	public int pendingAcknowledgements() {
		return this.pendingAcknowledgements.size();
	}

	/**
	 * Returns the number of triggers queued or running, and, when triggers are held until
	 * acknowledged, those whose result the broker has not yet taken.
	 * @return the count
	 */
	public int heldTriggers() {
		return this.maxHeld - this.permits.availablePermits();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		int held = heldTriggers();
		if (held > 0) {
			logger.info("Waiting up to " + this.shutdownTimeout.toMillis() + " ms for " + held
					+ " running analyses to publish their results");
		}
		try {
			if (!this.permits.tryAcquire(this.maxHeld, this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Shutdown timeout of " + this.shutdownTimeout.toMillis() + " ms expired with "
						+ heldTriggers() + " analyses unfinished; their triggers are abandoned unacknowledged");
			}
			else {
				this.permits.release(this.maxHeld);
				awaitAcknowledgements(deadline);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.running = false;
	}

	private void awaitAcknowledgements(long deadline) throws InterruptedException {
		CompletableFuture<?>[] pending = this.pendingAcknowledgements.toArray(CompletableFuture<?>[]::new);
		if (pending.length == 0) {
			return;
		}
		try {
			CompletableFuture.allOf(pending).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Shutdown timeout of " + this.shutdownTimeout.toMillis() + " ms expired with "
					+ pendingAcknowledgements() + " results not yet acknowledged by the broker; their triggers "
					+ "stay unacknowledged and the broker delivers them again");
		}
		catch (ExecutionException ex) {
			// The processor's futures do not fail; a failure here has been logged where it happened.
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return KosmosLifecyclePhases.ANALYSES;
	}

}
