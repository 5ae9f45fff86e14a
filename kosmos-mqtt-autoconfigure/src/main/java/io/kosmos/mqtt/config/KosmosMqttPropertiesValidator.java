package io.kosmos.mqtt.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.springframework.validation.Errors;

/**
 * Startup checks of {@link KosmosMqttProperties}. Each rejection names the property
 * (relative to {@code kosmos.mqtt}), the value and what to set instead.
 */
final class KosmosMqttPropertiesValidator {

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
		checkUrls(errors, properties.getBroker().getUrl());
		checkPublishTopic(errors, "topics.status", properties.getTopics().getStatus());
		checkPublishTopic(errors, "topics.result-base", properties.getTopics().getResultBase());
		checkPublishTopic(errors, "topics.trigger-base", properties.getTopics().getTriggerBase());
		checkTopicLevel(errors, "topics.temporary-keyword", properties.getTopics().getTemporaryKeyword());

		if (properties.getExecutor().getConcurrency() < 1) {
			errors.rejectValue("executor.concurrency", "range",
					"kosmos.mqtt.executor.concurrency must be at least 1, got " + properties.getExecutor().getConcurrency());
		}
		if (properties.getExecutor().getQueueCapacity() < 0) {
			errors.rejectValue("executor.queue-capacity", "range", "kosmos.mqtt.executor.queue-capacity must be 0 or more, got "
					+ properties.getExecutor().getQueueCapacity());
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

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
