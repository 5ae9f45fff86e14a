package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.messaging.MessagingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The in-flight window of {@link Mqttv5Publisher}, against a Paho client stub that
 * rejects publishes beyond a limit as Paho v5 does.
 */
class Mqttv5PublisherTests {

	private static final int BROKER_LIMIT = 3;

	private final List<MqttActionListener> inFlight = new ArrayList<>();

	private final List<String> sentTopics = new ArrayList<>();

	private Mqttv5Publisher publisher;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void stubClient() throws MqttException {
		IMqttAsyncClient client = mock(IMqttAsyncClient.class);
		given(client.publish(anyString(), any(MqttMessage.class), any(), any(MqttActionListener.class)))
			.willAnswer((invocation) -> {
				synchronized (this.inFlight) {
					if (this.inFlight.size() >= BROKER_LIMIT) {
						throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
					}
					this.inFlight.add(invocation.getArgument(3));
					this.sentTopics.add(invocation.getArgument(0));
				}
				return mock(IMqttToken.class);
			});
		ClientManager<IMqttAsyncClient, ?> manager = mock(ClientManager.class);
		given(manager.getClient()).willReturn(client);
		given(manager.getClientId()).willReturn("publisher-test");
		this.publisher = new Mqttv5Publisher(manager, Duration.ofMillis(200), 10);
	}

	@Test
	void rejectedPublishesWaitForCompletions() {
		List<CompletableFuture<Void>> completions = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			completions.add(this.publisher.publishAsync("t/" + i, new byte[] { 1 }, 1, false));
		}

		assertThat(this.sentTopics).containsExactly("t/0", "t/1", "t/2");
		assertThat(this.publisher.window()).isEqualTo(BROKER_LIMIT);
		while (!this.inFlight.isEmpty()) {
			MqttActionListener listener;
			synchronized (this.inFlight) {
				listener = this.inFlight.remove(0);
			}
			listener.onSuccess(mock(IMqttToken.class));
		}

		assertThat(completions).allMatch((completion) -> completion.isDone() && !completion.isCompletedExceptionally());
		assertThat(this.sentTopics).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4", "t/5", "t/6", "t/7");
	}

	@Test
	void failedPublishCompletesExceptionally() {
		CompletableFuture<Void> completion = this.publisher.publishAsync("t/failed", new byte[] { 1 }, 1, false);

		MqttException connectionLost = new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST);
		this.inFlight.remove(0).onFailure(mock(IMqttToken.class), connectionLost);

		assertThat(completion).isCompletedExceptionally();
	}

	@Test
	void blockingPublishTimesOutNamingTopic() {
		for (int i = 0; i < BROKER_LIMIT; i++) {
			this.publisher.publishAsync("t/" + i, new byte[] { 1 }, 1, false);
		}
		this.publisher.publishAsync("t/learn-limit", new byte[] { 1 }, 1, false);

		assertThatExceptionOfType(MessagingException.class)
			.isThrownBy(() -> this.publisher.publish("t/late", new byte[] { 1 }, 1, false))
			.withMessageContaining("Timed out after 200 ms")
			.withMessageContaining("'t/late'");
		// A timed-out publish that still waited for a slot is never sent.
		this.inFlight.remove(0).onSuccess(mock(IMqttToken.class));
		this.inFlight.remove(0).onSuccess(mock(IMqttToken.class));
		assertThat(this.sentTopics).contains("t/learn-limit").doesNotContain("t/late");
	}

}
