package io.kosmos.mqtt.config;

import java.util.List;

import io.kosmos.mqtt.runtime.EventPublishingMqttv3ClientManager;
import io.kosmos.mqtt.runtime.PersistenceLock;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.MqttResultConnection;
import io.kosmos.mqtt.runtime.Mqttv3Publisher;
import io.kosmos.mqtt.runtime.SessionBacklogHandler;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.runtime.TriggerRouter;
import io.kosmos.mqtt.signature.MessageSigner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.FixedSubscriberChannel;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.inbound.MqttPahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.MqttPahoMessageHandler;
import org.springframework.integration.mqtt.support.DefaultPahoMessageConverter;

/**
 * The MQTT 3.1.1 connection of {@link KosmosMqttAutoConfiguration}, active unless
 * {@code kosmos.mqtt.broker.protocol-version=5}: Spring Integration's
 * {@link Mqttv3ClientManager}, {@link MqttPahoMessageDrivenChannelAdapter} and
 * {@link MqttPahoMessageHandler} on Paho's {@code mqttv3} client, and a
 * {@link Mqttv3Publisher}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMqttProtocolVersion(MqttProtocolVersion.V3_1_1)
class Mqttv3ConnectionConfiguration {

	/** Packet ids an MQTT client can have in use at once. */
	private static final int MAX_PACKET_IDS = 65535;

	private static final Log logger = LogFactory.getLog(KosmosMqttAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "kosmosMqttClientManager")
	Mqttv3ClientManager kosmosMqttClientManager(KosmosMqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<MqttConnectOptionsCustomizer> customizers,
			KosmosTopics topics, ObjectProvider<SslBundles> sslBundles, ObjectProvider<MessageSigner> messageSigner) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		BrokerTls tls = BrokerTls.resolve(broker.getSsl(), sslBundles.getIfAvailable());
		List<String> urls = connectionDetails.getUrls();
		if (tls != null) {
			tls.checkHandshakes(urls, broker.getConnectionTimeout());
		}
		MqttConnectOptions options = connectOptions(broker, connectionDetails, tls);
		options.setCleanSession(broker.isCleanSession());
		KosmosMqttProperties.Status status = properties.getStatus();
		options.setWill(topics.statusTopic(), KosmosMqttAutoConfiguration.lastWill(properties, messageSigner),
				status.getQos(), status.isRetained());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));

		String clientId = properties.determineClientId();
		EventPublishingMqttv3ClientManager manager = new EventPublishingMqttv3ClientManager(options, clientId);
		manager.setPersistence(ClientPersistence.create(broker));
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.FILE) {
			manager.setPersistenceLock(new PersistenceLock(ClientPersistence.directory(broker), clientId, urls));
		}
		manager.setManualAcks(true);
		manager.setPhase(KosmosLifecyclePhases.CONNECTION);
		manager.setCompletionTimeout(broker.getCompletionTimeout().toMillis());
		manager.setDisconnectCompletionTimeout(broker.getDisconnectTimeout().toMillis());
		// Running analyses have published by the time the connection stops, so there is
		// little left in flight to wait for.
		manager.setQuiescentTimeout(KosmosMqttAutoConfiguration.QUIESCENT_TIMEOUT_MILLIS);
		logger.info("KOSMoS tool '" + properties.getModel().getFrom() + "' connects to " + urls + " as client '"
				+ clientId + "' over MQTT 3.1.1 (clean session " + broker.isCleanSession() + ", "
				+ KosmosMqttAutoConfiguration.describePersistence(broker) + ") and subscribes to "
				+ topics.subscriptionFilters() + " at QoS " + properties.determineTriggerQos());
		return manager;
	}

	/**
	 * Builds the options both connections share: brokers, credentials, TLS or TCP_NODELAY,
	 * timeouts, automatic reconnect and the in-flight limit.
	 */
	private static MqttConnectOptions connectOptions(KosmosMqttProperties.Broker broker,
			MqttConnectionDetails connectionDetails, BrokerTls tls) {
		MqttConnectOptions options = new MqttConnectOptions();
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
			options.setPassword(connectionDetails.getPassword().toCharArray());
		}
		options.setKeepAliveInterval(Math.toIntExact(broker.getKeepAlive().toSeconds()));
		options.setConnectionTimeout(Math.toIntExact(broker.getConnectionTimeout().toSeconds()));
		options.setAutomaticReconnect(broker.isAutomaticReconnect());
		// The publisher keeps max-inflight publishes in flight. After a reconnect Paho sends
		// again the ones the lost connection left unacknowledged and counts them on top, so
		// its own limit has room for both.
		options.setMaxInflight(Math.min(MAX_PACKET_IDS, 2 * broker.getMaxInflight()));
		return options;
	}

	/**
	 * A Spring Integration handler on the shared connection, for application flows that
	 * publish; the starter itself publishes through the {@link MqttPublisher}.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "kosmosMqttOutboundHandler")
	MqttPahoMessageHandler kosmosMqttOutboundHandler(Mqttv3ClientManager kosmosMqttClientManager,
			KosmosMqttProperties properties) {
		MqttPahoMessageHandler handler = new MqttPahoMessageHandler(kosmosMqttClientManager);
		handler.setAsync(false);
		handler.setCompletionTimeout(properties.getBroker().getCompletionTimeout().toMillis());
		return handler;
	}

	@Bean
	@ConditionalOnMissingBean
	MqttPublisher kosmosMqttPublisher(Mqttv3ClientManager kosmosMqttClientManager, KosmosMqttProperties properties) {
		return new Mqttv3Publisher(kosmosMqttClientManager, properties.getBroker().getCompletionTimeout(),
				properties.getBroker().getMaxInflight());
	}

	/**
	 * The connection for results and dead-letter records: a second client with a clean
	 * session, in-flight messages in memory and no last will, unless
	 * {@code kosmos.mqtt.broker.result-connection=false} or the application declares its
	 * own {@link MqttPublisher}, which then publishes everything.
	 */
	@Bean
	@ConditionalOnMissingBean
	MqttResultConnection kosmosMqttResultConnection(MqttPublisher kosmosMqttPublisher, KosmosMqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<MqttConnectOptionsCustomizer> customizers,
			ObjectProvider<SslBundles> sslBundles) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		if (!broker.isResultConnection() || !(kosmosMqttPublisher instanceof Mqttv3Publisher)) {
			return MqttResultConnection.shared(kosmosMqttPublisher);
		}

		MqttConnectOptions options = connectOptions(broker, connectionDetails,
				BrokerTls.resolve(broker.getSsl(), sslBundles.getIfAvailable()));
		// Paho fails the publishes in flight when a connection is lost, whatever the
		// session. Their triggers would then wait unacknowledged until the trigger
		// connection reconnects, which it may not, so the publisher sends them again itself
		// and this connection needs no session.
		options.setCleanSession(true);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));

		String clientId = properties.determineClientId() + KosmosMqttAutoConfiguration.RESULT_CLIENT_ID_SUFFIX;
		EventPublishingMqttv3ClientManager manager = new EventPublishingMqttv3ClientManager(options, clientId);
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
				new Mqttv3Publisher(manager, broker.getCompletionTimeout(), broker.getMaxInflight(), true));
	}

	@Bean
	@ConditionalOnMissingBean(name = "kosmosTriggerAdapter")
	MqttPahoMessageDrivenChannelAdapter kosmosTriggerAdapter(Mqttv3ClientManager kosmosMqttClientManager,
			TriggerDispatcher dispatcher, TriggerRouter router, KosmosMqttProperties properties) {
		MqttPahoMessageDrivenChannelAdapter adapter = new MqttPahoMessageDrivenChannelAdapter(
				kosmosMqttClientManager, router.subscriptionFilters().toArray(String[]::new));
		adapter.setQos(properties.determineTriggerQos());
		adapter.setManualAcks(true);
		DefaultPahoMessageConverter converter = new DefaultPahoMessageConverter();
		converter.setPayloadAsBytes(true);
		adapter.setConverter(converter);
		adapter.setOutputChannel(new FixedSubscriberChannel(dispatcher));
		// Paho v3 hands a message to a subscription's listener only when the subscribed
		// filter matches its topic, and a $share/<group>/ filter never does. Every trigger
		// of a shared subscription therefore reaches the backlog handler, which matches the
		// plain request topics.
		kosmosMqttClientManager.addDefaultMessageHandler(new SessionBacklogHandler(kosmosMqttClientManager, dispatcher,
				router.requestTopics(), router.isShared()));
		// NOTE: after a broker restart with a backlog in the persistent session, this
		// renewed subscription has timed out ("Error subscribing", seen in
		// BrokerRestartIntegrationTests), and the connection came back only about 90 s later.
		// A likely cause: the adapter waits for the SUBACK on Paho's callback thread, while
		// Paho's reader stops behind a full queue of 10 backlog triggers before the SUBACK.
		adapter.setCompletionTimeout(properties.getBroker().getCompletionTimeout().toMillis());
		adapter.setDisconnectCompletionTimeout(properties.getBroker().getDisconnectTimeout().toMillis());
		adapter.setQuiescentTimeout(KosmosMqttAutoConfiguration.QUIESCENT_TIMEOUT_MILLIS);
		adapter.setPhase(KosmosLifecyclePhases.SUBSCRIPTION);
		return adapter;
	}

}
