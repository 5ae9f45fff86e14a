package io.kosmos.mqtt.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * <p>At most {@code maxHeld} ({@code concurrency + queueCapacity}) triggers wait in the
 * executor or run. A QoS 1 or 2 trigger that arrives when all of them are taken waits in
 * an overflow list instead of blocking the callback thread. Paho 1.2.5 reads every packet,
 * the broker's PUBACK and PUBCOMP for our results included, on one receiver thread, and
 * that thread blocks once ten messages wait for a blocked callback thread. Workers that
 * wait for their result's acknowledgement would then never finish, so blocking there can
 * deadlock. The overflow does not grow without limit: the triggers are acknowledged only
 * after they are processed, so the broker sends at most its in-flight window of them
 * (Mosquitto's {@code max_inflight_messages}, 20 by default) plus 65,535 packet ids at the
 * very most. A QoS 0 trigger has no such window and blocks the callback thread as before.
 * At stop the dispatcher waits, up to the shutdown timeout, for the held triggers.
 */
public class TriggerDispatcher implements MessageHandler, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TriggerDispatcher.class);

	private final TaskExecutor executor;

	private final TriggerRouter router;

	private final TriggerListener listener;

	private final Semaphore permits;

	private final int maxHeld;

	private final Duration shutdownTimeout;

	private final Clock clock;

	private final AtomicLong triggerIds = new AtomicLong();

	private volatile boolean running;

	private OrderedLanes orderedLanes;

	private final Deque<ReceivedTrigger> overflow = new ArrayDeque<>();

	/**
	 * Creates a dispatcher.
	 * @param executor runs the analyses; must accept {@code maxHeld} tasks without rejecting
	 * @param router hands each trigger to the processor of its analysis handler
	 * @param listener is notified of every received trigger
	 * @param maxHeld the maximum number of triggers queued or running at once
	 * @param shutdownTimeout how long {@link #stop()} waits for held triggers
	 * @param clock the time source of receive times
	 */
	public TriggerDispatcher(TaskExecutor executor, TriggerRouter router, TriggerListener listener,
			int maxHeld, Duration shutdownTimeout, Clock clock) {
		this.executor = executor;
		this.router = router;
		this.listener = listener;
		this.permits = new Semaphore(maxHeld);
		this.maxHeld = maxHeld;
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

	@Override
	public void handleMessage(Message<?> message) {
		Instant receivedAt = Instant.now(this.clock);
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		byte[] payload = (byte[]) message.getPayload();
		SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
		Runnable acknowledge = (acknowledgment != null) ? acknowledgment::acknowledge : () -> {
		};
		ReceivedTrigger received = new ReceivedTrigger(this.triggerIds.incrementAndGet(), topic, payload, receivedAt,
				acknowledge);
		this.listener.triggerReceived(received);

		Integer qos = message.getHeaders().get(MqttHeaders.RECEIVED_QOS, Integer.class);
		if (qos != null && qos > 0 && !this.permits.tryAcquire()) {
			synchronized (this.overflow) {
				this.overflow.add(received);
			}
			submitOverflow();
			return;
		}
		if (qos != null && qos > 0) {
			submit(received);
			return;
		}
		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for a free analysis slot; trigger " + received.id() + " on topic '"
					+ topic + "' is left unacknowledged for the broker to deliver again");
			return;
		}
		submit(received);
	}

	/** Submits a trigger for which a permit is held. */
	private void submit(ReceivedTrigger received) {
		try {
			Runnable task = () -> processAndRelease(received);
			if (this.orderedLanes != null) {
				this.orderedLanes.execute(received.payload(), task);
			}
			else {
				this.executor.execute(task);
			}
		}
		catch (RuntimeException ex) {
			this.permits.release();
			logger.error("Analysis executor rejected trigger " + received.id() + " on topic '" + received.topic()
					+ "'; it is left unacknowledged for the broker to deliver again", ex);
		}
	}

	/** Submits overflow triggers while permits are free. */
	private void submitOverflow() {
		while (true) {
			ReceivedTrigger next;
			synchronized (this.overflow) {
				if (this.overflow.isEmpty() || !this.permits.tryAcquire()) {
					return;
				}
				next = this.overflow.poll();
			}
			submit(next);
		}
	}

	/**
	 * Returns the number of triggers that wait for a free executor slot.
	 * @return the count
	 */
	public int overflowTriggers() {
		synchronized (this.overflow) {
			return this.overflow.size();
		}
	}

	/**
	 * Processes a trigger and releases its permit once the trigger is acknowledged or
	 * given up, which for a published result is after the broker completed the handshake.
	 */
	private void processAndRelease(ReceivedTrigger received) {
		CompletableFuture<Void> completion;
		try {
			completion = this.router.process(received);
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected error while processing trigger " + received.id() + " on topic '"
					+ received.topic() + "'", ex);
			completion = CompletableFuture.completedFuture(null);
		}
		completion.whenComplete((ignored, failure) -> {
			this.permits.release();
			submitOverflow();
		});
	}

	/**
	 * Returns the number of triggers queued or running.
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
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.running = false;
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
