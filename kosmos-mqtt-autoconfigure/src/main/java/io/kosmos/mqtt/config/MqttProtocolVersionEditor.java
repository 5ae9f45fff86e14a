package io.kosmos.mqtt.config;

import java.beans.PropertyEditorSupport;

/**
 * Binds {@code kosmos.mqtt.broker.protocol-version} from {@code 3.1.1} or {@code 5}.
 * Spring Boot's own enum binding accepts only the constant names, which cannot start
 * with a digit. Spring finds this editor by its name, next to {@link MqttProtocolVersion},
 * so every binder of the properties uses it without registering a converter.
 */
public class MqttProtocolVersionEditor extends PropertyEditorSupport {

	@Override
	public void setAsText(String text) {
		setValue(MqttProtocolVersion.parse(text));
	}

	@Override
	public String getAsText() {
		Object value = getValue();
		return (value != null) ? value.toString() : "";
	}

}
