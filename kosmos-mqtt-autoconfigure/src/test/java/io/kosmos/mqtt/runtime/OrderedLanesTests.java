package io.kosmos.mqtt.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderedLanesTests {

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	OrderedLanesTests() {
		this.executor.setCorePoolSize(4);
		this.executor.setMaxPoolSize(4);
		this.executor.initialize();
	}

	@AfterEach
	void stopExecutor() {
		this.executor.shutdown();
	}

	@Test
	void sameSensorRunsInArrivalOrder() {
		OrderedLanes lanes = new OrderedLanes(this.executor);
		List<Integer> finished = new CopyOnWriteArrayList<>();

		for (int i = 0; i < 50; i++) {
			int number = i;
			lanes.execute(trigger("press-1", "spindle"), () -> {
				pause((number * 7) % 5);
				finished.add(number);
			});
		}

		await().atMost(java.time.Duration.ofSeconds(20)).until(() -> finished.size() == 50);
		for (int i = 0; i < 50; i++) {
			assertThat(finished.get(i)).as("position %d", i).isEqualTo(i);
		}
		assertThat(lanes.busyLanes()).isZero();
	}

	@Test
	void otherSensorNotBlockedBySlowOne() throws InterruptedException {
		OrderedLanes lanes = new OrderedLanes(this.executor);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch otherDone = new CountDownLatch(3);

		lanes.execute(trigger("press-1", "spindle"), () -> waitFor(release));
		for (int i = 0; i < 3; i++) {
			lanes.execute(trigger("press-1", "coolant"), otherDone::countDown);
		}

		assertThat(otherDone.await(20, TimeUnit.SECONDS)).isTrue();
		release.countDown();
	}

	@Test
	void keyReadFromBodyOnly() {
		byte[] payload = """
				{"machine": "outer", "body": {"contract": "c", "payload": {"body": {"machine": "inner"}},
				  "machine": "m1", "sensor": "s1"}}""".getBytes(StandardCharsets.UTF_8);

		assertThat(OrderedLanes.peekKey(payload)).isEqualTo(OrderedLanes.peekKey(trigger("m1", "s1")));
		assertThat(OrderedLanes.peekKey("{\"body\": ".getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(OrderedLanes.peekKey("[1, 2]".getBytes(StandardCharsets.UTF_8))).isNull();
	}

	private static byte[] trigger(String machine, String sensor) {
		return ("{\"body\": {\"contract\": \"c1\", \"machine\": \"" + machine + "\", \"sensor\": \"" + sensor
				+ "\", \"type\": \"sensor_update\", \"payload\": {\"body\": {}}}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
