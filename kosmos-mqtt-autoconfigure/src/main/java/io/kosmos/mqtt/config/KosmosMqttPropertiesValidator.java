package io.kosmos.mqtt.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.kosmos.mqtt.signature.TriggerSignatureVerifier;

import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Startup checks of {@link KosmosMqttProperties}. Each rejection names the property
 * (relative to {@code kosmos.mqtt}), the value and what to set instead.
 *
 * <p>Besides single values, these combinations are rejected because one setting would
 * silently undo or break another:
 * <ul>
 * <li>{@code embedded-broker.enabled=true} with a {@code broker.url} other than the
 * default: the embedded broker replaces the URL, so the tool would not connect to that
 * URL;</li>
 * <li>{@code broker.ssl.bundle} set while no {@code broker.url} uses {@code ssl://} or
 * {@code wss://}: the bundle would never be used;</li>
 * <li>{@code signing.verification} other than {@code off} without a
 * {@code signing.trust-bundle}: no certificate could verify a trigger;</li>
 * <li>{@code broker.max-inflight} not greater than {@code executor.concurrency} when
 * results or status use QoS 1 or 2: every worker may publish a result at the same time
 * and a status message may follow, and Paho v3 rejects a publish beyond the maximum with
 * "Too many publishes in progress";</li>
 * <li>an extra request topic that is the trigger topic again, or that matches the
 * tool's own result, status or dead-letter topic: the tool would consume its own
 * output, and every such message would be rejected and reported again.</li>
 * </ul>
 * Not rejected: {@code broker.clean-session=true} (legal, though triggers sent while the
 * tool is away and unacknowledged triggers are lost at a reconnect), and an
 * {@code executor.queue-capacity} above {@code broker.max-inflight} (Paho's maximum counts
 * outgoing messages only; received triggers waiting for a worker are not counted).
 */
final class KosmosMqttPropertiesValidator {

	private static final String DEFAULT_BROKER_URL = "tcp://127.0.0.1:1883";

	/** The largest session expiry interval MQTT 5 can carry, a four-byte unsigned integer of seconds. */
	static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

	private static final String EMBEDDED_BROKER_CLASS = "com.hivemq.embedded.EmbeddedHiveMQ";

	private KosmosMqttPropertiesValidator() {
	}

	static void validate(KosmosMqttProperties properties, Errors errors) {
		checkTopicLevel(errors, "model.url", properties.getModel().getUrl());
		checkTopicLevel(errors, "model.tag", properties.getModel().getTag());
		if (isBlank(properties.getModel().getFrom())) {
			errors.rejectValue("model.from", "required",
					"kosmos.mqtt.model.from is missing; set it to the name of this tool, for example 'anomaly-detector'");
		}
		if (properties.getResult().getTemporary() == null) {
			errors.rejectValue("result.temporary", "required",
					"kosmos.mqtt.result.temporary is missing; set it to false when the platform stores the results, "
							+ "or true when they are only passed on to the next tool");
		}

		checkQos(errors, "qos", properties.getQos());
		checkQos(errors, "status.qos", properties.getStatus().getQos());
		checkOptionalQos(errors, "trigger.qos", properties.getTrigger().getQos());
		checkOptionalQos(errors, "result.qos", properties.getResult().getQos());
		checkUrls(errors, properties.getBroker().getUrl());
		if (properties.getBroker().getProtocolVersion() == null) {
			errors.rejectValue("broker.protocol-version", "required",
					"kosmos.mqtt.broker.protocol-version is empty; set it to 3.1.1 or 5, or remove it for 3.1.1");
		}
		checkPublishTopic(errors, "topics.status", properties.getTopics().getStatus());
		checkPublishTopic(errors, "topics.result-base", properties.getTopics().getResultBase());
		checkPublishTopic(errors, "topics.trigger-base", properties.getTopics().getTriggerBase());
		checkTopicLevel(errors, "topics.temporary-keyword", properties.getTopics().getTemporaryKeyword());
		if (properties.getTopics().getDeadLetter() != null) {
			checkPublishTopic(errors, "topics.dead-letter", properties.getTopics().getDeadLetter());
		}
		checkExtraRequestTopics(errors, properties);
		checkSharedSubscriptionGroup(errors, properties.getSharedSubscription().getGroup());

		if (properties.getExecutor().getConcurrency() < 1) {
			errors.rejectValue("executor.concurrency", "range",
					"kosmos.mqtt.executor.concurrency must be at least 1, got " + properties.getExecutor().getConcurrency());
		}
		if (properties.getExecutor().getQueueCapacity() < 0) {
			errors.rejectValue("executor.queue-capacity", "range", "kosmos.mqtt.executor.queue-capacity must be 0 or more, got "
					+ properties.getExecutor().getQueueCapacity());
		}
		DataSize payloadLimit = properties.getExecutor().getPayloadLimit();
		if (payloadLimit == null || payloadLimit.toBytes() < 1024) {
			errors.rejectValue("executor.payload-limit", "range",
					"kosmos.mqtt.executor.payload-limit must be at least 1KB, got " + payloadLimit);
		}
		if (properties.getBroker().getMaxInflight() < 1) {
			errors.rejectValue("broker.max-inflight", "range",
					"kosmos.mqtt.broker.max-inflight must be at least 1, got " + properties.getBroker().getMaxInflight());
		}
		int port = properties.getEmbeddedBroker().getPort();
		if (port < 0 || port > 65535) {
			errors.rejectValue("embedded-broker.port", "range",
					"kosmos.mqtt.embedded-broker.port must be between 0 and 65535, got " + port);
		}
		if (properties.getEmbeddedBroker().isEnabled() && !ClassUtils.isPresent(EMBEDDED_BROKER_CLASS, null)) {
			errors.rejectValue("embedded-broker.enabled", "missing-dependency",
					"kosmos.mqtt.embedded-broker.enabled is true, but HiveMQ is not on the class path; add the "
							+ "dependency com.hivemq:hivemq-community-edition-embedded, or set it to false and "
							+ "point kosmos.mqtt.broker.url at a broker");
		}
		checkDurations(errors, properties);
		checkMaxTriggerSize(errors, properties.getLimits().getMaxTriggerSize());
		checkLimits(errors, properties.getLimits());
		checkSigning(errors, properties.getSigning());
		checkContradictions(errors, properties);
	}

	private static void checkDurations(Errors errors, KosmosMqttProperties properties) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		checkNotNegative(errors, "broker.keep-alive", broker.getKeepAlive());
		checkNotNegative(errors, "broker.connection-timeout", broker.getConnectionTimeout());
		checkNotNegative(errors, "broker.completion-timeout", broker.getCompletionTimeout());
		checkNotNegative(errors, "broker.disconnect-timeout", broker.getDisconnectTimeout());
		checkSessionExpiry(errors, broker.getSessionExpiry());
		checkNotNegative(errors, "executor.shutdown-timeout", properties.getExecutor().getShutdownTimeout());
		checkNotNegative(errors, "retry.backoff", properties.getRetry().getBackoff());
		if (properties.getRetry().getMaxAttempts() < 1) {
			errors.rejectValue("retry.max-attempts", "range", "kosmos.mqtt.retry.max-attempts must be at least 1 "
					+ "(1 means no retry), got " + properties.getRetry().getMaxAttempts());
		}
	}

	private static void checkSessionExpiry(Errors errors, Duration sessionExpiry) {
		if (sessionExpiry == null || sessionExpiry.isNegative()
				|| sessionExpiry.toSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
			errors.rejectValue("broker.session-expiry", "range", "kosmos.mqtt.broker.session-expiry must be between "
					+ "0s and " + MAX_SESSION_EXPIRY_SECONDS + "s (the MQTT 5 maximum), got " + sessionExpiry
					+ "; write it as 1d or 12h");
		}
	}

	private static void checkNotNegative(Errors errors, String property, Duration value) {
		if (value == null || value.isNegative()) {
			errors.rejectValue(property, "range",
					"kosmos.mqtt." + property + " must be 0 or more, got " + value + "; write it as 30s or 500ms");
		}
	}

	private static void checkMaxTriggerSize(Errors errors, DataSize maxTriggerSize) {
		if (maxTriggerSize == null || maxTriggerSize.toBytes() < 1) {
			errors.rejectValue("limits.max-trigger-size", "range", "kosmos.mqtt.limits.max-trigger-size must be at "
					+ "least 1 byte, got " + maxTriggerSize + "; write it as 32MB or 512KB");
		}
	}

	private static void checkLimits(Errors errors, KosmosMqttProperties.Limits limits) {
		checkPositive(errors, "limits.max-nesting-depth", limits.getMaxNestingDepth());
		checkPositive(errors, "limits.max-number-length", limits.getMaxNumberLength());
		checkPositive(errors, "limits.max-string-length", limits.getMaxStringLength());
		checkPositive(errors, "limits.max-columns", limits.getMaxColumns());
		checkPositive(errors, "limits.max-rows", limits.getMaxRows());
	}

	private static void checkSigning(Errors errors, KosmosMqttProperties.Signing signing) {
		boolean verifying = signing.getVerification() != TriggerSignatureVerifier.Verification.OFF;
		if (verifying && isBlank(signing.getTrustBundle())) {
			errors.rejectValue("signing.trust-bundle", "required", "kosmos.mqtt.signing.verification is '"
					+ signing.getVerification().name().toLowerCase(Locale.ROOT).replace('_', '-')
					+ "', but kosmos.mqtt.signing.trust-bundle is missing; set it to an SSL bundle whose trust store "
					+ "holds the certificates of the trigger signers, or set the verification to 'off'");
		}
	}

	private static void checkPositive(Errors errors, String property, int value) {
		if (value < 1) {
			errors.rejectValue(property, "range", "kosmos.mqtt." + property + " must be at least 1, got " + value);
		}
	}

	private static void checkContradictions(Errors errors, KosmosMqttProperties properties) {
		KosmosMqttProperties.Broker broker = properties.getBroker();
		List<String> urls = (broker.getUrl() != null) ? broker.getUrl() : List.of();
		boolean defaultUrl = urls.isEmpty() || urls.stream().map(String::trim).toList().equals(List.of(DEFAULT_BROKER_URL));
		if (properties.getEmbeddedBroker().isEnabled() && !defaultUrl) {
			errors.rejectValue("embedded-broker.enabled", "conflict", "kosmos.mqtt.embedded-broker.enabled is true, "
					+ "but kosmos.mqtt.broker.url is set to " + urls + ", which the embedded broker would replace; "
					+ "remove kosmos.mqtt.broker.url, or set kosmos.mqtt.embedded-broker.enabled=false");
		}

		String bundle = broker.getSsl().getBundle();
		boolean anyTlsUrl = urls.stream().anyMatch((url) -> url.trim().startsWith("ssl://") || url.trim().startsWith("wss://"));
		if (bundle != null && !bundle.isBlank() && !anyTlsUrl) {
			errors.rejectValue("broker.ssl.bundle", "conflict", "kosmos.mqtt.broker.ssl.bundle is '" + bundle
					+ "', but no kosmos.mqtt.broker.url uses ssl:// or wss:// (" + urls
					+ "); change the broker URL to ssl://host:8883, or remove the bundle");
		}

		int concurrency = properties.getExecutor().getConcurrency();
		boolean acknowledgedPublishes = properties.determineResultQos() > 0 || properties.getStatus().getQos() > 0;
		if (acknowledgedPublishes && broker.getMaxInflight() >= 1 && concurrency >= 1
				&& broker.getMaxInflight() <= concurrency) {
			errors.rejectValue("broker.max-inflight", "conflict", "kosmos.mqtt.broker.max-inflight (" + broker.getMaxInflight()
					+ ") must be greater than kosmos.mqtt.executor.concurrency (" + concurrency
					+ "), because every analysis may publish its result at the same time and a status message may follow; "
					+ "raise max-inflight to at least " + (concurrency + 1) + " or lower the concurrency");
		}
	}

	private static void checkExtraRequestTopics(Errors errors, KosmosMqttProperties properties) {
		List<String> extraTopics = properties.getTopics().getExtraRequestTopics();
		if (extraTopics == null) {
			return;
		}
		Set<String> seen = new HashSet<>();
		String triggerTopic = triggerTopic(properties);
		for (String topic : extraTopics) {
			String problem = subscribeTopicProblem(topic);
			if (problem != null) {
				errors.rejectValue("topics.extra-request-topics", "invalid",
						"kosmos.mqtt.topics.extra-request-topics entry '" + topic + "' " + problem);
				continue;
			}
			if (!seen.add(topic) || topic.equals(triggerTopic)) {
				errors.rejectValue("topics.extra-request-topics", "duplicate",
						"kosmos.mqtt.topics.extra-request-topics entry '" + topic
								+ "' is subscribed already, as the model's trigger topic or an earlier entry; remove it");
				continue;
			}
			String ownTopic = matchedOwnTopic(properties, topic);
			if (ownTopic != null) {
				errors.rejectValue("topics.extra-request-topics", "conflict",
						"kosmos.mqtt.topics.extra-request-topics entry '" + topic + "' matches the tool's own " + ownTopic
								+ ", so the tool would receive its own messages as triggers; narrow or remove it");
			}
		}
	}

	/**
	 * Returns which of the tool's own publish topics a subscription filter matches, or
	 * {@code null}. Result topics are matched as the pattern with {@code +} in place of
	 * the contract.
	 */
	private static String matchedOwnTopic(KosmosMqttProperties properties, String filter) {
		KosmosMqttProperties.Topics topics = properties.getTopics();
		if (!isBlank(topics.getResultBase())) {
			String resultPattern = withSlash(topics.getResultBase()) + "+";
			if (Boolean.TRUE.equals(properties.getResult().getTemporary())) {
				resultPattern = resultPattern + "/" + topics.getTemporaryKeyword();
			}
			if (TopicFilters.overlap(filter, resultPattern)) {
				return "result topics '" + resultPattern + "'";
			}
		}
		if (!isBlank(topics.getStatus()) && TopicFilters.overlap(filter, topics.getStatus())) {
			return "status topic '" + topics.getStatus() + "'";
		}
		String deadLetter = properties.determineDeadLetterTopic();
		if (TopicFilters.overlap(filter, deadLetter)) {
			return "dead-letter topic '" + deadLetter + "'";
		}
		return null;
	}

	private static String triggerTopic(KosmosMqttProperties properties) {
		String base = properties.getTopics().getTriggerBase();
		return withSlash((base != null) ? base : "") + properties.getModel().getUrl() + "/"
				+ properties.getModel().getTag();
	}

	private static String subscribeTopicProblem(String topic) {
		if (isBlank(topic)) {
			return "is empty; remove it or set it to an MQTT topic filter";
		}
		if (topic.indexOf('\u0000') >= 0) {
			return "contains a NUL character, which MQTT forbids in topics";
		}
		String[] levels = topic.split("/", -1);
		for (int i = 0; i < levels.length; i++) {
			String level = levels[i];
			if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
				return "uses '#' other than as the whole last level; write it as a/b/#";
			}
			if (level.contains("+") && !level.equals("+")) {
				return "uses '+' inside a level; '+' must fill a whole level, as in a/+/c";
			}
		}
		return null;
	}

	/** Checks the group name, which becomes one topic level of {@code $share/<group>/<filter>}. */
	private static void checkSharedSubscriptionGroup(Errors errors, String group) {
		if (group == null) {
			return;
		}
		String property = "shared-subscription.group";
		if (group.isBlank()) {
			errors.rejectValue(property, "required", "kosmos.mqtt." + property + " '" + group
					+ "' is empty; set it to a group name such as 'anomaly-detectors', or remove it to subscribe without sharing");
			return;
		}
		for (char forbidden : new char[] { '/', '+', '#' }) {
			if (group.indexOf(forbidden) >= 0) {
				errors.rejectValue(property, "invalid", "kosmos.mqtt." + property + " '" + group + "' contains '"
						+ forbidden + "', which MQTT forbids in a shared-subscription group name; use letters, digits and '-'");
				return;
			}
		}
	}

	private static void checkTopicLevel(Errors errors, String property, String value) {
		String name = "kosmos.mqtt." + property;
		if (isBlank(value)) {
			errors.rejectValue(property, "required", name + " is missing or empty; set it to one MQTT topic level");
			return;
		}
		for (char wildcard : new char[] { '/', '+', '#' }) {
			if (value.indexOf(wildcard) >= 0) {
				errors.rejectValue(property, "invalid", name + " '" + value + "' contains '" + wildcard
						+ "'; it must be a single MQTT topic level, so replace '/' by '-' and drop '+' and '#'");
				return;
			}
		}
	}

	private static void checkPublishTopic(Errors errors, String property, String value) {
		String name = "kosmos.mqtt." + property;
		if (isBlank(value)) {
			errors.rejectValue(property, "required", name + " is missing or empty; set it to an MQTT topic");
			return;
		}
		if (value.indexOf('+') >= 0 || value.indexOf('#') >= 0) {
			errors.rejectValue(property, "invalid",
					name + " '" + value + "' contains an MQTT wildcard ('+' or '#'); a topic that is published to cannot");
		}
	}

	private static void checkQos(Errors errors, String property, int qos) {
		if (qos < 0 || qos > 2) {
			errors.rejectValue(property, "range", "kosmos.mqtt." + property + " must be 0, 1 or 2, got " + qos);
		}
	}

	private static void checkOptionalQos(Errors errors, String property, Integer qos) {
		if (qos != null) {
			checkQos(errors, property, qos);
		}
	}

	private static void checkUrls(Errors errors, List<String> urls) {
		if (urls == null || urls.isEmpty()) {
			errors.rejectValue("broker.url", "required",
					"kosmos.mqtt.broker.url is empty; set it to the broker, for example tcp://127.0.0.1:1883");
			return;
		}
		for (String url : urls) {
			String problem = urlProblem(url);
			if (problem != null) {
				errors.rejectValue("broker.url", "invalid", "kosmos.mqtt.broker.url '" + url + "' " + problem
						+ "; use tcp://host:port or ssl://host:port");
			}
		}
	}

	private static String urlProblem(String url) {
		try {
			URI uri = new URI(url.trim());
			String scheme = uri.getScheme();
			if (scheme == null || !(scheme.equals("tcp") || scheme.equals("ssl") || scheme.equals("ws")
					|| scheme.equals("wss"))) {
				return "has no supported scheme";
			}
			if (uri.getHost() == null) {
				return "has no host";
			}
			return null;
		}
		catch (URISyntaxException ex) {
			return "is not a valid URI (" + ex.getReason() + ")";
		}
	}

	private static String withSlash(String base) {
		return base.endsWith("/") ? base : base + "/";
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
