package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectTrackerTests {

	private static final Duration SHORT_CONNECTION = Duration.ofSeconds(20);

	private final AtomicLong nanoTime = new AtomicLong();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private ReconnectTracker tracker(int maxShortConnections) {
		return new ReconnectTracker("tool-1", maxShortConnections, SHORT_CONNECTION, this.stopped::countDown,
				this.nanoTime::get);
	}

	/** Connects, keeps the connection for the given time, loses it and waits before the next connect. */
	private void connection(ReconnectTracker tracker, Duration connected, Duration disconnected) {
		tracker.connectComplete(tracker.connects() > 0);
		this.nanoTime.addAndGet(connected.toNanos());
		tracker.connectionLost();
		this.nanoTime.addAndGet(disconnected.toNanos());
	}

	@Test
	void newcomerStopsAfterShortConnections() throws InterruptedException {
		ReconnectTracker tracker = tracker(5);

		for (int i = 0; i < 4; i++) {
			connection(tracker, Duration.ofSeconds(1), Duration.ofSeconds(1));
		}
		assertThat(this.stopped.getCount()).isEqualTo(1);
		connection(tracker, Duration.ofSeconds(1), Duration.ofSeconds(1));

		assertThat(this.stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tracker.evictionLoopDetected()).isTrue();
		assertThat(tracker.evictionLoops()).isEqualTo(1);
		assertThat(tracker.connects()).isEqualTo(5);
		assertThat(tracker.reconnects()).isEqualTo(4);
	}

	@Test
	void longerConnectionsInLoopDoNotSaveNewcomer() throws InterruptedException {
		ReconnectTracker tracker = tracker(3);

		connection(tracker, Duration.ofSeconds(1), Duration.ofSeconds(1));
		connection(tracker, Duration.ofSeconds(32), Duration.ofSeconds(1));
		connection(tracker, Duration.ofSeconds(2), Duration.ofSeconds(16));
		connection(tracker, Duration.ofSeconds(2), Duration.ofSeconds(2));

		assertThat(this.stopped.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void instanceThatHeldConnectionKeepsIt() throws InterruptedException {
		ReconnectTracker tracker = tracker(5);
		connection(tracker, Duration.ofHours(3), Duration.ofSeconds(1));

		for (int i = 0; i < 20; i++) {
			connection(tracker, Duration.ofSeconds(1), Duration.ofSeconds(1));
		}

		assertThat(this.stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.evictionLoopDetected()).isFalse();
		assertThat(tracker.evictionLoops()).isEqualTo(4);
	}

	@Test
	void newcomerStopsOnlyOnce() throws InterruptedException {
		ReconnectTracker tracker = tracker(2);

		for (int i = 0; i < 10; i++) {
			connection(tracker, Duration.ofSeconds(1), Duration.ofSeconds(1));
		}

		assertThat(this.stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tracker.evictionLoops()).isEqualTo(1);
	}

	@Test
	void newcomerPeriodEnds() throws InterruptedException {
		ReconnectTracker tracker = tracker(3);
		connection(tracker, Duration.ofSeconds(1), Duration.ofMinutes(11));

		for (int i = 0; i < 6; i++) {
			connection(tracker, Duration.ofSeconds(1), Duration.ofSeconds(1));
		}

		assertThat(this.stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.evictionLoops()).isEqualTo(2);
	}

	@Test
	void failedConnectAttemptsAreNotConnections() throws InterruptedException {
		ReconnectTracker tracker = tracker(2);
		connection(tracker, Duration.ofMinutes(5), Duration.ofSeconds(1));

		for (int i = 0; i < 10; i++) {
			tracker.connectionLost();
		}

		assertThat(this.stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.evictionLoops()).isZero();
		assertThat(tracker.reconnects()).isZero();
	}

}
