package io.kosmos.mqtt.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequestCustomizer;
import io.kosmos.mqtt.handler.ResultMessageCustomizer;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.ResultType;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.message.TriggerType;
import io.kosmos.mqtt.runtime.DeadLetterPublisher;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.TriggerFilter;
import io.kosmos.mqtt.runtime.TriggerListener;
import io.kosmos.mqtt.runtime.TriggerProcessor;
import io.kosmos.mqtt.runtime.TriggerRouter;
import io.kosmos.mqtt.signature.MessageSigner;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds one route per {@link AnalysisHandler} bean when an application declares several:
 * each with its own topics, result writer, filter, dead-letter publisher and processor,
 * from {@code kosmos.mqtt.handlers.<bean name>.*} with the tool-wide settings as defaults.
 * The connection, reader, listener, customizers and signer are shared.
 *
 * <p>Startup fails when a handler's model url or tag is not one topic level, when two
 * handlers share a trigger topic, when {@code kosmos.mqtt.handlers} names a bean that is
 * no handler, or when {@code kosmos.mqtt.topics.extra-request-topics} is set.
 */
final class HandlerRoutes {

	private final KosmosMqttProperties properties;

	private final ObjectMapper objectMapper;

	private final TriggerReader triggerReader;

	private final SchemaValidator schemaValidator;

	private final MqttPublisher publisher;

	private final TriggerListener listener;

	private final List<AnalysisRequestCustomizer> requestCustomizers;

	private final List<ResultMessageCustomizer> resultCustomizers;

	private final MessageSigner messageSigner;

	HandlerRoutes(KosmosMqttProperties properties, ObjectMapper objectMapper, TriggerReader triggerReader,
			SchemaValidator schemaValidator, MqttPublisher publisher, TriggerListener listener,
			List<AnalysisRequestCustomizer> requestCustomizers, List<ResultMessageCustomizer> resultCustomizers,
			MessageSigner messageSigner) {
		this.properties = properties;
		this.objectMapper = objectMapper;
		this.triggerReader = triggerReader;
		this.schemaValidator = schemaValidator;
		this.publisher = publisher;
		this.listener = listener;
		this.requestCustomizers = requestCustomizers;
		this.resultCustomizers = resultCustomizers;
		this.messageSigner = messageSigner;
	}

	/**
	 * Builds the routes, sorted by bean name so that the order does not depend on the
	 * order of bean registration.
	 * @param handlers the handler beans by name
	 * @return one route per handler
	 * @throws IllegalStateException when the settings are invalid, naming the property
	 */
	List<TriggerRouter.Route> build(Map<String, AnalysisHandler> handlers) {
		for (String name : this.properties.getHandlers().keySet()) {
			if (!handlers.containsKey(name)) {
				throw new IllegalStateException("kosmos.mqtt.handlers." + name + " configures no AnalysisHandler bean; "
						+ "the handler beans are " + new TreeMap<>(handlers).keySet() + ", so rename or remove it");
			}
		}
		List<String> extraTopics = this.properties.getTopics().getExtraRequestTopics();
		if (extraTopics != null && !extraTopics.isEmpty()) {
			// NOTE: extra request topics cannot be assigned to one of several handlers yet.
			throw new IllegalStateException("kosmos.mqtt.topics.extra-request-topics " + extraTopics
					+ " is not supported with several AnalysisHandler beans; remove it");
		}
		List<TriggerRouter.Route> routes = new ArrayList<>();
		Map<String, String> triggerTopics = new TreeMap<>();
		new TreeMap<>(handlers).forEach((name, handler) -> {
			TriggerRouter.Route route = route(name, handler);
			String other = triggerTopics.put(route.topics().triggerTopic(), name);
			if (other != null) {
				throw new IllegalStateException("AnalysisHandler beans '" + other + "' and '" + name
						+ "' both use trigger topic '" + route.topics().triggerTopic()
						+ "'; give each its own kosmos.mqtt.handlers.<bean name>.model.url or .model.tag");
			}
			routes.add(route);
		});
		return routes;
	}

	private TriggerRouter.Route route(String name, AnalysisHandler handler) {
		KosmosMqttProperties.Handler settings = this.properties.getHandlers()
			.getOrDefault(name, new KosmosMqttProperties.Handler());
		KosmosMqttProperties.Model defaults = this.properties.getModel();
		String prefix = "kosmos.mqtt.handlers." + name + ".";
		String url = topicLevel(prefix + "model.url", orDefault(settings.getModel().getUrl(), defaults.getUrl()));
		String tag = topicLevel(prefix + "model.tag", orDefault(settings.getModel().getTag(), defaults.getTag()));
		String from = orDefault(settings.getModel().getFrom(), defaults.getFrom());
		Boolean temporary = orDefault(settings.getResult().getTemporary(), this.properties.getResult().getTemporary());
		Set<TriggerType> triggerTypes = orDefault(settings.getFilter().getTriggerTypes(),
				this.properties.getFilter().getTriggerTypes());
		Set<ResultType> resultTypes = orDefault(settings.getFilter().getResultTypes(),
				this.properties.getFilter().getResultTypes());

		String configuredDeadLetter = this.properties.getTopics().getDeadLetter();
		String deadLetterTopic = (configuredDeadLetter != null && !configuredDeadLetter.isBlank())
				? configuredDeadLetter : "kosmos/dead-letter/" + url + "/" + tag;
		KosmosTopics topics = new KosmosTopics(this.properties, url, tag, temporary, null, deadLetterTopic);
		DeadLetterPublisher deadLetters = new DeadLetterPublisher(this.publisher, this.objectMapper, deadLetterTopic,
				from);
		KosmosMqttProperties.Retry retry = this.properties.getRetry();
		TriggerProcessor processor = new TriggerProcessor(new TriggerProcessor.Settings(this.triggerReader, handler,
				new ResultMessageWriter(from, url, tag), this.schemaValidator,
				this.properties.getValidation().isOutgoing(), this.objectMapper, this.publisher, topics,
				this.properties.determineResultQos(), this.listener, Clock.systemUTC(),
				new TriggerFilter(triggerTypes, resultTypes), this.requestCustomizers, this.resultCustomizers),
				new TriggerProcessor.RetryPolicy(retry.getMaxAttempts(), retry.getBackoff()), deadLetters);
		if (this.messageSigner != null) {
			processor.setMessageSigner(this.messageSigner);
		}
		return new TriggerRouter.Route(name, topics, processor);
	}

	private static String topicLevel(String property, String value) {
		if (value == null || value.isBlank() || value.indexOf('/') >= 0 || value.indexOf('+') >= 0
				|| value.indexOf('#') >= 0) {
			throw new IllegalStateException(property + " '" + value
					+ "' is invalid; it must be one MQTT topic level without '/', '+' or '#'");
		}
		return value;
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
