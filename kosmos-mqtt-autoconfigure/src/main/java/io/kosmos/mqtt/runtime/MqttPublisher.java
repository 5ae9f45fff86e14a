package io.kosmos.mqtt.runtime;

import org.springframework.integration.mqtt.outbound.MqttPahoMessageHandler;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * Publishes bytes through the tool's shared MQTT connection. A call returns once the
 * broker has completed the QoS handshake, or throws when it did not within the
 * completion timeout.
 */
public class MqttPublisher {

	private final MqttPahoMessageHandler handler;

	/**
	 * Creates a publisher on a Spring Integration outbound handler.
	 * @param handler the handler bound to the shared client, publishing synchronously
	 */
	public MqttPublisher(MqttPahoMessageHandler handler) {
		this.handler = handler;
	}

	/**
	 * Publishes a message and waits for the broker to complete its QoS handshake.
	 * @param topic the topic, without wildcards
	 * @param payload the message bytes
	 * @param qos the QoS, 0 to 2
	 * @param retained whether the broker keeps the message for new subscribers
	 * @throws org.springframework.messaging.MessagingException when the publish fails
	 */
	public void publish(String topic, byte[] payload, int qos, boolean retained) {
		Message<byte[]> message = MessageBuilder.withPayload(payload)
			.setHeader(MqttHeaders.TOPIC, topic)
			.setHeader(MqttHeaders.QOS, qos)
			.setHeader(MqttHeaders.RETAINED, retained)
			.build();
		this.handler.handleMessage(message);
	}

}
