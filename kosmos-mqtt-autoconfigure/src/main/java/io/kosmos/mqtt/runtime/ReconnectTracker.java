package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

/**
 * Counts the connects of the tool's MQTT client and resolves client id collisions. When
 * two clients with the same id keep taking the connection from each other, the one that
 * connected last stops, and the one that was connected before keeps the connection.
 *
 * <p>An MQTT broker closes the older connection when a second one arrives with the same
 * client id. With automatic reconnect both clients then evict each other for ever. A
 * client id must stay the same across restarts so that the broker keeps the persistent
 * session, so the id cannot get a random suffix. Instead the tracker measures how long
 * each connection lasted, from its connect to its loss, and counts the short ones:
 * <ul>
 * <li>The first loss decides the role. A tool whose first connection lasted less than
 * {@code shortConnection} is a newcomer: another client was probably there before it. A
 * tool whose first connection lasted longer was there first.</li>
 * <li>A newcomer that has {@code maxShortConnections} short connections within
 * {@code newcomerPeriod} of its first connect logs an error that names the client id and
 * runs the {@code onEvictionLoop} action, which by default closes the application
 * context.</li>
 * <li>A tool that was there first never stops. It logs an error for every
 * {@code maxShortConnections} short connections and keeps reconnecting until the
 * newcomer is gone.</li>
 * </ul>
 * The count is not reset by a longer connection in between, because Paho's reconnect
 * back-off can let one client keep the connection for half a minute during a loop.
 * When two tools start at about the same time, both are newcomers. The caller then gives
 * each a different {@code maxShortConnections} (a random part), so that one of them
 * stops first.
 *
 * <p>Registered as a {@link ClientManager.ConnectCallback} and as a listener of the
 * client manager's {@link MqttConnectionFailedEvent}; the inbound adapter subscribes again
 * on every connect, so a count here also means a new subscription.
 */
public class ReconnectTracker implements ClientManager.ConnectCallback, ApplicationListener<MqttConnectionFailedEvent> {

	private static final Log logger = LogFactory.getLog(ReconnectTracker.class);

	/** How long after its first connect a newcomer may still stop itself. */
	private static final Duration NEWCOMER_PERIOD = Duration.ofMinutes(10);

	private final String clientId;

	private final int maxShortConnections;

	private final Duration shortConnection;

	private final Runnable onEvictionLoop;

	private final LongSupplier nanoTime;

	private final AtomicLong connects = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong evictionLoops = new AtomicLong();

	private long firstConnectNanos;

	private long lastConnectNanos;

	private boolean connected;

	private Boolean newcomer;

	private int shortConnections;

	private volatile boolean stopRequested;

	/**
	 * Creates a tracker.
	 * @param clientId the client id, for messages
	 * @param maxShortConnections the number of short connections that count as an
	 * eviction loop
	 * @param shortConnection a connection lost sooner than this after its connect is short
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
		long now = this.nanoTime.getAsLong();
		synchronized (this) {
			if (this.connects.getAndIncrement() == 0) {
				this.firstConnectNanos = now;
			}
			this.lastConnectNanos = now;
			this.connected = true;
		}
		if (!isReconnect) {
			logger.info("Connected to the MQTT broker as client '" + this.clientId + "'");
			return;
		}
		long count = this.reconnects.incrementAndGet();
		logger.warn("Reconnected to the MQTT broker as client '" + this.clientId + "' (reconnect " + count
				+ "); the trigger subscriptions are renewed");
	}

	@Override
	public void onApplicationEvent(MqttConnectionFailedEvent event) {
		connectionLost();
	}

	/**
	 * Records that the connection was lost. Called for every {@link MqttConnectionFailedEvent};
	 * does nothing while not connected, as after a failed connect attempt.
	 */
	public void connectionLost() {
		Verdict verdict = recordLoss(this.nanoTime.getAsLong());
		if (verdict == Verdict.KEEP_CONNECTION) {
			this.evictionLoops.incrementAndGet();
			logger.error("The broker closed the connection of client '" + this.clientId + "' " + this.maxShortConnections
					+ " times less than " + this.shortConnection.toSeconds() + " s after it connected: another client "
					+ "probably uses the same client id. This instance held the connection first, so it keeps "
					+ "reconnecting; a KOSMoS tool that connected later stops itself. If the loop goes on, find the "
					+ "other client and give it its own client id");
		}
		else if (verdict == Verdict.STOP) {
			this.evictionLoops.incrementAndGet();
			logger.error("The broker closed the connection of client '" + this.clientId + "' " + this.maxShortConnections
					+ " times less than " + this.shortConnection.toSeconds() + " s after it connected, starting with "
					+ "its first connection: another client that connected first uses the same client id. Stopping "
					+ "this tool so that the other one keeps the session; give every instance its own "
					+ "kosmos.mqtt.broker.client-id");
			Thread stopper = new Thread(this.onEvictionLoop, "kosmos-eviction-stop");
			stopper.setDaemon(false);
			stopper.start();
		}
	}

	private synchronized Verdict recordLoss(long now) {
		if (!this.connected) {
			return Verdict.NONE;
		}
		this.connected = false;
		boolean shortConnection = now - this.lastConnectNanos < this.shortConnection.toNanos();
		if (this.newcomer == null) {
			this.newcomer = shortConnection;
		}
		if (this.newcomer && now - this.firstConnectNanos > NEWCOMER_PERIOD.toNanos()) {
			this.newcomer = false;
		}
		if (!shortConnection || this.stopRequested) {
			return Verdict.NONE;
		}

		this.shortConnections++;
		if (this.shortConnections < this.maxShortConnections) {
			return Verdict.NONE;
		}
		this.shortConnections = 0;
		if (!this.newcomer) {
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
