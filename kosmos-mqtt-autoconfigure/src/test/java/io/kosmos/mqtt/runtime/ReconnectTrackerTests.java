package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectTrackerTests {

	@Test
	void quickReconnectsInRowStopTool() throws InterruptedException {
		CountDownLatch stopped = new CountDownLatch(1);
		ReconnectTracker tracker = new ReconnectTracker("tool-1", 5, Duration.ofSeconds(10), stopped::countDown);

		tracker.connectComplete(false);
		for (int i = 0; i < 4; i++) {
			tracker.connectComplete(true);
		}
		assertThat(stopped.getCount()).isEqualTo(1);
		tracker.connectComplete(true);

		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(tracker.connects()).isEqualTo(6);
		assertThat(tracker.reconnects()).isEqualTo(5);
	}

	@Test
	void slowReconnectsDoNotStopTool() throws InterruptedException {
		CountDownLatch stopped = new CountDownLatch(1);
		ReconnectTracker tracker = new ReconnectTracker("tool-1", 2, Duration.ZERO, stopped::countDown);

		tracker.connectComplete(false);
		for (int i = 0; i < 10; i++) {
			tracker.connectComplete(true);
		}

		assertThat(stopped.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(tracker.reconnects()).isEqualTo(10);
	}

}
