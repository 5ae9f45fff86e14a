package io.kosmos.mqtt.config;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.status.StatusPublisher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.inbound.MqttPahoMessageDrivenChannelAdapter;

import static org.assertj.core.api.Assertions.assertThat;

class KosmosMqttAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
				EmbeddedBrokerAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
		// Unreachable on purpose: these tests look at beans and never connect.
		.withPropertyValues("kosmos.mqtt.broker.url=tcp://127.0.0.1:9", "spring.main.lazy-initialization=false");

	private final ApplicationContextRunner withHandler = this.contextRunner.withUserConfiguration(HandlerConfig.class);

	private final String[] validModel = { "kosmos.mqtt.model.url=wear", "kosmos.mqtt.model.tag=v1",
			"kosmos.mqtt.model.from=wear-tool", "kosmos.mqtt.result.temporary=false" };

	@Test
	void noHandlerMeansNoTool() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TriggerReader.class);
			assertThat(context).doesNotHaveBean(Mqttv3ClientManager.class);
		});
	}

	@Test
	void handlerWithModelCreatesTool() {
		this.withHandler.withPropertyValues(this.validModel).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Mqttv3ClientManager.class);
			assertThat(context).hasSingleBean(MqttPahoMessageDrivenChannelAdapter.class);
			assertThat(context).hasSingleBean(TriggerDispatcher.class);
			assertThat(context).hasSingleBean(StatusPublisher.class);
			assertThat(context.getBean(KosmosTopics.class).triggerTopic()).isEqualTo("kosmos/analytics/wear/v1");
			assertThat(context.getBean(KosmosTopics.class).resultTopic("c1")).isEqualTo("kosmos/analyses/c1");
		});
	}

	@Test
	void defaultsBound() {
		this.withHandler.withPropertyValues(this.validModel).run((context) -> {
			KosmosMqttProperties properties = context.getBean(KosmosMqttProperties.class);
			assertThat(properties.getQos()).isEqualTo(2);
			assertThat(properties.getBroker().isCleanSession()).isFalse();
			assertThat(properties.getTopics().getStatus()).isEqualTo("kosmos/status");
			assertThat(properties.determineClientId()).isEqualTo("kosmos-wear-tool-wear-v1");
		});
	}

	@Test
	void temporaryResultsGoToTemporaryTopic() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.result.temporary=true")
			.run((context) -> assertThat(context.getBean(KosmosTopics.class).resultTopic("c1"))
				.isEqualTo("kosmos/analyses/c1/temporary"));
	}

	@Test
	void missingModelUrlFailsStartup() {
		this.withHandler
			.withPropertyValues("kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=wear-tool",
					"kosmos.mqtt.result.temporary=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("kosmos.mqtt.model.url is missing or empty");
			});
	}

	@Test
	void missingTemporaryFailsStartup() {
		this.withHandler
			.withPropertyValues("kosmos.mqtt.model.url=wear", "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.model.from=wear-tool")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("kosmos.mqtt.result.temporary is missing"));
	}

	@Test
	void missingFromFailsStartup() {
		this.withHandler
			.withPropertyValues("kosmos.mqtt.model.url=wear", "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.result.temporary=false")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("kosmos.mqtt.model.from is missing"));
	}

	@Test
	void modelTagWithSlashFailsStartup() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.model.tag=v1/beta")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("kosmos.mqtt.model.tag 'v1/beta' contains '/'"));
	}

	@Test
	void qosOutOfRangeFailsStartup() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.qos=3")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("kosmos.mqtt.qos must be 0, 1 or 2, got 3"));
	}

	@Test
	void userTopicsBeanWins() {
		this.withHandler.withPropertyValues(this.validModel)
			.withBean("customTopics", KosmosTopics.class, () -> new KosmosTopics(customTopicsProperties()))
			.run((context) -> {
				assertThat(context).hasSingleBean(KosmosTopics.class);
				assertThat(context.getBean(KosmosTopics.class).triggerTopic()).isEqualTo("kosmos/analytics/other/v9");
			});
	}

	@Test
	void userConnectionDetailsWin() {
		this.withHandler.withPropertyValues(this.validModel)
			.withBean(MqttConnectionDetails.class, () -> () -> java.util.List.of("tcp://127.0.0.1:7"))
			.run((context) -> assertThat(context.getBean(Mqttv3ClientManager.class).getUrl())
				.isEqualTo("tcp://127.0.0.1:7"));
	}

	private static KosmosMqttProperties customTopicsProperties() {
		KosmosMqttProperties properties = new KosmosMqttProperties();
		properties.getModel().setUrl("other");
		properties.getModel().setTag("v9");
		properties.getResult().setTemporary(false);
		return properties;
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfig {

		@Bean
		AnalysisHandler handler() {
			return (request) -> AnalysisResult.timeSeries(request.table());
		}

	}

}
