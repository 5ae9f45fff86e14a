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
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.MqttResultConnection;
import io.kosmos.mqtt.runtime.OrderedLanes;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.runtime.TriggerFilter;
import io.kosmos.mqtt.runtime.TriggerListener;
import io.kosmos.mqtt.runtime.TriggerProcessor;
import io.kosmos.mqtt.runtime.TriggerRouter;
import io.kosmos.mqtt.runtime.TriggerStatistics;
import io.kosmos.mqtt.signature.MessageSigner;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.inbound.MqttPahoMessageDrivenChannelAdapter;
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
 * <li>the connection beans of the protocol that {@code kosmos.mqtt.broker.protocol-version}
 * selects, from {@link Mqttv3ConnectionConfiguration} (3.1.1, the default) or
 * {@link Mqttv5ConnectionConfiguration} (5). Both register the same names:
 * <ul>
 * <li>{@code kosmosMqttClientManager}: the MQTT connection of the triggers and the status,
 * with manual acknowledgement, the options of {@code kosmos.mqtt.broker.*},
 * the last will (status {@code error} on the status topic), TLS from
 * {@code kosmos.mqtt.broker.ssl.bundle}, changed by every
 * {@link MqttConnectOptionsCustomizer} (3.1.1) or
 * {@link Mqttv5ConnectionOptionsCustomizer} (5);</li>
 * <li>{@code kosmosTriggerAdapter}: the subscription to
 * {@code kosmos/analytics/<model url>/<model tag>}, renewed after every reconnect;</li>
 * <li>{@link MqttPublisher}: publishing through that client, used for the status;</li>
 * <li>{@link MqttResultConnection}: a second connection with client id
 * {@code <client-id>-results} that results and dead letters go over, or the main
 * connection when {@code kosmos.mqtt.broker.result-connection=false} or the application
 * declares its own {@link MqttPublisher};</li>
 * <li>{@code kosmosMqttOutboundHandler}: a Spring Integration handler on the shared
 * connection for the application's own flows;</li>
 * </ul></li>
 * <li>{@link ReconnectTracker}, registered on the client manager;</li>
 * <li>{@code kosmosAnalysisExecutor}: the bounded executor the handler runs on;</li>
 * <li>{@link TriggerReader}, which enforces {@code kosmos.mqtt.limits.*} and runs every
 * {@link TriggerCheck} bean, such as the signature verifier, on each trigger;</li>
 * <li>{@link SchemaValidator}, {@link ResultMessageWriter},
 * {@link TriggerProcessor}, {@link TriggerDispatcher}, {@link KosmosTopics},
 * {@link StatusPublisher}, {@link DeadLetterPublisher}, {@link TriggerStatistics} and the
 * {@link CompositeTriggerListener} that reports every trigger's outcome to all
 * {@link TriggerListener} beans.</li>
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
@Import({ Mqttv3ConnectionConfiguration.class, Mqttv5ConnectionConfiguration.class })
public class KosmosMqttAutoConfiguration {

	/** How long a stopping client or adapter waits for work in flight. */
	static final long QUIESCENT_TIMEOUT_MILLIS = 1000;

	/** Appended to the client id for the connection that results go over. */
	static final String RESULT_CLIENT_ID_SUFFIX = "-results";

	/** Serialises the last will, which is built before any bean of this class exists. */
	private static final ObjectMapper WIRE_MAPPER = JsonMapper.builder().build();

	/** Short connections that mean another client has the same id. */
	private static final int EVICTION_LOOP_RECONNECTS = 5;

	/**
	 * Upper bound (exclusive) of the random number of reconnects added to
	 * {@link #EVICTION_LOOP_RECONNECTS}, so that of two instances started together one
	 * detects the loop first.
	 */
	private static final int EVICTION_LOOP_RANDOM_RECONNECTS = 10;

	/**
	 * A connection lost sooner than this after its connect is short. In an eviction loop
	 * Paho 1.2.5 reconnects one to eight seconds after each loss (seen with HiveMQ CE and
	 * Mosquitto 2.0), so most connections last well below this.
	 */
	private static final Duration EVICTION_LOOP_SHORT_CONNECTION = Duration.ofSeconds(20);

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

	/**
	 * Builds the last will, status {@code error}, signed when the application has a
	 * {@link MessageSigner}.
	 */
	static byte[] lastWill(KosmosMqttProperties properties, ObjectProvider<MessageSigner> messageSigner) {
		ObjectNode lastWill = StatusPublisher.statusMessage(properties.getModel().getFrom(), ToolStatus.ERROR);
		messageSigner.ifAvailable((signer) -> signer.sign(lastWill));
		return WIRE_MAPPER.writeValueAsBytes(lastWill);
	}

	static String describePersistence(KosmosMqttProperties.Broker broker) {
		if (broker.getPersistence() == KosmosMqttProperties.Persistence.MEMORY) {
			return "in-flight messages in memory";
		}
		return "in-flight messages in " + ClientPersistence.directory(broker);
	}

	@Bean
	@ConditionalOnMissingBean
	ReconnectTracker kosmosReconnectTracker(ClientManager<?, ?> kosmosMqttClientManager,
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
	DeadLetterPublisher kosmosDeadLetterPublisher(MqttResultConnection resultConnection, KosmosTopics topics,
			KosmosMqttProperties properties) {
		return new DeadLetterPublisher(resultConnection.publisher(), this.objectMapper, topics.deadLetterTopic(),
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
		// concurrency covers workers that released their slot but have not yet taken the
		// next task. Each result in flight (at most max-inflight) adds one short task that
		// acknowledges its trigger once the broker has taken the result.
		executor.setQueueCapacity(settings.getQueueCapacity() + settings.getConcurrency()
				+ properties.getBroker().getMaxInflight());
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
			ResultMessageWriter resultWriter, SchemaValidator schemaValidator, MqttResultConnection resultConnection,
			KosmosTopics topics, KosmosMqttProperties properties, CompositeTriggerListener triggerListener,
			ObjectProvider<AnalysisRequestCustomizer> requestCustomizers,
			ObjectProvider<ResultMessageCustomizer> resultCustomizers, DeadLetterPublisher deadLetterPublisher,
			ObjectProvider<MessageSigner> messageSigner) {
		KosmosMqttProperties.Filter filter = properties.getFilter();
		KosmosMqttProperties.Retry retry = properties.getRetry();
		TriggerProcessor processor = new TriggerProcessor(new TriggerProcessor.Settings(triggerReader, handler,
				resultWriter, schemaValidator, properties.getValidation().isOutgoing(), this.objectMapper,
				resultConnection.publisher(), topics, properties.determineResultQos(), triggerListener, Clock.systemUTC(),
				new TriggerFilter(filter.getTriggerTypes(), filter.getResultTypes()),
				requestCustomizers.orderedStream().toList(), resultCustomizers.orderedStream().toList()),
				new TriggerProcessor.RetryPolicy(retry.getMaxAttempts(), retry.getBackoff()), deadLetterPublisher);
		messageSigner.ifAvailable(processor::setMessageSigner);
		return processor;
	}

	/**
	 * Routes triggers to the one {@link TriggerProcessor} bean, or with several
	 * {@link AnalysisHandler} beans, to a processor per handler built from
	 * {@code kosmos.mqtt.handlers.<bean name>.*}. Every processor acknowledges its
	 * published triggers on the analysis executor, off the MQTT client's threads.
	 */
	@Bean
	@ConditionalOnMissingBean
	TriggerRouter kosmosTriggerRouter(ObjectProvider<TriggerProcessor> singleProcessor, KosmosTopics topics,
			ListableBeanFactory beanFactory, TriggerReader triggerReader, SchemaValidator schemaValidator,
			MqttResultConnection resultConnection, KosmosMqttProperties properties,
			CompositeTriggerListener triggerListener, ObjectProvider<AnalysisRequestCustomizer> requestCustomizers,
			ObjectProvider<ResultMessageCustomizer> resultCustomizers, ObjectProvider<MessageSigner> messageSigner,
			ThreadPoolTaskExecutor kosmosAnalysisExecutor) {
		TriggerRouter router;
		TriggerProcessor processor = singleProcessor.getIfUnique();
		if (processor != null) {
			router = new TriggerRouter(List.of(new TriggerRouter.Route("analysisHandler", topics, processor)));
		}
		else {
			Map<String, AnalysisHandler> handlers = beanFactory.getBeansOfType(AnalysisHandler.class);
			HandlerRoutes routes = new HandlerRoutes(properties, this.objectMapper, triggerReader, schemaValidator,
					resultConnection.publisher(), triggerListener, requestCustomizers.orderedStream().toList(),
					resultCustomizers.orderedStream().toList(), messageSigner.getIfAvailable());
			router = new TriggerRouter(routes.build(handlers));
		}

		router.routes().forEach((route) -> route.processor().setCompletionExecutor(kosmosAnalysisExecutor));
		return router;
	}

	@Bean
	@ConditionalOnMissingBean
	TriggerDispatcher kosmosTriggerDispatcher(ThreadPoolTaskExecutor kosmosAnalysisExecutor,
			TriggerRouter router, CompositeTriggerListener triggerListener, KosmosMqttProperties properties,
			MqttResultConnection resultConnection) {
		KosmosMqttProperties.Executor settings = properties.getExecutor();
		TriggerDispatcher dispatcher = new TriggerDispatcher(kosmosAnalysisExecutor, router, triggerListener,
				settings.getConcurrency() + settings.getQueueCapacity(), settings.getPayloadLimit().toBytes(),
				settings.getShutdownTimeout(), Clock.systemUTC());
		dispatcher.setHoldUntilAcknowledged(resultConnection.isSeparate());
		if (settings.isOrdering()) {
			dispatcher.setOrderedLanes(new OrderedLanes(kosmosAnalysisExecutor));
		}
		return dispatcher;
	}

}
