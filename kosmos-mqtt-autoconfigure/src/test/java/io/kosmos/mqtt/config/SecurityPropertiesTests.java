package io.kosmos.mqtt.config;

import java.util.Map;
import java.util.stream.Stream;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesDescriptor;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.EnvironmentEntryDescriptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup checks of the limit and signing properties, and the broker password's absence
 * from {@code toString} and the configprops and env endpoints.
 */
class SecurityPropertiesTests {

	private final ApplicationContextRunner withHandler = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
				KosmosMqttSigningAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
		.withBean(AnalysisHandler.class, () -> (request) -> AnalysisResult.timeSeries(request.table()))
		// Unreachable on purpose: these tests look at beans and never connect.
		.withPropertyValues("kosmos.mqtt.broker.url=tcp://127.0.0.1:9", "kosmos.mqtt.model.url=wear",
				"kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=wear-tool", "kosmos.mqtt.result.temporary=false");

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSettings")
	void invalidSettingFailsStartup(String setting, String expectedMessage) {
		this.withHandler.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining(expectedMessage);
		});
	}

	static Stream<Arguments> invalidSettings() {
		return Stream.of(
				Arguments.of("kosmos.mqtt.limits.max-nesting-depth=0",
						"kosmos.mqtt.limits.max-nesting-depth must be at least 1, got 0"),
				Arguments.of("kosmos.mqtt.limits.max-number-length=-5",
						"kosmos.mqtt.limits.max-number-length must be at least 1, got -5"),
				Arguments.of("kosmos.mqtt.limits.max-string-length=0",
						"kosmos.mqtt.limits.max-string-length must be at least 1, got 0"),
				Arguments.of("kosmos.mqtt.limits.max-columns=0", "kosmos.mqtt.limits.max-columns must be at least 1, got 0"),
				Arguments.of("kosmos.mqtt.limits.max-rows=0", "kosmos.mqtt.limits.max-rows must be at least 1, got 0"),
				Arguments.of("kosmos.mqtt.signing.verification=required",
						"kosmos.mqtt.signing.verification is 'required', but kosmos.mqtt.signing.trust-bundle is missing"));
	}

	@Test
	void limitDefaultsBound() {
		this.withHandler.run((context) -> {
			KosmosMqttProperties.Limits limits = context.getBean(KosmosMqttProperties.class).getLimits();
			assertThat(limits.getMaxNestingDepth()).isEqualTo(64);
			assertThat(limits.getMaxNumberLength()).isEqualTo(100);
			assertThat(limits.getMaxStringLength()).isEqualTo(1_000_000);
			assertThat(limits.getMaxColumns()).isEqualTo(1000);
			assertThat(limits.getMaxRows()).isEqualTo(1_000_000);
			KosmosMqttProperties.Signing signing = context.getBean(KosmosMqttProperties.class).getSigning();
			assertThat(signing.getVerification()).hasToString("OFF");
			assertThat(context).doesNotHaveBean(io.kosmos.mqtt.signature.MessageSigner.class);
			assertThat(context).doesNotHaveBean(io.kosmos.mqtt.signature.TriggerSignatureVerifier.class);
		});
	}

	@Test
	void passwordMaskedInToString() {
		this.withHandler.withPropertyValues("kosmos.mqtt.broker.username=tool", "kosmos.mqtt.broker.password=s3cret")
			.run((context) -> {
				KosmosMqttProperties properties = context.getBean(KosmosMqttProperties.class);
				assertThat(properties.getBroker()).hasToString(
						"Broker{url=[tcp://127.0.0.1:9], clientId=null, username=tool, password=******}");
			});
	}

	@ParameterizedTest(name = "show-values={0}")
	@ValueSource(strings = { "never", "when-authorized", "always" })
	void passwordHiddenInConfigprops(String showValues) {
		this.withHandler
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class,
					KosmosMqttSanitizingAutoConfiguration.class))
			.withPropertyValues("kosmos.mqtt.broker.password=s3cret",
					"management.endpoints.web.exposure.include=configprops",
					"management.endpoint.configprops.show-values=" + showValues)
			.run((context) -> {
				ConfigurationPropertiesDescriptor report = context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationProperties();
				Map<String, Object> properties = report.getContexts()
					.values()
					.iterator()
					.next()
					.getBeans()
					.get("kosmos.mqtt-io.kosmos.mqtt.config.KosmosMqttProperties")
					.getProperties();
				assertThat(properties.get("broker")).asString().doesNotContain("s3cret").contains("password=******");
			});
	}

	@Test
	void passwordHiddenInEnv() {
		this.withHandler
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					EnvironmentEndpointAutoConfiguration.class, KosmosMqttSanitizingAutoConfiguration.class))
			.withPropertyValues("kosmos.mqtt.broker.password=s3cret",
					"spring.ssl.bundle.jks.broker.keystore.password=storepass",
					"management.endpoints.web.exposure.include=env", "management.endpoint.env.show-values=always")
			.run((context) -> {
				EnvironmentEntryDescriptor password = context.getBean(EnvironmentEndpoint.class)
					.environmentEntry("kosmos.mqtt.broker.password");
				EnvironmentEntryDescriptor storePassword = context.getBean(EnvironmentEndpoint.class)
					.environmentEntry("spring.ssl.bundle.jks.broker.keystore.password");
				assertThat(password.getProperty().getValue()).isEqualTo("******");
				assertThat(storePassword.getProperty().getValue()).isEqualTo("******");
			});
	}

}
