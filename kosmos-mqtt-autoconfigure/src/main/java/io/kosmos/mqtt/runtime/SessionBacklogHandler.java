package io.kosmos.mqtt.runtime;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;

import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageHandler;

/**
 * Takes the triggers that arrive on the shared connection before the trigger adapter has
 * subscribed, and hands them to the dispatcher like any other trigger.
 *
 * <p>With a persistent session the broker sends the triggers it queued for the tool right
 * after the connection is made, while the adapter subscribes only when it starts. Paho
 * passes those messages to the client manager, which drops them unless a default message
 * handler takes them. A dropped trigger is never acknowledged, so it also blocks the
 * broker's in-flight window and the tool receives nothing more.
 *
 * <p>With a shared subscription this handler receives every trigger, not only the
 * backlog. Paho v3 1.2.5 passes a message to a subscription's listener only when the
 * subscribed filter matches the message's topic, which a {@code $share/<group>/<filter>}
 * filter never does, and the trigger adapter drops such messages for the same reason. The
 * handler therefore matches against the plain request topics.
 */
public class SessionBacklogHandler implements ClientManager.DefaultMessageHandler<MqttMessage> {

	private static final Log logger = LogFactory.getLog(SessionBacklogHandler.class);

	private final Mqttv3ClientManager clientManager;

	private final MessageHandler dispatcher;

	private final List<String> requestTopics;

	private final boolean shared;

	/**
	 * Creates a handler.
	 * @param clientManager the shared connection, used to acknowledge
	 * @param dispatcher receives the triggers
	 * @param requestTopics the topic filters the tool subscribes to, without a
	 * {@code $share/<group>/} prefix
	 * @param shared whether the subscriptions are shared, so that every trigger arrives here
	 */
	public SessionBacklogHandler(Mqttv3ClientManager clientManager, MessageHandler dispatcher,
			List<String> requestTopics, boolean shared) {
		this.clientManager = clientManager;
		this.dispatcher = dispatcher;
		this.requestTopics = List.copyOf(requestTopics);
		this.shared = shared;
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		SimpleAcknowledgment acknowledgment = () -> acknowledge(topic, message);
		if (this.requestTopics.stream().noneMatch((filter) -> MqttTopic.isMatched(filter, topic))) {
			logger.warn("Dropped a message on topic '" + topic + "', which matches none of the request topics "
					+ this.requestTopics + "; it was probably subscribed by an earlier configuration of client '"
					+ this.clientManager.getClientId() + "'");
			acknowledgment.acknowledge();
			return;
		}
		if (!this.shared && logger.isDebugEnabled()) {
			logger.debug("Trigger on topic '" + topic + "' arrived before the subscription was renewed; "
					+ "it is processed like any other");
		}
		this.dispatcher.handleMessage(MessageBuilder.withPayload(message.getPayload())
			.setHeader(MqttHeaders.RECEIVED_TOPIC, topic)
			.setHeader(MqttHeaders.RECEIVED_QOS, message.getQos())
			.setHeader(MqttHeaders.DUPLICATE, message.isDuplicate())
			.setHeader(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, acknowledgment)
			.build());
	}

	private void acknowledge(String topic, MqttMessage message) {
		IMqttAsyncClient client = this.clientManager.getClient();
		if (client == null) {
			return;
		}
		try {
			client.messageArrivedComplete(message.getId(), message.getQos());
		}
		catch (MqttException ex) {
			logger.warn("Failed to acknowledge the trigger on topic '" + topic + "' (message id " + message.getId()
					+ "); the broker delivers it again after a reconnect", ex);
		}
	}

}
