package io.kosmos.mqtt.runtime;

import java.util.ArrayList;
import java.util.List;

import io.kosmos.mqtt.config.KosmosMqttProperties;

/**
 * The topics of one tool, built from {@code kosmos.mqtt.topics.*} and the model.
 */
public class KosmosTopics {

	private final String triggerTopic;

	private final String resultBase;

	private final String resultSuffix;

	private final String statusTopic;

	private final List<String> requestTopics;

	private final String deadLetterTopic;

	private final String sharedSubscriptionGroup;

	/**
	 * Builds the topics from validated properties.
	 * @param properties the tool's properties
	 */
	public KosmosTopics(KosmosMqttProperties properties) {
		this(properties, properties.getModel().getUrl(), properties.getModel().getTag(),
				properties.getResult().getTemporary(), properties.getTopics().getExtraRequestTopics(),
				properties.determineDeadLetterTopic());
	}

	/**
	 * Builds the topics of one of several analysis handlers: its own model and result
	 * setting, and the tool-wide bases, status topic and shared-subscription group.
	 * @param properties the tool's validated properties
	 * @param modelUrl the handler's model url
	 * @param modelTag the handler's model tag
	 * @param temporary whether the handler's results go to the temporary topic
	 * @param extraRequestTopics further filters to subscribe to, or {@code null}
	 * @param deadLetterTopic the handler's dead-letter topic
	 */
	public KosmosTopics(KosmosMqttProperties properties, String modelUrl, String modelTag, Boolean temporary,
			List<String> extraRequestTopics, String deadLetterTopic) {
		KosmosMqttProperties.Topics topics = properties.getTopics();
		this.triggerTopic = withSlash(topics.getTriggerBase()) + modelUrl + "/" + modelTag;
		this.resultBase = withSlash(topics.getResultBase());
		this.resultSuffix = Boolean.TRUE.equals(temporary) ? "/" + topics.getTemporaryKeyword() : "";
		this.statusTopic = topics.getStatus();
		List<String> requestTopics = new ArrayList<>();
		requestTopics.add(this.triggerTopic);
		if (extraRequestTopics != null) {
			requestTopics.addAll(extraRequestTopics);
		}
		this.requestTopics = List.copyOf(requestTopics);
		this.deadLetterTopic = deadLetterTopic;
		this.sharedSubscriptionGroup = properties.getSharedSubscription().getGroup();
	}

	/**
	 * Returns the topic the tool subscribes to for triggers.
	 * @return for example {@code kosmos/analytics/sample/v1}
	 */
	public String triggerTopic() {
		return this.triggerTopic;
	}

	/**
	 * Returns every topic filter the tool subscribes to for triggers: the trigger topic
	 * first, then {@code kosmos.mqtt.topics.extra-request-topics}.
	 * @return at least the trigger topic
	 */
	public List<String> requestTopics() {
		return this.requestTopics;
	}

	/**
	 * Returns the filters the tool subscribes with: the request topics, each as
	 * {@code $share/<group>/<filter>} when {@code kosmos.mqtt.shared-subscription.group} is
	 * set. The broker delivers messages with their real topic, which matches a request
	 * topic, not these filters.
	 * @return one filter per request topic, in the same order
	 */
	public List<String> subscriptionFilters() {
		if (this.sharedSubscriptionGroup == null) {
			return this.requestTopics;
		}
		String prefix = "$share/" + this.sharedSubscriptionGroup + "/";
		return this.requestTopics.stream().map((filter) -> prefix + filter).toList();
	}

	/**
	 * Returns whether the subscriptions are shared with other members of a group.
	 * @return {@code true} when {@code kosmos.mqtt.shared-subscription.group} is set
	 */
	public boolean isShared() {
		return this.sharedSubscriptionGroup != null;
	}

	/**
	 * Returns the topic of triggers that could not be processed.
	 * @return for example {@code kosmos/dead-letter/sample/v1}
	 */
	public String deadLetterTopic() {
		return this.deadLetterTopic;
	}

	/**
	 * Returns the topic a contract's result is published to.
	 * @param contract a contract id already checked to be one topic level
	 * @return for example {@code kosmos/analyses/abc} or {@code kosmos/analyses/abc/temporary}
	 */
	public String resultTopic(String contract) {
		return this.resultBase + contract + this.resultSuffix;
	}

	/**
	 * Returns the topic of status messages.
	 * @return for example {@code kosmos/status}
	 */
	public String statusTopic() {
		return this.statusTopic;
	}

	private static String withSlash(String base) {
		return base.endsWith("/") ? base : base + "/";
	}

}
