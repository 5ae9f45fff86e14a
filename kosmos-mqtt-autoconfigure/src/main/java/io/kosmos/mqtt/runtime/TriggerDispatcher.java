package io.kosmos.mqtt.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>At most {@code concurrency + queueCapacity} triggers are held at once. When that
 * many are waiting or running, {@link #handleMessage} blocks the MQTT callback thread, so
 * the client stops reading and the broker keeps the rest: the heap does not grow with a
 * flood. At stop it waits, up to the shutdown timeout, for the held triggers to finish.
 */
public class TriggerDispatcher implements MessageHandler, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TriggerDispatcher.class);

	private final TaskExecutor executor;

	private final TriggerProcessor processor;

	private final TriggerListener listener;

	private final Semaphore permits;

	private final int maxHeld;

	private final Duration shutdownTimeout;

	private final Clock clock;

	private final AtomicLong triggerIds = new AtomicLong();

	private volatile boolean running;

	/**
	 * Creates a dispatcher.
	 * @param executor runs the analyses; must accept {@code maxHeld} tasks without rejecting
	 * @param processor processes one trigger
	 * @param listener is told of every received trigger
	 * @param maxHeld the maximum number of triggers queued or running at once
	 * @param shutdownTimeout how long {@link #stop()} waits for held triggers
	 * @param clock the time source of receive times
	 */
	public TriggerDispatcher(TaskExecutor executor, TriggerProcessor processor, TriggerListener listener,
			int maxHeld, Duration shutdownTimeout, Clock clock) {
		this.executor = executor;
		this.processor = processor;
		this.listener = listener;
		this.permits = new Semaphore(maxHeld);
		this.maxHeld = maxHeld;
		this.shutdownTimeout = shutdownTimeout;
		this.clock = clock;
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

		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for a free analysis slot; trigger " + received.id() + " on topic '"
					+ topic + "' is left unacknowledged for the broker to deliver again");
			return;
		}
		try {
			this.executor.execute(() -> processAndRelease(received));
		}
		catch (RuntimeException ex) {
			this.permits.release();
			logger.error("Analysis executor rejected trigger " + received.id() + " on topic '" + topic
					+ "'; it is left unacknowledged for the broker to deliver again", ex);
		}
	}

	private void processAndRelease(ReceivedTrigger received) {
		try {
			this.processor.process(received);
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected error while processing trigger " + received.id() + " on topic '"
					+ received.topic() + "'", ex);
		}
		finally {
			this.permits.release();
		}
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
