package io.kosmos.mqtt.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.kosmos.mqtt.runtime.EventPublishingMqttv5ClientManager;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.MqttResultConnection;
import io.kosmos.mqtt.runtime.Mqttv5Publisher;
import io.kosmos.mqtt.runtime.Mqttv5SessionBacklogHandler;
import io.kosmos.mqtt.runtime.PersistenceLock;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.runtime.TriggerRouter;
import io.kosmos.mqtt.signature.MessageSigner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.FixedSubscriberChannel;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler;
import org.springframework.messaging.converter.ByteArrayMessageConverter;

/**
 * The MQTT 5 connection of {@link KosmosMqttAutoConfiguration}, active with
 * {@code kosmos.mqtt.broker.protocol-version=5}: Spring Integration's
 * {@link Mqttv5ClientManager}, {@link Mqttv5PahoMessageDrivenChannelAdapter} and
 * {@link Mqttv5PahoMessageHandler} on Paho's {@code mqttv5} client, and a
 * {@link Mqttv5Publisher}. The beans have the same names as their MQTT 3.1.1
 * counterparts.
 *
 * <p>{@code clean-session=false} becomes clean start false with a session expiry
 * interval of {@code session-expiry}; {@code clean-session=true} becomes clean start true
 * with a session that ends with the connection. {@code max-inflight} is the Receive
 * Maximum the tool announces. Triggers are subscribed at QoS 1 at most, for the reason
 * given at {@link #triggerQos}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMqttProtocolVersion(MqttProtocolVersion.V5)
class Mqttv5ConnectionConfiguration {

	/** The largest Receive Maximum MQTT 5 can carry, a two-byte integer. */
	private static final int MAX_RECEIVE_MAXIMUM = 65535;

	private static final Log logger = LogFactory.getLog(KosmosMqttAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "kosmosMqttClientManager")
	Mqttv5ClientManager kosmosMqttClientManager(KosmosMqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<Mqttv5ConnectionOptionsCustomizer> customizers,
			KosmosTopics topics, ObjectProvider<SslBundles> sslBundles, ObjectProvider<MessageSigner> messageSigner) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		BrokerTls tls = BrokerTls.resolve(broker.getSsl(), sslBundles.getIfAvailable());
		List<String> urls = connectionDetails.getUrls();
		if (tls != null) {
			tls.checkHandshakes(urls, broker.getConnectionTimeout());
		}
		MqttConnectionOptions options = connectionOptions(broker, connectionDetails, tls);
		options.setCleanStart(broker.isCleanSession());
		long sessionExpirySeconds = broker.isCleanSession() ? 0 : broker.getSessionExpiry().toSeconds();
		options.setSessionExpiryInterval(sessionExpirySeconds);
		KosmosMqttProperties.Status status = properties.getStatus();
		MqttMessage will = new MqttMessage(KosmosMqttAutoConfiguration.lastWill(properties, messageSigner));
		will.setQos(status.getQos());
		will.setRetained(status.isRetained());
		options.setWill(topics.statusTopic(), will);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));

		String clientId = properties.determineClientId();
		EventPublishingMqttv5ClientManager manager = new EventPublishingMqttv5ClientManager(options, clientId);
		manager.setPersistence(Mqttv5ClientPersistence.create(broker));
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.FILE) {
			manager.setPersistenceLock(new PersistenceLock(ClientPersistence.directory(broker), clientId, urls));
		}
		manager.setManualAcks(true);
		manager.setPhase(KosmosLifecyclePhases.CONNECTION);
		manager.setCompletionTimeout(broker.getCompletionTimeout().toMillis());
		manager.setDisconnectCompletionTimeout(broker.getDisconnectTimeout().toMillis());
		manager.setQuiescentTimeout(KosmosMqttAutoConfiguration.QUIESCENT_TIMEOUT_MILLIS);
		logger.info("KOSMoS tool '" + properties.getModel().getFrom() + "' connects to " + urls + " as client '"
				+ clientId + "' over MQTT 5 (clean start " + broker.isCleanSession() + ", session expiry "
				+ sessionExpirySeconds + " s, " + KosmosMqttAutoConfiguration.describePersistence(broker)
				+ ") and subscribes to " + topics.subscriptionFilters() + " at QoS " + triggerQos(properties));
		if (properties.determineTriggerQos() > triggerQos(properties)) {
			logger.info("Trigger QoS " + properties.determineTriggerQos() + " is subscribed at QoS 1 over MQTT 5: "
					+ "Paho's MQTT 5 client completes an incoming QoS 2 message before the tool has processed it, "
					+ "while at QoS 1 the broker redelivers every trigger that the tool has not acknowledged");
		}
		return manager;
	}

	/**
	 * Builds the options both connections share: brokers, credentials, TLS or TCP_NODELAY,
	 * timeouts, automatic reconnect and the Receive Maximum.
	 */
	private static MqttConnectionOptions connectionOptions(KosmosMqttProperties.Broker broker,
			MqttConnectionDetails connectionDetails, BrokerTls tls) {
		MqttConnectionOptions options = new MqttConnectionOptions();
		List<String> urls = connectionDetails.getUrls();
		if (tls != null) {
			tls.applyTo(options);
		}
		else if (broker.isTcpNoDelay()) {
			options.setSocketFactory(new TcpNoDelaySocketFactory());
		}
		options.setServerURIs(urls.toArray(String[]::new));
		if (connectionDetails.getUsername() != null) {
			options.setUserName(connectionDetails.getUsername());
		}
		if (connectionDetails.getPassword() != null) {
			options.setPassword(connectionDetails.getPassword().getBytes(StandardCharsets.UTF_8));
		}
		options.setKeepAliveInterval(Math.toIntExact(broker.getKeepAlive().toSeconds()));
		options.setConnectionTimeout(Math.toIntExact(broker.getConnectionTimeout().toSeconds()));
		options.setAutomaticReconnect(broker.isAutomaticReconnect());
		options.setReceiveMaximum(Math.min(broker.getMaxInflight(), MAX_RECEIVE_MAXIMUM));
		return options;
	}

	/**
	 * A Spring Integration handler on the shared connection, for application flows that
	 * publish; the starter itself publishes through the {@link MqttPublisher}.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "kosmosMqttOutboundHandler")
	Mqttv5PahoMessageHandler kosmosMqttOutboundHandler(Mqttv5ClientManager kosmosMqttClientManager,
			KosmosMqttProperties properties) {
		Mqttv5PahoMessageHandler handler = new Mqttv5PahoMessageHandler(kosmosMqttClientManager);
		handler.setAsync(false);
		handler.setCompletionTimeout(properties.getBroker().getCompletionTimeout().toMillis());
		return handler;
	}

	@Bean
	@ConditionalOnMissingBean
	MqttPublisher kosmosMqttPublisher(Mqttv5ClientManager kosmosMqttClientManager, KosmosMqttProperties properties) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		return new Mqttv5Publisher(kosmosMqttClientManager, broker.getCompletionTimeout(), broker.getMaxInflight());
	}

	/**
	 * Returns the QoS of the trigger subscription: the configured one, but at most 1.
	 * Paho v5 1.2.5 sends PUBCOMP for the broker's PUBREL of an incoming QoS 2 message
	 * at once, whether or not the application has acknowledged the message, and never
	 * hands a message restored from its persistence to the application again. A QoS 2
	 * trigger would therefore be lost when the tool dies during its analysis. At QoS 1
	 * the broker redelivers every trigger that the tool has not acknowledged, which keeps
	 * the at-least-once guarantee of MQTT 3.1.1 with QoS 2.
	 */
	static int triggerQos(KosmosMqttProperties properties) {
		return Math.min(properties.determineTriggerQos(), 1);
	}

	/**
	 * The connection for results and dead-letter records: a second client with clean
	 * start, no session, in-flight messages in memory and no last will, unless
	 * {@code kosmos.mqtt.broker.result-connection=false} or the application declares its
	 * own {@link MqttPublisher}, which then publishes everything.
	 */
	@Bean
	@ConditionalOnMissingBean
	MqttResultConnection kosmosMqttResultConnection(MqttPublisher kosmosMqttPublisher, KosmosMqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<Mqttv5ConnectionOptionsCustomizer> customizers,
			ObjectProvider<SslBundles> sslBundles) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		if (!broker.isResultConnection() || !(kosmosMqttPublisher instanceof Mqttv5Publisher)) {
			return MqttResultConnection.shared(kosmosMqttPublisher);
		}

		MqttConnectionOptions options = connectionOptions(broker, connectionDetails,
				BrokerTls.resolve(broker.getSsl(), sslBundles.getIfAvailable()));
		// Paho fails the publishes in flight when a connection is lost. Their triggers would
		// then wait unacknowledged until the trigger connection reconnects, which it may
		// not, so the publisher sends them again itself and this connection needs no
		// session.
		options.setCleanStart(true);
		options.setSessionExpiryInterval(0L);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));

		String clientId = properties.determineClientId() + KosmosMqttAutoConfiguration.RESULT_CLIENT_ID_SUFFIX;
		EventPublishingMqttv5ClientManager manager = new EventPublishingMqttv5ClientManager(options, clientId);
		manager.setPersistence(new MemoryPersistence());
		// Its losses must not reach the health indicator and the client id tracker of the
		// main connection; the manager still logs them.
		manager.setApplicationEventPublisher((event) -> {
		});
		manager.setCompletionTimeout(broker.getCompletionTimeout().toMillis());
		manager.setDisconnectCompletionTimeout(broker.getDisconnectTimeout().toMillis());
		manager.setQuiescentTimeout(KosmosMqttAutoConfiguration.QUIESCENT_TIMEOUT_MILLIS);
		logger.info("Results and dead letters go over a second connection as client '" + clientId + "'");
		return MqttResultConnection.separate(manager,
				new Mqttv5Publisher(manager, broker.getCompletionTimeout(), broker.getMaxInflight(), true));
	}

	@Bean
	@ConditionalOnMissingBean(name = "kosmosTriggerAdapter")
	Mqttv5PahoMessageDrivenChannelAdapter kosmosTriggerAdapter(Mqttv5ClientManager kosmosMqttClientManager,
			TriggerDispatcher dispatcher, TriggerRouter router, KosmosMqttProperties properties) {
		Mqttv5PahoMessageDrivenChannelAdapter adapter = new Mqttv5PahoMessageDrivenChannelAdapter(
				kosmosMqttClientManager, router.subscriptionFilters().toArray(String[]::new));
		adapter.setQos(triggerQos(properties));
		adapter.setManualAcks(true);
		// The payload stays byte[], so the converter is never used. Setting it keeps the
		// adapter from looking up Spring Integration's shared converter bean.
		adapter.setMessageConverter(new ByteArrayMessageConverter());
		adapter.setOutputChannel(new FixedSubscriberChannel(dispatcher));
		Mqttv5SessionBacklogHandler backlog = new Mqttv5SessionBacklogHandler(kosmosMqttClientManager, dispatcher,
				router.requestTopics());
		if (kosmosMqttClientManager instanceof EventPublishingMqttv5ClientManager manager) {
			// The adapter's own default handler would take the same messages once it runs.
			manager.setExclusiveMessageHandler(backlog);
		}
		else {
			// NOTE: with an application's own manager, a message that arrives while the
			// adapter is starting may reach both this handler and the adapter's.
			kosmosMqttClientManager.addDefaultMessageHandler(backlog);
		}
		adapter.setCompletionTimeout(properties.getBroker().getCompletionTimeout().toMillis());
		adapter.setDisconnectCompletionTimeout(properties.getBroker().getDisconnectTimeout().toMillis());
		adapter.setQuiescentTimeout(KosmosMqttAutoConfiguration.QUIESCENT_TIMEOUT_MILLIS);
		adapter.setPhase(KosmosLifecyclePhases.SUBSCRIPTION);
		return adapter;
	}

}
