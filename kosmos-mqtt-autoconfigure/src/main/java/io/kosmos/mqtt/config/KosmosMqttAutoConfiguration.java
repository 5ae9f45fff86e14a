package io.kosmos.mqtt.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequestCustomizer;
import io.kosmos.mqtt.handler.ResultMessageCustomizer;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.TriggerCheck;
import io.kosmos.mqtt.message.TriggerLimits;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.runtime.CompositeTriggerListener;
import io.kosmos.mqtt.runtime.DeadLetterPublisher;
import io.kosmos.mqtt.runtime.EventPublishingMqttv3ClientManager;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.OrderedLanes;
import io.kosmos.mqtt.runtime.PersistenceLock;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.runtime.SessionBacklogHandler;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.runtime.TriggerFilter;
import io.kosmos.mqtt.runtime.TriggerListener;
import io.kosmos.mqtt.runtime.TriggerProcessor;
import io.kosmos.mqtt.runtime.TriggerRouter;
import io.kosmos.mqtt.runtime.TriggerStatistics;
import io.kosmos.mqtt.signature.MessageSigner;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.FixedSubscriberChannel;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.inbound.MqttPahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.MqttPahoMessageHandler;
import org.springframework.integration.mqtt.support.DefaultPahoMessageConverter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tech.tablesaw.api.Table;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Auto-configuration of a KOSMoS analysis tool. Active when the application declares an
 * {@link AnalysisHandler} bean and Paho, Spring Integration MQTT and Tablesaw are on the
 * class path.
 *
 * <p>Registers, each only when the application has no bean of that type (or name):
 * <ul>
 * <li>{@link MqttConnectionDetails} from {@code kosmos.mqtt.broker.*};</li>
 * <li>{@code kosmosMqttClientManager}: the one MQTT connection that triggers, results and
 * status share, with manual acknowledgement, the options of {@code kosmos.mqtt.broker.*},
 * the last will (status {@code error} on the status topic), TLS from
 * {@code kosmos.mqtt.broker.ssl.bundle}, changed by every
 * {@link MqttConnectOptionsCustomizer};</li>
 * <li>{@code kosmosTriggerAdapter}: the subscription to
 * {@code kosmos/analytics/<model url>/<model tag>};</li>
 * <li>{@code kosmosMqttOutboundHandler} and {@link MqttPublisher}: synchronous publishing;</li>
 * <li>{@code kosmosAnalysisExecutor}: the bounded executor the handler runs on;</li>
 * <li>{@link TriggerReader}, which enforces {@code kosmos.mqtt.limits.*} and runs every
 * {@link TriggerCheck} bean, such as the signature verifier, on each trigger;</li>
 * <li>{@link SchemaValidator}, {@link ResultMessageWriter},
 * {@link TriggerProcessor}, {@link TriggerDispatcher}, {@link KosmosTopics},
 * {@link StatusPublisher}, {@link TriggerStatistics} and the {@link CompositeTriggerListener}
 * that reports every trigger's outcome to all {@link TriggerListener} beans.</li>

 * </ul>
 * <p>The processor applies every {@link AnalysisRequestCustomizer} and
 * {@link ResultMessageCustomizer} bean in {@link org.springframework.core.Ordered} order, and
 * skips triggers that {@code kosmos.mqtt.filter.*} excludes.
 * A {@link MessageSigner} bean, when there is one, signs results, status messages and the
 * last will.
 */
@AutoConfiguration(after = EmbeddedBrokerAutoConfiguration.class)
@ConditionalOnClass({ MqttAsyncClient.class, MqttPahoMessageDrivenChannelAdapter.class, Table.class })
@ConditionalOnBean(AnalysisHandler.class)
@EnableConfigurationProperties(KosmosMqttProperties.class)
public class KosmosMqttAutoConfiguration {

	private static final long QUIESCENT_TIMEOUT_MILLIS = 1000;

	/** Reconnects in a row, each soon after the previous connect, that mean another client has the same id. */
	private static final int EVICTION_LOOP_RECONNECTS = 5;

	/**
	 * Upper bound (exclusive) of the random number of reconnects added to
	 * {@link #EVICTION_LOOP_RECONNECTS}, so that of two instances started together one
	 * detects the loop first.
	 */
	private static final int EVICTION_LOOP_RANDOM_RECONNECTS = 10;

	/**
	 * A reconnect sooner than this after the previous connect counts towards an eviction
	 * loop. In a loop Paho reconnects about one second after each loss (its minimum
	 * reconnect delay in 1.2.5), so each connection lasts well below this.
	 */
	private static final Duration EVICTION_LOOP_SHORT_CONNECTION = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(KosmosMqttAutoConfiguration.class);

	/** Wire-format mapper, kept private so that an application's Jackson settings cannot change messages. */
	private final ObjectMapper objectMapper = JsonMapper.builder().build();

	@Bean
	@ConditionalOnMissingBean(MqttConnectionDetails.class)
	PropertiesMqttConnectionDetails kosmosMqttConnectionDetails(KosmosMqttProperties properties) {
		return new PropertiesMqttConnectionDetails(properties.getBroker());
	}

	@Bean
	@ConditionalOnMissingBean
	KosmosTopics kosmosTopics(KosmosMqttProperties properties) {
		return new KosmosTopics(properties);
	}

	@Bean
	@ConditionalOnMissingBean(name = "kosmosMqttClientManager")
	Mqttv3ClientManager kosmosMqttClientManager(KosmosMqttProperties properties,
			MqttConnectionDetails connectionDetails, ObjectProvider<MqttConnectOptionsCustomizer> customizers,
			KosmosTopics topics, ObjectProvider<SslBundles> sslBundles, ObjectProvider<MessageSigner> messageSigner) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		BrokerTls tls = BrokerTls.resolve(broker.getSsl(), sslBundles.getIfAvailable());
		MqttConnectOptions options = new MqttConnectOptions();
		List<String> urls = connectionDetails.getUrls();
		if (tls != null) {
			tls.applyTo(options);
			tls.checkHandshakes(urls, broker.getConnectionTimeout());
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
		options.setCleanSession(broker.isCleanSession());
		options.setKeepAliveInterval(Math.toIntExact(broker.getKeepAlive().toSeconds()));
		options.setConnectionTimeout(Math.toIntExact(broker.getConnectionTimeout().toSeconds()));
		options.setAutomaticReconnect(broker.isAutomaticReconnect());
		options.setMaxInflight(broker.getMaxInflight());
		KosmosMqttProperties.Status status = properties.getStatus();
		ObjectNode lastWill = StatusPublisher.statusMessage(properties.getModel().getFrom(), ToolStatus.ERROR);
		messageSigner.ifAvailable((signer) -> signer.sign(lastWill));
		options.setWill(topics.statusTopic(), this.objectMapper.writeValueAsBytes(lastWill), status.getQos(),
				status.isRetained());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(options));

		String clientId = properties.determineClientId();
		EventPublishingMqttv3ClientManager manager = new EventPublishingMqttv3ClientManager(options, clientId);
		manager.setPersistence(ClientPersistence.create(broker));
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.FILE) {
			manager.setPersistenceLock(new PersistenceLock(ClientPersistence.directory(broker), clientId));
		}
		manager.setManualAcks(true);
		manager.setPhase(KosmosLifecyclePhases.CONNECTION);
		manager.setCompletionTimeout(broker.getCompletionTimeout().toMillis());
		manager.setDisconnectCompletionTimeout(broker.getDisconnectTimeout().toMillis());
		// Running analyses have published by the time the connection stops, so there is
		// little left in flight to wait for.
		manager.setQuiescentTimeout(QUIESCENT_TIMEOUT_MILLIS);
		logger.info("KOSMoS tool '" + properties.getModel().getFrom() + "' connects to " + urls + " as client '"
				+ clientId + "' (clean session " + broker.isCleanSession() + ", " + describePersistence(broker)
				+ ") and subscribes to "
				+ topics.subscriptionFilters() + " at QoS " + properties.determineTriggerQos());
		return manager;
	}

	private static String describePersistence(KosmosMqttProperties.Broker broker) {
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.MEMORY) {
			return "in-flight messages in memory";
		}
		return "in-flight messages in " + ClientPersistence.directory(broker);
	}

	@Bean
	@ConditionalOnMissingBean
	ReconnectTracker kosmosReconnectTracker(Mqttv3ClientManager kosmosMqttClientManager,
			KosmosMqttProperties properties, ConfigurableApplicationContext context) {
		int maxShortConnections = EVICTION_LOOP_RECONNECTS
				+ ThreadLocalRandom.current().nextInt(EVICTION_LOOP_RANDOM_RECONNECTS);
		ReconnectTracker tracker = new ReconnectTracker(properties.determineClientId(), maxShortConnections,
				EVICTION_LOOP_SHORT_CONNECTION, context::close);
		kosmosMqttClientManager.addCallback(tracker);
		return tracker;
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterPublisher kosmosDeadLetterPublisher(MqttPublisher publisher, KosmosTopics topics,
			KosmosMqttProperties properties) {
		return new DeadLetterPublisher(publisher, this.objectMapper, topics.deadLetterTopic(),
				properties.getModel().getFrom());
	}

	@Bean
	@ConditionalOnMissingBean
	SchemaValidator kosmosSchemaValidator() {
		return new SchemaValidator();
	}

	@Bean
	@ConditionalOnMissingBean
	TriggerReader kosmosTriggerReader(SchemaValidator schemaValidator, KosmosMqttProperties properties,
			ObjectProvider<TriggerCheck> triggerChecks) {
		List<TriggerCheck> checks = triggerChecks.orderedStream().toList();
		TriggerCheck allChecks = checks.isEmpty() ? TriggerCheck.NONE
				: (trigger) -> checks.forEach((check) -> check.check(trigger));
		return new TriggerReader(schemaValidator, triggerLimits(properties.getLimits()), allChecks);
	}

	private static TriggerLimits triggerLimits(KosmosMqttProperties.Limits limits) {
		return new TriggerLimits(limits.getMaxTriggerSize().toBytes(), limits.getMaxNestingDepth(),
				limits.getMaxNumberLength(), limits.getMaxStringLength(), limits.getMaxColumns(), limits.getMaxRows());
	}

	@Bean
	@ConditionalOnMissingBean
	ResultMessageWriter kosmosResultMessageWriter(KosmosMqttProperties properties) {
		KosmosMqttProperties.Model model = properties.getModel();
		return new ResultMessageWriter(model.getFrom(), model.getUrl(), model.getTag());
	}

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
	MqttPublisher kosmosMqttPublisher(MqttPahoMessageHandler kosmosMqttOutboundHandler) {
		return new MqttPublisher(kosmosMqttOutboundHandler);
	}

	@Bean
	@ConditionalOnMissingBean
	StatusPublisher kosmosStatusPublisher(MqttPublisher publisher, KosmosMqttProperties properties,
			KosmosTopics topics, ObjectProvider<MessageSigner> messageSigner) {
		StatusPublisher statusPublisher = new StatusPublisher(publisher, this.objectMapper,
				properties.getModel().getFrom(), topics.statusTopic(), properties.getStatus().getQos(),
				properties.getStatus().isRetained());
		messageSigner.ifAvailable(statusPublisher::setMessageSigner);
		return statusPublisher;
	}

	@Bean
	@ConditionalOnMissingBean
	TriggerStatistics kosmosTriggerStatistics() {
		return new TriggerStatistics();
	}

	/**
	 * Gathers every {@link TriggerListener} bean, the status publisher and statistics
	 * included, into the one listener the processor calls.
	 */
	@Bean
	@ConditionalOnMissingBean
	CompositeTriggerListener kosmosTriggerListener(ObjectProvider<TriggerListener> listeners) {
		return new CompositeTriggerListener(listeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean(name = "kosmosAnalysisExecutor")
	ThreadPoolTaskExecutor kosmosAnalysisExecutor(KosmosMqttProperties properties) {
		KosmosMqttProperties.Executor settings = properties.getExecutor();
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("kosmos-analysis-");
		executor.setCorePoolSize(settings.getConcurrency());
		executor.setMaxPoolSize(settings.getConcurrency());
		// The dispatcher admits at most concurrency + queue capacity triggers. The extra
		// room covers workers that released their slot but have not yet taken the next task.
		executor.setQueueCapacity(settings.getQueueCapacity() + settings.getConcurrency());
		executor.setAcceptTasksAfterContextClose(true);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationMillis(settings.getShutdownTimeout().toMillis());
		// Stop after the dispatcher has waited for the running analyses.
		executor.setPhase(KosmosLifecyclePhases.ANALYSES - 1);
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(AnalysisHandler.class)
	TriggerProcessor kosmosTriggerProcessor(TriggerReader triggerReader, AnalysisHandler handler,
			ResultMessageWriter resultWriter, SchemaValidator schemaValidator, MqttPublisher publisher,
			KosmosTopics topics, KosmosMqttProperties properties, CompositeTriggerListener triggerListener,
			ObjectProvider<AnalysisRequestCustomizer> requestCustomizers,
			ObjectProvider<ResultMessageCustomizer> resultCustomizers, DeadLetterPublisher deadLetterPublisher,
			ObjectProvider<MessageSigner> messageSigner) {
		KosmosMqttProperties.Filter filter = properties.getFilter();
		KosmosMqttProperties.Retry retry = properties.getRetry();
		TriggerProcessor processor = new TriggerProcessor(new TriggerProcessor.Settings(triggerReader, handler,
				resultWriter, schemaValidator, properties.getValidation().isOutgoing(), this.objectMapper, publisher,
				topics, properties.determineResultQos(), triggerListener, Clock.systemUTC(),
				new TriggerFilter(filter.getTriggerTypes(), filter.getResultTypes()),
				requestCustomizers.orderedStream().toList(), resultCustomizers.orderedStream().toList()),
				new TriggerProcessor.RetryPolicy(retry.getMaxAttempts(), retry.getBackoff()), deadLetterPublisher);
		messageSigner.ifAvailable(processor::setMessageSigner);
		return processor;
	}

	/**
	 * Routes triggers to the one {@link TriggerProcessor} bean, or with several
	 * {@link AnalysisHandler} beans, to a processor per handler built from
	 * {@code kosmos.mqtt.handlers.<bean name>.*}.
	 */
	@Bean
	@ConditionalOnMissingBean
	TriggerRouter kosmosTriggerRouter(ObjectProvider<TriggerProcessor> singleProcessor, KosmosTopics topics,
			ListableBeanFactory beanFactory, TriggerReader triggerReader, SchemaValidator schemaValidator,
			MqttPublisher publisher, KosmosMqttProperties properties, CompositeTriggerListener triggerListener,
			ObjectProvider<AnalysisRequestCustomizer> requestCustomizers,
			ObjectProvider<ResultMessageCustomizer> resultCustomizers, ObjectProvider<MessageSigner> messageSigner) {
		TriggerProcessor processor = singleProcessor.getIfUnique();
		if (processor != null) {
			return new TriggerRouter(List.of(new TriggerRouter.Route("analysisHandler", topics, processor)));
		}
		Map<String, AnalysisHandler> handlers = beanFactory.getBeansOfType(AnalysisHandler.class);
		HandlerRoutes routes = new HandlerRoutes(properties, this.objectMapper, triggerReader, schemaValidator,
				publisher, triggerListener, requestCustomizers.orderedStream().toList(),
				resultCustomizers.orderedStream().toList(), messageSigner.getIfAvailable());
		return new TriggerRouter(routes.build(handlers));
	}

	@Bean
	@ConditionalOnMissingBean
	TriggerDispatcher kosmosTriggerDispatcher(ThreadPoolTaskExecutor kosmosAnalysisExecutor,
			TriggerRouter router, CompositeTriggerListener triggerListener, KosmosMqttProperties properties) {
		KosmosMqttProperties.Executor settings = properties.getExecutor();
		TriggerDispatcher dispatcher = new TriggerDispatcher(kosmosAnalysisExecutor, router, triggerListener,
				settings.getConcurrency() + settings.getQueueCapacity(), settings.getShutdownTimeout(),
				Clock.systemUTC());
		if (settings.isOrdering()) {
			dispatcher.setOrderedLanes(new OrderedLanes(kosmosAnalysisExecutor));
		}
		return dispatcher;
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
		adapter.setCompletionTimeout(properties.getBroker().getCompletionTimeout().toMillis());
		adapter.setDisconnectCompletionTimeout(properties.getBroker().getDisconnectTimeout().toMillis());
		adapter.setQuiescentTimeout(QUIESCENT_TIMEOUT_MILLIS);
		adapter.setPhase(KosmosLifecyclePhases.SUBSCRIPTION);
		return adapter;
	}

}
