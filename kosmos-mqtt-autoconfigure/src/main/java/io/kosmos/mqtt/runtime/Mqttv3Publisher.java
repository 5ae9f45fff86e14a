package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import org.springframework.integration.mqtt.core.ClientManager;

/**
 * Publishes over MQTT 3.1.1 through the shared Paho client of a client manager. Paho v3
 * bounds the publishes in flight itself, with the connection's max-inflight.
 */
public class Mqttv3Publisher extends MqttPublisher {

	private final ClientManager<IMqttAsyncClient, ?> clientManager;

	/**
	 * Creates a publisher.
	 * @param clientManager the tool's shared connection
	 * @param completionTimeout how long {@link #publish} waits for the broker
	 */
	public Mqttv3Publisher(ClientManager<IMqttAsyncClient, ?> clientManager, Duration completionTimeout) {
		super(completionTimeout);
		this.clientManager = clientManager;
	}

	@Override
	public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
		PublishCompletion completion = new PublishCompletion();
		IMqttAsyncClient client = this.clientManager.getClient();
		if (client == null) {
			completion.completeExceptionally(new IllegalStateException(
					"The MQTT client of '" + this.clientManager.getClientId() + "' is not started"));
			return completion;
		}
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		message.setRetained(retained);
		try {
			IMqttToken token = client.publish(topic, message, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					completion.complete(null);
				}

				@Override
				public void onFailure(IMqttToken token, Throwable exception) {
					completion.completeExceptionally(exception);
				}

			});
			completion.handedToClient((timeoutMillis) -> awaitToken(token, timeoutMillis));
		}
		catch (MqttException | RuntimeException ex) {
			completion.completeExceptionally(ex);
		}
		return completion;
	}

	private static void awaitToken(IMqttToken token, long timeoutMillis) throws MqttException, TimeoutException {
		try {
			token.waitForCompletion(timeoutMillis);
		}
		catch (MqttException ex) {
			if (ex.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT && !token.isComplete()) {
				throw new TimeoutException("The broker did not complete the publish within " + timeoutMillis + " ms");
			}
			throw ex;
		}
	}

}
