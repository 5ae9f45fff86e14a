package io.kosmos.mqtt.config.ini;

import java.util.Collections;
import java.util.Map;

import org.springframework.boot.env.PropertySourceInfo;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.MapPropertySource;

/**
 * The properties of one imported INI file, each value an {@link OriginTrackedValue} that
 * names the file and line or the {@code CONFIG_*} variable. It is a type of its own so
 * that {@link IniPropertySourceEnvironmentPostProcessor} can find it among the config
 * data; Spring Boot's {@code OriginTrackedMapPropertySource} is final.
 */
class IniPropertySource extends MapPropertySource implements OriginLookup<String>, PropertySourceInfo {

	IniPropertySource(String name, Map<String, Object> source) {
		super(name, Collections.unmodifiableMap(source));
	}

	@Override
	public Object getProperty(String name) {
		Object value = super.getProperty(name);
		return (value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value;
	}

	@Override
	public Origin getOrigin(String name) {
		Object value = super.getProperty(name);
		return (value instanceof OriginTrackedValue tracked) ? tracked.getOrigin() : null;
	}

	@Override
	public boolean isImmutable() {
		return true;
	}

}
