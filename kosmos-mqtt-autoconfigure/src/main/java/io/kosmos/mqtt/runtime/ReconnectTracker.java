package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.mqtt.core.ClientManager;

/**
 * Counts the connects of the tool's MQTT client and stops the tool when another client
 * with the same client id keeps taking its connection over.
 *
 * <p>An MQTT broker closes the older connection when a second one arrives with the same
 * client id. With automatic reconnect both clients then evict each other about once a
 * second, for ever. A client id must stay the same across restarts so that the broker
 * keeps the persistent session, so the id cannot get a random suffix. Instead, after
 * {@code maxShortConnections} reconnects in a row that each came less than
 * {@code shortConnection} after the previous connect, this tracker logs an error that
 * names the client id and runs the {@code onEvictionLoop} action, which by default closes
 * the application context: the other instance keeps the session and goes on serving.
 *
 * <p>Registered as a {@link ClientManager.ConnectCallback}; the inbound adapter
 * subscribes again on every connect, so a count here also means a new subscription.
 */
public class ReconnectTracker implements ClientManager.ConnectCallback {

	private static final Log logger = LogFactory.getLog(ReconnectTracker.class);

	private final String clientId;

	private final int maxShortConnections;

	private final Duration shortConnection;

	private final Runnable onEvictionLoop;

	private final AtomicLong connects = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private long lastConnectNanos;

	private int shortConnectionsInRow;

	private volatile boolean evictionLoopDetected;

	/**
	 * Creates a tracker.
	 * @param clientId the client id, for messages
	 * @param maxShortConnections the number of short connections in a row that count as an
	 * eviction loop
	 * @param shortConnection a reconnect sooner than this after the previous connect counts
	 * as a short connection
	 * @param onEvictionLoop what to do once a loop is detected; runs on a new thread
	 */
	public ReconnectTracker(String clientId, int maxShortConnections, Duration shortConnection,
			Runnable onEvictionLoop) {
		this.clientId = clientId;
		this.maxShortConnections = maxShortConnections;
		this.shortConnection = shortConnection;
		this.onEvictionLoop = onEvictionLoop;
	}

	@Override
	public void connectComplete(boolean isReconnect) {
		this.connects.incrementAndGet();
		long now = System.nanoTime();
		boolean loop = false;
		synchronized (this) {
			if (isReconnect) {
				long sinceLastConnect = now - this.lastConnectNanos;
				this.shortConnectionsInRow = (sinceLastConnect < this.shortConnection.toNanos())
						? this.shortConnectionsInRow + 1 : 0;
				loop = this.shortConnectionsInRow >= this.maxShortConnections && !this.evictionLoopDetected;
				if (loop) {
					this.evictionLoopDetected = true;
				}
			}
			this.lastConnectNanos = now;
		}
		if (!isReconnect) {
			logger.info("Connected to the MQTT broker as client '" + this.clientId + "'");
			return;
		}
		long count = this.reconnects.incrementAndGet();
		logger.warn("Reconnected to the MQTT broker as client '" + this.clientId + "' (reconnect " + count
				+ "); the trigger subscriptions are renewed");
		if (loop) {
			// NOTE: every instance in the loop detects it, so two tools on one broker both
			// stop (seen in a test with HiveMQ CE). A policy that stops only one is still open.
			logger.error("The broker closed the connection of client '" + this.clientId + "' " + this.maxShortConnections
					+ " times in a row less than " + this.shortConnection.toSeconds() + " s after it connected: another "
					+ "client probably uses the same client id. Stopping this tool so that the other one keeps the "
					+ "session; give every instance its own kosmos.mqtt.broker.client-id");
			Thread stopper = new Thread(this.onEvictionLoop, "kosmos-eviction-stop");
			stopper.setDaemon(false);
			stopper.start();
		}
	}

	/**
	 * Returns the number of successful connects, the first one included.
	 * @return the count
	 */
	public long connects() {
		return this.connects.get();
	}

	/**
	 * Returns the number of successful reconnects after a lost connection.
	 * @return the count
	 */
	public long reconnects() {
		return this.reconnects.get();
	}

	/**
	 * Returns whether an eviction loop was detected.
	 * @return {@code true} once the tracker has stopped the tool
	 */
	public boolean evictionLoopDetected() {
		return this.evictionLoopDetected;
	}

}
