package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.mqtt.core.ClientManager;

/**
 * Counts the connects of the tool's MQTT client and resolves client id collisions: when
 * two clients with the same id keep taking the connection from each other, the one that
 * connected last stops and the one that held the connection before keeps it.
 *
 * <p>An MQTT broker closes the older connection when a second one arrives with the same
 * client id. With automatic reconnect both clients then evict each other about once a
 * second, for ever. A client id must stay the same across restarts so that the broker
 * keeps the persistent session, so the id cannot get a random suffix. Instead the
 * tracker counts short connections: reconnects less than {@code shortConnection} after
 * the previous connect. After {@code maxShortConnections} of them in a row it decides by
 * history:
 * <ul>
 * <li>An instance that has never kept a connection for longer than
 * {@code shortConnection} is the newcomer. It logs an error that names the client id and
 * runs the {@code onEvictionLoop} action, which by default closes the application
 * context.</li>
 * <li>An instance that kept a connection for longer before the loop began was there
 * first. It logs an error, keeps reconnecting and waits for the newcomer to stop.</li>
 * </ul>
 * When two instances start within the same few seconds, neither has a long connection.
 * The caller then gives each instance a different threshold (a random part), so one of
 * them reaches it first and stops, and the connections of the other become long again.
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

	private final LongSupplier nanoTime;

	private final AtomicLong connects = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong evictionLoops = new AtomicLong();

	private long lastConnectNanos;

	private int shortConnectionsInRow;

	private boolean heldLongConnection;

	private volatile boolean stopRequested;

	/**
	 * Creates a tracker.
	 * @param clientId the client id, for messages
	 * @param maxShortConnections the number of short connections in a row that count as an
	 * eviction loop
	 * @param shortConnection a reconnect sooner than this after the previous connect counts
	 * as a short connection
	 * @param onEvictionLoop what a newcomer does once it detects a loop; runs on a new thread
	 */
	public ReconnectTracker(String clientId, int maxShortConnections, Duration shortConnection,
			Runnable onEvictionLoop) {
		this(clientId, maxShortConnections, shortConnection, onEvictionLoop, System::nanoTime);
	}

	ReconnectTracker(String clientId, int maxShortConnections, Duration shortConnection, Runnable onEvictionLoop,
			LongSupplier nanoTime) {
		this.clientId = clientId;
		this.maxShortConnections = maxShortConnections;
		this.shortConnection = shortConnection;
		this.onEvictionLoop = onEvictionLoop;
		this.nanoTime = nanoTime;
	}

	@Override
	public void connectComplete(boolean isReconnect) {
		this.connects.incrementAndGet();
		if (!isReconnect) {
			synchronized (this) {
				this.lastConnectNanos = this.nanoTime.getAsLong();
			}
			logger.info("Connected to the MQTT broker as client '" + this.clientId + "'");
			return;
		}

		long count = this.reconnects.incrementAndGet();
		logger.warn("Reconnected to the MQTT broker as client '" + this.clientId + "' (reconnect " + count
				+ "); the trigger subscriptions are renewed");

		Verdict verdict = recordReconnect(this.nanoTime.getAsLong());
		if (verdict == Verdict.KEEP_CONNECTION) {
			this.evictionLoops.incrementAndGet();
			logger.error("The broker closed the connection of client '" + this.clientId + "' "
					+ this.maxShortConnections + " times in a row less than " + this.shortConnection.toSeconds()
					+ " s after it connected: another client probably uses the same client id. This instance held "
					+ "the connection first, so it keeps reconnecting; a KOSMoS tool that connected later stops "
					+ "itself. If the loop goes on, find the other client and give it its own client id");
		}
		else if (verdict == Verdict.STOP) {
			this.evictionLoops.incrementAndGet();
			logger.error("The broker closed the connection of client '" + this.clientId + "' "
					+ this.maxShortConnections + " times in a row less than " + this.shortConnection.toSeconds()
					+ " s after it connected, and this instance never held it for longer: another client that "
					+ "connected first uses the same client id. Stopping this tool so that the other one keeps the "
					+ "session; give every instance its own kosmos.mqtt.broker.client-id");
			Thread stopper = new Thread(this.onEvictionLoop, "kosmos-eviction-stop");
			stopper.setDaemon(false);
			stopper.start();
		}
	}

	private synchronized Verdict recordReconnect(long now) {
		boolean shortConnection = now - this.lastConnectNanos < this.shortConnection.toNanos();
		this.lastConnectNanos = now;
		if (!shortConnection) {
			this.heldLongConnection = true;
			this.shortConnectionsInRow = 0;
			return Verdict.NONE;
		}

		this.shortConnectionsInRow++;
		if (this.shortConnectionsInRow < this.maxShortConnections || this.stopRequested) {
			return Verdict.NONE;
		}
		this.shortConnectionsInRow = 0;
		if (this.heldLongConnection) {
			return Verdict.KEEP_CONNECTION;
		}
		this.stopRequested = true;
		return Verdict.STOP;
	}

	/**
	 * Returns how long ago the client last connected or reconnected.
	 * @return the time since the last connect, or {@link Duration#ZERO} before the first
	 */
	public Duration connectionAge() {
		if (this.connects.get() == 0) {
			return Duration.ZERO;
		}
		synchronized (this) {
			return Duration.ofNanos(this.nanoTime.getAsLong() - this.lastConnectNanos);
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
	 * Returns the number of eviction loops detected, whether this instance stopped or
	 * kept the connection.
	 * @return the count
	 */
	public long evictionLoops() {
		return this.evictionLoops.get();
	}

	/**
	 * Returns whether this instance detected an eviction loop as the newcomer and asked the
	 * tool to stop.
	 * @return {@code true} once the tracker has run the stop action
	 */
	public boolean evictionLoopDetected() {
		return this.stopRequested;
	}

	private enum Verdict {

		NONE, KEEP_CONNECTION, STOP

	}

}
