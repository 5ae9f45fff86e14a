package io.kosmos.mqtt.config;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnMqttProtocolVersion}.
 */
class OnMqttProtocolVersionCondition extends SpringBootCondition {

	static final String PROPERTY = "kosmos.mqtt.broker.protocol-version";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnMqttProtocolVersion.class.getName());
		MqttProtocolVersion required = (MqttProtocolVersion) attributes.get("value");
		MqttProtocolVersion configured = configuredVersion(context.getEnvironment().getProperty(PROPERTY));
		if (configured == required) {
			return ConditionOutcome.match(PROPERTY + " selects MQTT " + required);
		}
		return ConditionOutcome.noMatch(PROPERTY + " selects MQTT " + configured + ", not " + required);
	}

	private static MqttProtocolVersion configuredVersion(String value) {
		if (value == null || value.isBlank()) {
			return MqttProtocolVersion.V3_1_1;
		}
		try {
			return MqttProtocolVersion.parse(value);
		}
		catch (IllegalArgumentException ex) {
			return MqttProtocolVersion.V3_1_1;
		}
	}

}
