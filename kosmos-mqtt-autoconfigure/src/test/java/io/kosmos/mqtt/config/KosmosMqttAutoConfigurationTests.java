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

	@Test
	void filterBoundAndCustomizersAppliedInOrder() {
		java.util.List<byte[]> published = new java.util.ArrayList<>();
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.filter.trigger-types=sensor_update",
					"kosmos.mqtt.filter.result-types=time_series,multiple-time-series")
			.withUserConfiguration(CustomizerConfig.class)
			.withBean(io.kosmos.mqtt.runtime.MqttPublisher.class, () -> new io.kosmos.mqtt.runtime.MqttPublisher(null) {
				@Override
				public void publish(String topic, byte[] payload, int qos, boolean retained) {
					if (topic.startsWith("kosmos/analyses/")) {
						published.add(payload);
					}
				}
			})
			.run((context) -> {
				KosmosMqttProperties.Filter filter = context.getBean(KosmosMqttProperties.class).getFilter();
				assertThat(filter.getTriggerTypes()).containsExactly(io.kosmos.mqtt.message.TriggerType.SENSOR_UPDATE);
				assertThat(filter.getResultTypes()).containsExactly(io.kosmos.mqtt.message.ResultType.TIME_SERIES,
						io.kosmos.mqtt.message.ResultType.MULTIPLE_TIME_SERIES);
				String trigger = """
						{"body": {"contract": "c1", "machine": "m", "sensor": "s", "type": "sensor_update",
						  "payload": {"body": {"timestamp": "2024-01-01T00:00:00Z",
						    "columns": [{"name": "v", "type": "number", "meta": {"unit": ""}}], "data": [["1"]]}}}}""";
				context.getBean(io.kosmos.mqtt.runtime.TriggerProcessor.class)
					.process(new io.kosmos.mqtt.runtime.ReceivedTrigger(1, "kosmos/analytics/wear/v1",
							trigger.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Instant.now(), () -> {
							}));
				assertThat(published).hasSize(1);
				String body = new String(published.get(0), java.nio.charset.StandardCharsets.UTF_8);
				assertThat(body).contains("\"from\":\"wear-tool first second\"");
				assertThat(body).contains("\"name\":\"v-first-second\"");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfig {

		@Bean
		@org.springframework.core.annotation.Order(2)
		io.kosmos.mqtt.handler.ResultMessageCustomizer second() {
			return (body, request, result) -> body.put("from", body.get("from").stringValue() + " second");
		}

		@Bean
		@org.springframework.core.annotation.Order(1)
		io.kosmos.mqtt.handler.ResultMessageCustomizer first() {
			return (body, request, result) -> body.put("from", body.get("from").stringValue() + " first");
		}

		@Bean
		@org.springframework.core.annotation.Order(2)
		io.kosmos.mqtt.handler.AnalysisRequestCustomizer secondRequest() {
			return (request) -> rename(request, "-second");
		}

		@Bean
		@org.springframework.core.annotation.Order(1)
		io.kosmos.mqtt.handler.AnalysisRequestCustomizer firstRequest() {
			return (request) -> rename(request, "-first");
		}

		private static io.kosmos.mqtt.handler.AnalysisRequest rename(io.kosmos.mqtt.handler.AnalysisRequest request,
				String suffix) {
			tech.tablesaw.api.Table table = request.table().copy();
			table.column(0).setName(table.column(0).name() + suffix);
			return request.withTable(table, request.columns());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfig {

		@Bean
		AnalysisHandler handler() {
			return (request) -> AnalysisResult.timeSeries(request.table());
		}

	}

}
