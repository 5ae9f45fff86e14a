package io.kosmos.mqtt.config.ini;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.Resource;

/**
 * Maps the sections of a predecessor's INI file onto {@code kosmos.mqtt.*} and
 * {@code logging.level.*} properties.
 *
 * <p>Each known key can be overridden by the environment variable
 * {@code CONFIG_<SECTION>_<KEY>} in upper case, such as {@code CONFIG_MQTT_HOST}, even
 * when the file does not contain the key. A blank value, from the file or a variable,
 * counts as not set. Unknown sections and keys are logged as warnings and skipped.
 */
final class IniPropertyMapper {

	private static final List<String> SECTIONS = List.of("mqtt", "messaging", "wrapper", "logging", "model");

	private static final String HOST = "mqtt.host";

	private static final String PORT = "mqtt.port";

	private static final String REQUEST_TOPIC = "messaging.request_topic";

	private static final String LOG_LEVEL = "logging.log_level";

	private static final int DEFAULT_PORT = 1883;

	/**
	 * Keys copied unchanged, by "section.key", to their property. No [wrapper] key has a
	 * counterpart in kosmos.mqtt, so each one is reported as unknown.
	 */
	private static final Map<String, String> DIRECT_PROPERTIES = Map.ofEntries(
			Map.entry("mqtt.client_id", "kosmos.mqtt.broker.client-id"),
			Map.entry("mqtt.username", "kosmos.mqtt.broker.username"),
			Map.entry("mqtt.password", "kosmos.mqtt.broker.password"),
			Map.entry("model.url", "kosmos.mqtt.model.url"), Map.entry("model.tag", "kosmos.mqtt.model.tag"),
			Map.entry("model.from", "kosmos.mqtt.model.from"),
			Map.entry("messaging.analytic_base_url", "kosmos.mqtt.topics.trigger-base"),
			Map.entry("messaging.base_result_topic", "kosmos.mqtt.topics.result-base"),
			Map.entry("messaging.temporary_keyword", "kosmos.mqtt.topics.temporary-keyword"),
			Map.entry("messaging.status_topic", "kosmos.mqtt.topics.status"),
			Map.entry("messaging.qos", "kosmos.mqtt.qos"),
			Map.entry("messaging.temporary", "kosmos.mqtt.result.temporary"));

	private static final Set<String> OTHER_KEYS = Set.of(HOST, PORT, REQUEST_TOPIC, LOG_LEVEL);

	/**
	 * All keys read from the file or the environment, as "section.key", sorted.
	 */
	private static final List<String> KNOWN_KEYS = Stream
		.concat(DIRECT_PROPERTIES.keySet().stream(), OTHER_KEYS.stream())
		.sorted()
		.toList();

	private final String fileName;

	private final Resource resource;

	private final EnvironmentVariables environmentVariables;

	private final Log logger;

	/**
	 * Creates a mapper for one file.
	 * @param fileName the file name used in messages
	 * @param resource the file, recorded as the origin of each property
	 * @param environmentVariables the source of {@code CONFIG_*} overrides
	 * @param logger the logger of warnings about unknown sections and keys
	 */
	IniPropertyMapper(String fileName, Resource resource, EnvironmentVariables environmentVariables, Log logger) {
		this.fileName = fileName;
		this.resource = resource;
		this.environmentVariables = environmentVariables;
		this.logger = logger;
	}

	/**
	 * Maps the sections to properties.
	 * @param sections the parsed file
	 * @return property names and their values, each an {@link OriginTrackedValue}
	 * @throws InvalidIniConfigException if the port is not a port number
	 */
	Map<String, Object> map(List<IniSection> sections) {
		Map<String, IniValue> values = readKnownKeys(sections);
		applyEnvironmentOverrides(values);
		values.values().removeIf((value) -> value.text().isBlank());

		Map<String, Object> properties = new LinkedHashMap<>();
		DIRECT_PROPERTIES.forEach((key, property) -> {
			IniValue value = values.get(key);
			if (value != null) {
				properties.put(property, value.tracked(value.text()));
			}
		});
		mapBrokerUrl(values, properties);
		mapRequestTopics(values.get(REQUEST_TOPIC), properties);
		mapLogLevel(values.get(LOG_LEVEL), properties);
		return properties;
	}

	private Map<String, IniValue> readKnownKeys(List<IniSection> sections) {
		Map<String, IniValue> values = new LinkedHashMap<>();
		for (IniSection section : sections) {
			if (!SECTIONS.contains(section.name())) {
				warnUnknownSection(section);
				continue;
			}
			for (IniSection.Entry entry : section.entries()) {
				String key = section.name() + "." + entry.key();
				if (isKnown(key)) {
					values.put(key, new IniValue(entry.value(), IniParser.location(this.fileName, entry.line()),
							new TextResourceOrigin(this.resource, new TextResourceOrigin.Location(entry.line() - 1, 0))));
				}
				else {
					warnUnknownKey(section, entry);
				}
			}
		}
		return values;
	}

	private void applyEnvironmentOverrides(Map<String, IniValue> values) {
		for (String key : KNOWN_KEYS) {
			String variable = "CONFIG_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
			String text = this.environmentVariables.get(variable);
			if (text != null) {
				values.put(key, new IniValue(text.trim(), "environment variable " + variable,
						new SystemEnvironmentOrigin(variable)));
			}
		}
	}

	private void mapBrokerUrl(Map<String, IniValue> values, Map<String, Object> properties) {
		IniValue host = values.get(HOST);
		IniValue port = values.get(PORT);
		if (host == null) {
			if (port != null) {
				this.logger.warn(port.source() + ": [mqtt] port is ignored because [mqtt] host is not set; "
						+ "set host too, or set kosmos.mqtt.broker.url");
			}
			return;
		}
		int portNumber = (port != null) ? parsePort(port) : DEFAULT_PORT;
		String hostText = host.text();
		if (hostText.indexOf(':') >= 0 && !hostText.startsWith("[")) {
			// An IPv6 address needs brackets inside a URL.
			hostText = "[" + hostText + "]";
		}
		properties.put("kosmos.mqtt.broker.url", host.tracked("tcp://" + hostText + ":" + portNumber));
	}

	private int parsePort(IniValue port) {
		try {
			int number = Integer.parseInt(port.text());
			if (number >= 1 && number <= 65535) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the same message as an out-of-range number.
		}
		throw new InvalidIniConfigException(port.source() + ": [mqtt] port '" + port.text()
				+ "' is not a port number; set it to a number between 1 and 65535");
	}

	private void mapRequestTopics(IniValue requestTopic, Map<String, Object> properties) {
		if (requestTopic == null) {
			return;
		}
		String topics = Arrays.stream(requestTopic.text().split(","))
			.map(String::trim)
			.filter((topic) -> !topic.isEmpty())
			.collect(Collectors.joining(","));
		properties.put("kosmos.mqtt.topics.extra-request-topics", requestTopic.tracked(topics));
	}

	private void mapLogLevel(IniValue logLevel, Map<String, Object> properties) {
		if (logLevel == null) {
			return;
		}
		properties.put("logging.level.io.kosmos.mqtt", logLevel.tracked(toSpringLogLevel(logLevel.text())));
	}

	/**
	 * Translates the names of Python's logging levels that Spring Boot does not know:
	 * WARNING becomes WARN, and CRITICAL becomes ERROR because Logback has no higher
	 * level. Other names pass unchanged, so Spring Boot reports an invalid one.
	 */
	private static String toSpringLogLevel(String level) {
		String upperCase = level.toUpperCase(Locale.ROOT);
		return switch (upperCase) {
			case "WARNING" -> "WARN";
			case "CRITICAL" -> "ERROR";
			default -> upperCase;
		};
	}

	private void warnUnknownSection(IniSection section) {
		String keys = section.entries().stream().map(IniSection.Entry::key).collect(Collectors.joining(", "));
		this.logger.warn(IniParser.location(this.fileName, section.line()) + ": unknown section [" + section.name()
				+ "] is ignored with its keys (" + keys + "); known sections are "
				+ SECTIONS.stream().map((name) -> "[" + name + "]").collect(Collectors.joining(", ")));
	}

	private void warnUnknownKey(IniSection section, IniSection.Entry entry) {
		String knownKeys = knownKeysOf(section.name());
		this.logger.warn(IniParser.location(this.fileName, entry.line()) + ": unknown key '" + entry.key() + "' in ["
				+ section.name() + "] is ignored because it has no kosmos.mqtt counterpart"
				+ (knownKeys.isEmpty() ? "" : "; known keys of [" + section.name() + "] are " + knownKeys));
	}

	private static boolean isKnown(String key) {
		return KNOWN_KEYS.contains(key);
	}

	private static String knownKeysOf(String section) {
		return KNOWN_KEYS.stream()
			.filter((key) -> key.startsWith(section + "."))
			.map((key) -> key.substring(section.length() + 1))
			.collect(Collectors.joining(", "));
	}

	/**
	 * A value with its source and origin.
	 *
	 * @param text the value
	 * @param source the file and line, or the environment variable, for messages
	 * @param origin the origin that Spring Boot shows in binding errors
	 */
	private record IniValue(String text, String source, Origin origin) {

		OriginTrackedValue tracked(String value) {
			return OriginTrackedValue.of(value, this.origin);
		}

	}

}
