package io.kosmos.mqtt.support;

import org.eclipse.paho.client.mqttv3.MqttException;

import org.springframework.context.ApplicationContext;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.inbound.AbstractMqttMessageDrivenChannelAdapter;

/**
 * Reads and manipulates the MQTT client of a tool under test, over MQTT 3.1.1 or 5.
 */
public final class ToolClient {

	private final ClientManager<?, ?> manager;

	private ToolClient(ClientManager<?, ?> manager) {
		this.manager = manager;
	}

	/**
	 * Returns the client of a tool context.
	 * @param context the tool's application context
	 * @return the client
	 */
	public static ToolClient of(ApplicationContext context) {
		return new ToolClient(context.getBean("kosmosMqttClientManager", ClientManager.class));
	}

	/**
	 * Returns the trigger topics the tool subscribes to.
	 * @param context the tool's application context
	 * @return the filters of the trigger adapter
	 */
	public static String[] subscribedTopics(ApplicationContext context) {
		return context.getBean("kosmosTriggerAdapter", AbstractMqttMessageDrivenChannelAdapter.class).getTopic();
	}

	/**
	 * Returns the QoS of each subscribed trigger topic.
	 * @param context the tool's application context
	 * @return the QoS values of the trigger adapter
	 */
	public static int[] subscribedQos(ApplicationContext context) {
		return context.getBean("kosmosTriggerAdapter", AbstractMqttMessageDrivenChannelAdapter.class).getQos();
	}

	/**
	 * Returns whether the client is connected now.
	 * @return {@code true} when connected
	 */
	public boolean isConnected() {
		return this.manager.isConnected();
	}

	/**
	 * Returns the first broker URL of the client.
	 * @return for example {@code tcp://127.0.0.1:1883}
	 */
	public String url() {
		return this.manager.getUrl();
	}

	/**
	 * Returns whether the client checks the broker's host name against its certificate.
	 * @return the option of the connection
	 */
	public boolean hostnameVerification() {
		if (this.manager instanceof Mqttv5ClientManager v5) {
			return v5.getConnectionInfo().isHttpsHostnameVerificationEnabled();
		}
		return ((Mqttv3ClientManager) this.manager).getConnectionInfo().isHttpsHostnameVerificationEnabled();
	}

	/**
	 * Returns the payload of the last will.
	 * @return the bytes the broker publishes when the connection breaks
	 */
	public byte[] willPayload() {
		if (this.manager instanceof Mqttv5ClientManager v5) {
			return v5.getConnectionInfo().getWillMessage().getPayload();
		}
		return ((Mqttv3ClientManager) this.manager).getConnectionInfo().getWillMessage().getPayload();
	}

	/**
	 * Closes the socket without a DISCONNECT packet, as a crash or a cut cable would; the
	 * broker then publishes the last will.
	 * @throws Exception when Paho fails to close the connection
	 */
	public void cutConnection() throws Exception {
		if (this.manager instanceof Mqttv5ClientManager v5) {
			((org.eclipse.paho.mqttv5.client.MqttAsyncClient) v5.getClient()).disconnectForcibly(0, 1000, false);
			return;
		}
		try {
			((org.eclipse.paho.client.mqttv3.MqttAsyncClient) ((Mqttv3ClientManager) this.manager).getClient())
				.disconnectForcibly(0, 1000, false);
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Failed to cut the connection", ex);
		}
	}

}
