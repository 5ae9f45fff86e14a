package io.kosmos.mqtt.test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link KosmosBrokerTest}: adds the test broker's properties ahead of every other
 * property source of the test's application context.
 */
class KosmosBrokerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		if (!TestContextAnnotationUtils.hasAnnotation(testClass, KosmosBrokerTest.class)) {
			return null;
		}
		return new BrokerCustomizer();
	}

	/** Equal to every other instance, so that tests share cached contexts. */
	private static final class BrokerCustomizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = Map.of("kosmos.mqtt.broker.url", KosmosTestBroker.url(),
					"kosmos.mqtt.embedded-broker.enabled", "false", "kosmos.mqtt.broker.client-id",
					"kosmos-test-" + UUID.randomUUID());
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("kosmosTestBroker", properties));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof BrokerCustomizer;
		}

		@Override
		public int hashCode() {
			return BrokerCustomizer.class.hashCode();
		}

	}

}
