package io.kosmos.mqtt.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kosmos.mqtt.message.ResultType;
import io.kosmos.mqtt.message.TriggerType;

import io.kosmos.mqtt.signature.TriggerSignatureVerifier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of a KOSMoS analysis tool, bound from {@code kosmos.mqtt.*}.
 *
 * <p>The class validates itself at startup: a missing or invalid value stops the
 * application with a message that names the property and the value.
 */
@ConfigurationProperties("kosmos.mqtt")
public class KosmosMqttProperties implements Validator {

	/**
	 * QoS of subscribed triggers and published results, unless kosmos.mqtt.trigger.qos or
	 * kosmos.mqtt.result.qos sets another one.
	 */
	private int qos = 2;

	private final Broker broker = new Broker();

	private final Model model = new Model();

	private final Result result = new Result();

	private final Topics topics = new Topics();

	private final Status status = new Status();

	private final Executor executor = new Executor();

	private final Validation validation = new Validation();

	private final Filter filter = new Filter();

	private final EmbeddedBroker embeddedBroker = new EmbeddedBroker();

	private final Trigger trigger = new Trigger();

	private final Limits limits = new Limits();

	private final Retry retry = new Retry();

	private final Signing signing = new Signing();

	private final SharedSubscription sharedSubscription = new SharedSubscription();

	/**
	 * Settings of each AnalysisHandler bean, by bean name, when the application declares
	 * more than one. A setting left out falls back to the one of kosmos.mqtt.model,
	 * kosmos.mqtt.result or kosmos.mqtt.filter. Ignored with a single handler.
	 */
	private final Map<String, Handler> handlers = new LinkedHashMap<>();

	public int getQos() {
		return this.qos;
	}

	public void setQos(int qos) {
		this.qos = qos;
	}

	public Broker getBroker() {
		return this.broker;
	}

	public Model getModel() {
		return this.model;
	}

	public Result getResult() {
		return this.result;
	}

	public Topics getTopics() {
		return this.topics;
	}

	public Status getStatus() {
		return this.status;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public Filter getFilter() {
		return this.filter;
	}

	public EmbeddedBroker getEmbeddedBroker() {
		return this.embeddedBroker;
	}

	public Trigger getTrigger() {
		return this.trigger;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Signing getSigning() {
		return this.signing;
	}

	public SharedSubscription getSharedSubscription() {
		return this.sharedSubscription;
	}

	public Map<String, Handler> getHandlers() {
		return this.handlers;
	}

	/**
	 * Returns the QoS of trigger subscriptions: {@code trigger.qos} when set, else
	 * {@code qos}.
	 * @return 0, 1 or 2 once validated
	 */
	public int determineTriggerQos() {
		return (this.trigger.qos != null) ? this.trigger.qos : this.qos;
	}

	/**
	 * Returns the QoS of published results: {@code result.qos} when set, else {@code qos}.
	 * @return 0, 1 or 2 once validated
	 */
	public int determineResultQos() {
		return (this.result.qos != null) ? this.result.qos : this.qos;
	}

	/**
	 * Returns the dead-letter topic: the configured one, or
	 * {@code kosmos/dead-letter/<model url>/<model tag>}.
	 * @return the topic
	 */
	public String determineDeadLetterTopic() {
		if (this.topics.deadLetter != null && !this.topics.deadLetter.isBlank()) {
			return this.topics.deadLetter;
		}
		return "kosmos/dead-letter/" + this.model.url + "/" + this.model.tag;
	}

	/**
	 * Returns the client id to connect with: the configured one, or one derived from the
	 * model so that it stays the same across restarts.
	 * @return the client id
	 */
	public String determineClientId() {
		if (this.broker.clientId != null && !this.broker.clientId.isBlank()) {
			return this.broker.clientId;
		}
		return "kosmos-" + this.model.from + "-" + this.model.url + "-" + this.model.tag;
	}

	@Override
	public boolean supports(Class<?> type) {
		return KosmosMqttProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		KosmosMqttProperties properties = (KosmosMqttProperties) target;
		KosmosMqttPropertiesValidator.validate(properties, errors);
	}

	/**
	 * Connection to the MQTT broker.
	 */
	public static class Broker {

		/**
		 * Broker URLs, tried in order: tcp://host:port or ssl://host:port.
		 */
		private List<String> url = new ArrayList<>(List.of("tcp://127.0.0.1:1883"));

		/**
		 * MQTT protocol version of the tool's connection: "3.1.1" or "5". With "5" the
		 * tool uses Paho's MQTT 5 client, replaces the clean session by clean start plus
		 * session-expiry and announces max-inflight as its Receive Maximum. It subscribes
		 * to triggers at QoS 1 at most, because Paho's MQTT 5 client completes an incoming
		 * QoS 2 message before the tool has acknowledged it.
		 */
		private MqttProtocolVersion protocolVersion = MqttProtocolVersion.V3_1_1;

		/**
		 * Client id of the tool's one connection. Defaults to
		 * "kosmos-<model.from>-<model.url>-<model.tag>", which stays the same across restarts.
		 */
		private String clientId;

		/**
		 * Login user of the broker.
		 */
		private String username;

		/**
		 * Login password of the broker.
		 */
		private String password;

		/**
		 * Whether the broker discards the tool's session when it disconnects. Keep it false
		 * so that triggers sent while the tool is away are delivered when it returns.
		 */
		private boolean cleanSession = false;

		/**
		 * How long the broker keeps the tool's session, with its subscriptions and queued
		 * triggers, after the connection ends. Used only with protocol-version 5 and
		 * clean-session false; MQTT 3.1.1 brokers keep a session until the client
		 * connects with a clean session. Whole seconds, at most about 136 years (2^32 - 1
		 * s, which MQTT 5 treats as "never expires").
		 */
		private Duration sessionExpiry = Duration.ofDays(1);

		/**
		 * Interval of keep-alive pings.
		 */
		private Duration keepAlive = Duration.ofSeconds(60);

		/**
		 * Maximum time to wait for the broker to accept a connection.
		 */
		private Duration connectionTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum time to wait for a publish or subscribe to complete.
		 */
		private Duration completionTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum time to wait for the broker to acknowledge a disconnect at shutdown.
		 */
		private Duration disconnectTimeout = Duration.ofSeconds(1);

		/**
		 * Whether the client reconnects by itself after the connection is lost.
		 */
		private boolean automaticReconnect = true;

		/**
		 * Maximum number of QoS 1 and 2 messages in flight at once. With MQTT 3.1.1 it
		 * bounds the tool's outgoing publishes. With MQTT 5 it is also the Receive Maximum
		 * the tool announces (capped at 65535), so the broker sends at most this many
		 * unacknowledged triggers, and outgoing publishes are further held to the broker's
		 * own Receive Maximum.
		 */
		private int maxInflight = 1000;

		/**
		 * Whether TCP_NODELAY is set on the connection to a tcp:// broker, so that small
		 * messages such as acknowledgements and results are sent at once. With Nagle's
		 * algorithm on (Paho v3's default), a small write can wait until the previous
		 * segment is acknowledged, up to about 40 ms with Linux's delayed acknowledgements.
		 * ssl:// connections keep the socket factory of their SSL bundle unchanged.
		 */
		private boolean tcpNoDelay = true;

		/**
		 * Whether results and dead-letter records go over a second connection of their own,
		 * with client id "<client-id>-results" and a clean session. The broker's
		 * acknowledgements of results then never wait behind a flood of triggers. So each
		 * trigger stays counted against executor.concurrency + executor.queue-capacity until
		 * its result is acknowledged, and the tool holds no more triggers than that,
		 * whatever the broker sends.
		 * Turn it off only where the broker allows one connection per tool; results then
		 * waiting for the broker are not bounded by the tool.
		 */
		private boolean resultConnection = true;

		/**
		 * Where the MQTT client keeps QoS 1 and 2 messages that are in flight: "file" keeps
		 * them in persistence-directory, so that a QoS 2 trigger the client has already
		 * confirmed with PUBREC survives a crash of the tool; "memory" loses such triggers
		 * when the process dies.
		 */
		private Persistence persistence = Persistence.FILE;

		/**
		 * Folder of the "file" persistence. Each client id gets its own subfolder and a lock
		 * file, so a second tool with the same client id on this host fails at startup.
		 * Defaults to "kosmos-mqtt" in java.io.tmpdir.
		 */
		private String persistenceDirectory;

		private final Ssl ssl = new Ssl();

		public List<String> getUrl() {
			return this.url;
		}

		public void setUrl(List<String> url) {
			this.url = url;
		}

		public MqttProtocolVersion getProtocolVersion() {
			return this.protocolVersion;
		}

		public void setProtocolVersion(MqttProtocolVersion protocolVersion) {
			this.protocolVersion = protocolVersion;
		}

		public String getClientId() {
			return this.clientId;
		}

		public void setClientId(String clientId) {
			this.clientId = clientId;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public boolean isCleanSession() {
			return this.cleanSession;
		}

		public void setCleanSession(boolean cleanSession) {
			this.cleanSession = cleanSession;
		}

		public Duration getSessionExpiry() {
			return this.sessionExpiry;
		}

		public void setSessionExpiry(Duration sessionExpiry) {
			this.sessionExpiry = sessionExpiry;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public Duration getCompletionTimeout() {
			return this.completionTimeout;
		}

		public void setCompletionTimeout(Duration completionTimeout) {
			this.completionTimeout = completionTimeout;
		}

		public Duration getDisconnectTimeout() {
			return this.disconnectTimeout;
		}

		public void setDisconnectTimeout(Duration disconnectTimeout) {
			this.disconnectTimeout = disconnectTimeout;
		}

		public boolean isAutomaticReconnect() {
			return this.automaticReconnect;
		}

		public void setAutomaticReconnect(boolean automaticReconnect) {
			this.automaticReconnect = automaticReconnect;
		}

		public int getMaxInflight() {
			return this.maxInflight;
		}

		public void setMaxInflight(int maxInflight) {
			this.maxInflight = maxInflight;
		}

		public boolean isTcpNoDelay() {
			return this.tcpNoDelay;
		}

		public void setTcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
		}

		public boolean isResultConnection() {
			return this.resultConnection;
		}

		public void setResultConnection(boolean resultConnection) {
			this.resultConnection = resultConnection;
		}

		public Persistence getPersistence() {
			return this.persistence;
		}

		public void setPersistence(Persistence persistence) {
			this.persistence = persistence;
		}

		public String getPersistenceDirectory() {
			return this.persistenceDirectory;
		}

		public void setPersistenceDirectory(String persistenceDirectory) {
			this.persistenceDirectory = persistenceDirectory;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		@Override
		public String toString() {
			return "Broker{url=" + this.url + ", clientId=" + this.clientId + ", username=" + this.username
					+ ", password=" + ((this.password != null) ? "******" : null) + "}";
		}

		/**
		 * TLS of the broker connection.
		 */
		public static class Ssl {

			/**
			 * Name of the SSL bundle (spring.ssl.bundle.jks.<name> or
			 * spring.ssl.bundle.pem.<name>) for ssl:// broker URLs: its trust store decides
			 * which broker certificates are trusted, and its key store, if any, contains the
			 * client certificate. Without a bundle, ssl:// URLs trust the JVM's default
			 * trust store.
			 */
			private String bundle;

			/**
			 * Whether the broker's host name must match its certificate.
			 */
			private boolean verifyHostname = true;

			public String getBundle() {
				return this.bundle;
			}

			public void setBundle(String bundle) {
				this.bundle = bundle;
			}

			public boolean isVerifyHostname() {
				return this.verifyHostname;
			}

			public void setVerifyHostname(boolean verifyHostname) {
				this.verifyHostname = verifyHostname;
			}

		}

	}

	/**
	 * The analysis model this tool serves; url and tag form its trigger topic.
	 */
	public static class Model {

		/**
		 * Model url: one topic level of the trigger topic kosmos/analytics/<url>/<tag>.
		 */
		private String url;

		/**
		 * Model tag: the last topic level of the trigger topic.
		 */
		private String tag;

		/**
		 * Name of the tool, written to the "from" field of results and status messages.
		 */
		private String from;

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getTag() {
			return this.tag;
		}

		public void setTag(String tag) {
			this.tag = tag;
		}

		public String getFrom() {
			return this.from;
		}

		public void setFrom(String from) {
			this.from = from;
		}

	}

	/**
	 * Result publishing settings.
	 */
	public static class Result {

		/**
		 * Whether results are only passed on to the next tool (published to
		 * kosmos/analyses/<contract>/temporary) instead of stored by the platform. Required.
		 */
		private Boolean temporary;

		/**
		 * QoS of published results. Defaults to kosmos.mqtt.qos.
		 */
		private Integer qos;

		public Boolean getTemporary() {
			return this.temporary;
		}

		public void setTemporary(Boolean temporary) {
			this.temporary = temporary;
		}

		public Integer getQos() {
			return this.qos;
		}

		public void setQos(Integer qos) {
			this.qos = qos;
		}

	}

	/**
	 * Topic names of the KOSMoS platform.
	 */
	public static class Topics {

		/**
		 * Prefix of trigger topics; the model url and tag follow it.
		 */
		private String triggerBase = "kosmos/analytics/";

		/**
		 * Prefix of result topics; the contract id follows it.
		 */
		private String resultBase = "kosmos/analyses/";

		/**
		 * Last level of the result topic of temporary results.
		 */
		private String temporaryKeyword = "temporary";

		/**
		 * Topic of the tool's status messages.
		 */
		private String status = "kosmos/status";

		/**
		 * Further topic filters to receive triggers on, besides the model's trigger topic,
		 * at the trigger QoS. Wildcards are allowed. The request_topic key of the Python
		 * predecessor's config.ini maps here.
		 */
		private List<String> extraRequestTopics = new ArrayList<>();

		/**
		 * Topic of triggers that were rejected or whose handler failed after every retry,
		 * published at QoS 1 as a JSON record. Defaults to
		 * "kosmos/dead-letter/<model.url>/<model.tag>".
		 */
		private String deadLetter;

		public String getTriggerBase() {
			return this.triggerBase;
		}

		public void setTriggerBase(String triggerBase) {
			this.triggerBase = triggerBase;
		}

		public String getResultBase() {
			return this.resultBase;
		}

		public void setResultBase(String resultBase) {
			this.resultBase = resultBase;
		}

		public String getTemporaryKeyword() {
			return this.temporaryKeyword;
		}

		public void setTemporaryKeyword(String temporaryKeyword) {
			this.temporaryKeyword = temporaryKeyword;
		}

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

		public List<String> getExtraRequestTopics() {
			return this.extraRequestTopics;
		}

		public void setExtraRequestTopics(List<String> extraRequestTopics) {
			this.extraRequestTopics = extraRequestTopics;
		}

		public String getDeadLetter() {
			return this.deadLetter;
		}

		public void setDeadLetter(String deadLetter) {
			this.deadLetter = deadLetter;
		}

	}

	/**
	 * Status messages.
	 */
	public static class Status {

		/**
		 * QoS of status messages.
		 */
		private int qos = 1;

		/**
		 * Whether status messages are retained, so that a new subscriber receives the current
		 * state.
		 */
		private boolean retained = true;

		public int getQos() {
			return this.qos;
		}

		public void setQos(int qos) {
			this.qos = qos;
		}

		public boolean isRetained() {
			return this.retained;
		}

		public void setRetained(boolean retained) {
			this.retained = retained;
		}

	}

	/**
	 * Settings of one of several analysis handlers. Each field left unset falls back to the
	 * tool-wide setting.
	 */
	public static class Handler {

		private final Model model = new Model();

		private final HandlerResult result = new HandlerResult();

		private final HandlerFilter filter = new HandlerFilter();

		public Model getModel() {
			return this.model;
		}

		public HandlerResult getResult() {
			return this.result;
		}

		public HandlerFilter getFilter() {
			return this.filter;
		}

	}

	/**
	 * Result settings of one analysis handler.
	 */
	public static class HandlerResult {

		/**
		 * Whether this handler's results are only passed on to the next tool. Defaults to
		 * kosmos.mqtt.result.temporary.
		 */
		private Boolean temporary;

		public Boolean getTemporary() {
			return this.temporary;
		}

		public void setTemporary(Boolean temporary) {
			this.temporary = temporary;
		}

	}

	/**
	 * Trigger filter of one analysis handler.
	 */
	public static class HandlerFilter {

		/**
		 * Trigger types this handler reacts to. Defaults to kosmos.mqtt.filter.trigger-types.
		 */
		private Set<TriggerType> triggerTypes;

		/**
		 * Previous result types this handler reacts to. Defaults to
		 * kosmos.mqtt.filter.result-types.
		 */
		private Set<ResultType> resultTypes;

		public Set<TriggerType> getTriggerTypes() {
			return this.triggerTypes;
		}

		public void setTriggerTypes(Set<TriggerType> triggerTypes) {
			this.triggerTypes = triggerTypes;
		}

		public Set<ResultType> getResultTypes() {
			return this.resultTypes;
		}

		public void setResultTypes(Set<ResultType> resultTypes) {
			this.resultTypes = resultTypes;
		}

	}

	/**
	 * Shared subscription, through which several instances of the tool split the triggers
	 * between them.
	 */
	public static class SharedSubscription {

		/**
		 * Name of the shared-subscription group. When set, the tool subscribes to
		 * $share/<group>/<topic> for each request topic, and the broker delivers each
		 * trigger to one member of the group. One topic level: no '/', '+' or '#'.
		 */
		private String group;

		public String getGroup() {
			return this.group;
		}

		public void setGroup(String group) {
			this.group = group;
		}

	}

	/**
	 * The task executor that runs the analyses.
	 */
	public static class Executor {

		/**
		 * Number of analyses that run at the same time. Defaults to the number of
		 * processors.
		 */
		private int concurrency = Runtime.getRuntime().availableProcessors();

		/**
		 * Number of received triggers that may wait for a free worker. When it is full the
		 * tool stops reading from the broker until a worker is free.
		 */
		private int queueCapacity = 100;

		/**
		 * Maximum total size of the trigger payloads that wait for a worker or are being
		 * analysed. When it is reached the tool stops reading from the broker until a worker
		 * is free. A trigger larger than this is still taken, once no other trigger is held.
		 */
		private DataSize payloadLimit = DataSize.ofMegabytes(32);

		/**
		 * Maximum time to wait at shutdown for running analyses to finish and publish.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Whether results for the same machine and sensor are published in the order of
		 * their triggers. Triggers of different sensors still run in parallel.
		 */
		private boolean ordering = false;

		public boolean isOrdering() {
			return this.ordering;
		}

		public void setOrdering(boolean ordering) {
			this.ordering = ordering;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public DataSize getPayloadLimit() {
			return this.payloadLimit;
		}

		public void setPayloadLimit(DataSize payloadLimit) {
			this.payloadLimit = payloadLimit;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

	/**
	 * JSON Schema validation of messages.
	 */
	public static class Validation {

		/**
		 * Whether outgoing results are checked against the analysis schema before they are
		 * published. Incoming triggers are always checked.
		 */
		private boolean outgoing = true;

		public boolean isOutgoing() {
			return this.outgoing;
		}

		public void setOutgoing(boolean outgoing) {
			this.outgoing = outgoing;
		}

	}

	/**
	 * Trigger filters: the valid triggers the tool reacts to. A skipped trigger is logged at debug,
	 * counted and acknowledged; it is not an error.
	 */
	public static class Filter {

		/**
		 * Trigger types to react to: sensor_update, analyse_result. Empty reacts to both.
		 */
		private Set<TriggerType> triggerTypes = new LinkedHashSet<>();

		/**
		 * Previous result types to react to when the trigger is an analyse_result:
		 * time_series, multiple_time_series, text. Empty reacts to all. Sensor updates are
		 * not affected.
		 */
		private Set<ResultType> resultTypes = new LinkedHashSet<>();

		public Set<TriggerType> getTriggerTypes() {
			return this.triggerTypes;
		}

		public void setTriggerTypes(Set<TriggerType> triggerTypes) {
			this.triggerTypes = triggerTypes;
		}

		public Set<ResultType> getResultTypes() {
			return this.resultTypes;
		}

		public void setResultTypes(Set<ResultType> resultTypes) {
			this.resultTypes = resultTypes;
		}

	}

	/**
	 * An MQTT broker inside the application, for tests and demos.
	 */
	public static class EmbeddedBroker {

		/**
		 * Whether to start an MQTT broker inside the application and connect to it instead
		 * of kosmos.mqtt.broker.url. Needs hivemq-community-edition-embedded on the class path.
		 */
		private boolean enabled = false;

		/**
		 * Port of the embedded broker on 127.0.0.1; 0 picks a free port.
		 */
		private int port = 0;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * Subscription of triggers.
	 */
	public static class Trigger {

		/**
		 * QoS of the trigger subscriptions. Defaults to kosmos.mqtt.qos.
		 */
		private Integer qos;

		public Integer getQos() {
			return this.qos;
		}

		public void setQos(Integer qos) {
			this.qos = qos;
		}

	}

	/**
	 * Limits that protect the tool from oversized input.
	 */
	public static class Limits {

		/**
		 * Maximum size of a trigger payload. A bigger trigger is rejected before it is
		 * parsed, logged and acknowledged.
		 */
		private DataSize maxTriggerSize = DataSize.ofMegabytes(32);

		/**
		 * Maximum depth of nested JSON objects and arrays in a trigger. A KOSMoS trigger
		 * needs fewer than 10 levels; a deeper one is rejected while it is parsed.
		 */
		private int maxNestingDepth = 64;

		/**
		 * Maximum length in characters of a JSON number and of a value in a "number"
		 * column, which KOSMoS sends as a JSON string. A longer one is rejected before it
		 * is parsed.
		 */
		private int maxNumberLength = 100;

		/**
		 * Maximum length in characters of a JSON string value in a trigger. Field names
		 * are held to the smaller of this and 50000.
		 */
		private int maxStringLength = 1_000_000;

		/**
		 * Maximum number of columns of a trigger's data.
		 */
		private int maxColumns = 1000;

		/**
		 * Maximum number of rows of a trigger's data.
		 */
		private int maxRows = 1_000_000;

		public DataSize getMaxTriggerSize() {
			return this.maxTriggerSize;
		}

		public void setMaxTriggerSize(DataSize maxTriggerSize) {
			this.maxTriggerSize = maxTriggerSize;
		}

		public int getMaxNestingDepth() {
			return this.maxNestingDepth;
		}

		public void setMaxNestingDepth(int maxNestingDepth) {
			this.maxNestingDepth = maxNestingDepth;
		}

		public int getMaxNumberLength() {
			return this.maxNumberLength;
		}

		public void setMaxNumberLength(int maxNumberLength) {
			this.maxNumberLength = maxNumberLength;
		}

		public int getMaxStringLength() {
			return this.maxStringLength;
		}

		public void setMaxStringLength(int maxStringLength) {
			this.maxStringLength = maxStringLength;
		}

		public int getMaxColumns() {
			return this.maxColumns;
		}

		public void setMaxColumns(int maxColumns) {
			this.maxColumns = maxColumns;
		}

		public int getMaxRows() {
			return this.maxRows;
		}

		public void setMaxRows(int maxRows) {
			this.maxRows = maxRows;
		}

	}

	/**
	 * Signatures of outgoing and incoming KOSMoS messages: RSASSA-PSS with SHA-256 over
	 * the message body with keys sorted.
	 */
	public static class Signing {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose key store contains the RSA key
		 * and certificate that sign results and status messages. The bundle's key.alias
		 * picks the key when the store contains several. Without it, messages are not
		 * signed.
		 */
		private String bundle;

		/**
		 * When incoming triggers' signatures are verified: "off", "if-present" (a trigger
		 * without a signature, or with an empty one, passes) or "required".
		 */
		private TriggerSignatureVerifier.Verification verification = TriggerSignatureVerifier.Verification.OFF;

		/**
		 * Name of the SSL bundle whose trust store contains the certificates trusted to
		 * sign triggers. Required unless verification is "off".
		 */
		private String trustBundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public TriggerSignatureVerifier.Verification getVerification() {
			return this.verification;
		}

		public void setVerification(TriggerSignatureVerifier.Verification verification) {
			this.verification = verification;
		}

		public String getTrustBundle() {
			return this.trustBundle;
		}

		public void setTrustBundle(String trustBundle) {
			this.trustBundle = trustBundle;
		}

	}

	/**
	 * Retries of a failing analysis handler.
	 */
	public static class Retry {

		/**
		 * Number of times the handler runs for one trigger when it throws an exception,
		 * the first run included. 1 means no retry. Rejected triggers, null results and
		 * invalid results are never retried.
		 */
		private int maxAttempts = 1;

		/**
		 * Pause between two attempts. The worker thread waits, so a long back-off occupies
		 * a slot of the executor.
		 */
		private Duration backoff = Duration.ofSeconds(1);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

	}

	/**
	 * Storage of the MQTT client's in-flight messages.
	 */
	public enum Persistence {

		/** Files under {@code kosmos.mqtt.broker.persistence-directory}. */
		FILE,

		/** The heap: lost when the process dies. */
		MEMORY

	}

}
