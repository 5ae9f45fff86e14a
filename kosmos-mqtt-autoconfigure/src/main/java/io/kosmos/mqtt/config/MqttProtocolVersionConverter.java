package io.kosmos.mqtt.config;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code kosmos.mqtt.broker.protocol-version} from {@code 3.1.1} or {@code 5}.
 * Spring Boot's own enum binding would accept only the constant names, which cannot start
 * with a digit.
 */
final class MqttProtocolVersionConverter implements Converter<String, MqttProtocolVersion> {

	@Override
	public MqttProtocolVersion convert(String source) {
		return MqttProtocolVersion.parse(source);
	}

}
