package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectTrackerTests {

	private static final Duration SHORT_CONNECTION = Duration.ofSeconds(10);

	private final AtomicLong nanoTime = new AtomicLong();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private ReconnectTracker tracker(int maxShortConnections) {
		return new ReconnectTracker("tool-1", maxShortConnections, SHORT_CONNECTION, this.stopped::countDown,
				this.nanoTime::get);
	}

	private void advance(Duration duration) {
		this.nanoTime.addAndGet(duration.toNanos());
	}

	@Test
	void newcomerStopsAfterShortReconnectsInRow() throws InterruptedException {
		ReconnectTracker tracker = tracker(5);

		tracker.connectComplete(false);
		for (int i = 0; i < 4; i++) {
			advance(Duration.ofSeconds(1));
			tracker.connectComplete(true);
		}
		assertThat(this.stopped.getCount()).isEqualTo(1);
		advance(Duration.ofSeconds(1));
		tracker.connectComplete(true);

		assertThat(this.stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tracker.evictionLoopDetected()).isTrue();
		assertThat(tracker.evictionLoops()).isEqualTo(1);
		assertThat(tracker.connects()).isEqualTo(6);
		assertThat(tracker.reconnects()).isEqualTo(5);
	}

	@Test
	void instanceThatHeldConnectionKeepsIt() throws InterruptedException {
		ReconnectTracker tracker = tracker(5);
		tracker.connectComplete(false);
		advance(Duration.ofHours(3));
		tracker.connectComplete(true);

		for (int i = 0; i < 20; i++) {
			advance(Duration.ofSeconds(1));
			tracker.connectComplete(true);
		}

		assertThat(this.stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.evictionLoopDetected()).isFalse();
		assertThat(tracker.evictionLoops()).isEqualTo(4);
	}

	@Test
	void longConnectionAfterStartMakesInstanceKeepIt() throws InterruptedException {
		ReconnectTracker tracker = tracker(3);
		tracker.connectComplete(false);
		advance(Duration.ofSeconds(1));
		tracker.connectComplete(true);
		advance(Duration.ofSeconds(11));
		tracker.connectComplete(true);

		for (int i = 0; i < 6; i++) {
			advance(Duration.ofSeconds(1));
			tracker.connectComplete(true);
		}

		assertThat(this.stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.evictionLoops()).isEqualTo(2);
	}

	@Test
	void newcomerStopsOnlyOnce() throws InterruptedException {
		ReconnectTracker tracker = new ReconnectTracker("tool-1", 2, SHORT_CONNECTION, this.stopped::countDown,
				this.nanoTime::get);
		tracker.connectComplete(false);

		for (int i = 0; i < 10; i++) {
			advance(Duration.ofSeconds(1));
			tracker.connectComplete(true);
		}

		assertThat(this.stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tracker.evictionLoops()).isEqualTo(1);
	}

	@Test
	void slowReconnectsDoNotCountAsLoop() throws InterruptedException {
		ReconnectTracker tracker = tracker(2);
		tracker.connectComplete(false);

		for (int i = 0; i < 10; i++) {
			advance(Duration.ofSeconds(30));
			tracker.connectComplete(true);
		}

		assertThat(this.stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.evictionLoops()).isZero();
		assertThat(tracker.reconnects()).isEqualTo(10);
	}

}
