package io.kosmos.mqtt.runtime;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageHandler;

/**
 * The MQTT 5 counterpart of {@link SessionBacklogHandler}: takes the triggers that Paho
 * routes to no subscription listener and hands them to the dispatcher.
 *
 * <p>Paho v5 1.2.5 routes a message by the subscription identifiers it carries, or, when
 * it carries none, by matching the subscribed filters against its topic. Two kinds of
 * trigger match neither: the backlog of a persistent session, which the broker sends
 * right after the connection is made and before the trigger adapter has subscribed
 * (its identifiers belong to the previous client instance), and triggers of a
 * {@code $share/<group>/} subscription from a broker that sends no subscription
 * identifiers. Without this handler they would be dropped unacknowledged and hold the
 * broker's in-flight window for ever.
 */
public class Mqttv5SessionBacklogHandler implements ClientManager.DefaultMessageHandler<MqttMessage> {

	private static final Log logger = LogFactory.getLog(Mqttv5SessionBacklogHandler.class);

	private final ClientManager<IMqttAsyncClient, ?> clientManager;

	private final MessageHandler dispatcher;

	private final List<String> requestTopics;

	/**
	 * Creates a handler.
	 * @param clientManager the shared connection, used to acknowledge
	 * @param dispatcher receives the triggers
	 * @param requestTopics the topic filters the tool subscribes to, without a
	 * {@code $share/<group>/} prefix
	 */
	public Mqttv5SessionBacklogHandler(ClientManager<IMqttAsyncClient, ?> clientManager, MessageHandler dispatcher,
			List<String> requestTopics) {
		this.clientManager = clientManager;
		this.dispatcher = dispatcher;
		this.requestTopics = List.copyOf(requestTopics);
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		SimpleAcknowledgment acknowledgment = () -> acknowledge(topic, message);
		if (this.requestTopics.stream().noneMatch((filter) -> MqttTopicValidator.isMatched(filter, topic))) {
			logger.warn("Dropped a message on topic '" + topic + "', which matches none of the request topics "
					+ this.requestTopics + "; it was probably subscribed by an earlier configuration of client '"
					+ this.clientManager.getClientId() + "'");
			acknowledgment.acknowledge();
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Trigger on topic '" + topic + "' matched no subscription listener of the client; "
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
