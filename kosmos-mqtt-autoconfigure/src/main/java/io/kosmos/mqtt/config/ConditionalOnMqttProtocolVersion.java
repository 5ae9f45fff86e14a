package io.kosmos.mqtt.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code kosmos.mqtt.broker.protocol-version} selects the given version. A
 * missing or invalid value counts as 3.1.1, so that the property binding, not a missing
 * bean, reports an invalid value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnMqttProtocolVersionCondition.class)
@interface ConditionalOnMqttProtocolVersion {

	/**
	 * The version that must be configured.
	 * @return the version
	 */
	MqttProtocolVersion value();

}
