package io.kosmos.mqtt.config;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.kosmos.mqtt.broker.EmbeddedMqttBroker;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.runtime.CompositeTriggerListener;
import io.kosmos.mqtt.runtime.KosmosTopics;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.MqttResultConnection;
import io.kosmos.mqtt.runtime.Mqttv3Publisher;
import io.kosmos.mqtt.runtime.TriggerDispatcher;
import io.kosmos.mqtt.runtime.TriggerProcessor;
import io.kosmos.mqtt.runtime.TriggerStatistics;
import io.kosmos.mqtt.status.StatusPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.channel.NullChannel;
import org.springframework.integration.mqtt.inbound.MqttPahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.MqttPahoMessageHandler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class KosmosMqttAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
				EmbeddedBrokerAutoConfiguration.class, KosmosMqttAutoConfiguration.class))
		// Unreachable on purpose: these tests look at beans and never connect. The MQTT
		// 3.1.1 beans are checked here, whatever version the test run selects, and the
		// MQTT 5 ones in Mqttv5AutoConfigurationTests.
		.withPropertyValues("kosmos.mqtt.broker.url=tcp://127.0.0.1:9", "spring.main.lazy-initialization=false",
				"kosmos.mqtt.broker.protocol-version=3.1.1");

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
	void resultsGoOverASecondClientByDefault() {
		this.withHandler.withPropertyValues(this.validModel).run((context) -> {
			MqttResultConnection results = context.getBean(MqttResultConnection.class);
			assertThat(results.isSeparate()).isTrue();
			assertThat(results.clientId()).isEqualTo("kosmos-wear-tool-wear-v1-results");
			assertThat(results.publisher()).isInstanceOf(Mqttv3Publisher.class)
				.isNotSameAs(context.getBean(MqttPublisher.class));
		});
	}

	@Test
	void resultConnectionTurnedOff() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.broker.result-connection=false")
			.run((context) -> {
				MqttResultConnection results = context.getBean(MqttResultConnection.class);
				assertThat(results.isSeparate()).isFalse();
				assertThat(results.publisher()).isSameAs(context.getBean(MqttPublisher.class));
			});
	}

	@Test
	void userPublisherCarriesResultsToo() {
		MqttPublisher userPublisher = mock(MqttPublisher.class);
		this.withHandler.withPropertyValues(this.validModel)
			.withBean("kosmosMqttPublisher", MqttPublisher.class, () -> userPublisher)
			.run((context) -> {
				MqttResultConnection results = context.getBean(MqttResultConnection.class);
				assertThat(results.isSeparate()).isFalse();
				assertThat(results.publisher()).isSameAs(userPublisher);
			});
	}

	@Test
	void defaultsBound() {
		this.withHandler.withPropertyValues(this.validModel).run((context) -> {
			KosmosMqttProperties properties = context.getBean(KosmosMqttProperties.class);
			assertThat(properties.getQos()).isEqualTo(2);
			assertThat(properties.getBroker().isCleanSession()).isFalse();
			assertThat(new KosmosMqttProperties().getBroker().getProtocolVersion()).isEqualTo(MqttProtocolVersion.V3_1_1);
			assertThat(properties.getBroker().getSessionExpiry()).isEqualTo(Duration.ofDays(1));
			assertThat(properties.getTopics().getStatus()).isEqualTo("kosmos/status");
			assertThat(properties.determineClientId()).isEqualTo("kosmos-wear-tool-wear-v1");
			// The runner sets an unreachable broker URL, so the default is read from a fresh instance.
			assertThat(new KosmosMqttProperties().getBroker().getUrl()).containsExactly("tcp://127.0.0.1:1883");
			assertThat(properties.getBroker().getKeepAlive()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.getBroker().getConnectionTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getBroker().getCompletionTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getBroker().getDisconnectTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.getBroker().isAutomaticReconnect()).isTrue();
			assertThat(properties.getBroker().getMaxInflight()).isEqualTo(1000);
			assertThat(properties.getBroker().isTcpNoDelay()).isTrue();
			assertThat(context.getBean(Mqttv3ClientManager.class).getConnectionInfo().getSocketFactory())
				.isInstanceOf(TcpNoDelaySocketFactory.class);
			assertThat(properties.getBroker().getSsl().getBundle()).isNull();
			assertThat(properties.getTrigger().getQos()).isNull();
			assertThat(properties.getResult().getQos()).isNull();
			assertThat(properties.determineTriggerQos()).isEqualTo(2);
			assertThat(properties.determineResultQos()).isEqualTo(2);
			assertThat(properties.getStatus().getQos()).isEqualTo(1);
			assertThat(properties.getStatus().isRetained()).isTrue();
			assertThat(properties.getTopics().getTriggerBase()).isEqualTo("kosmos/analytics/");
			assertThat(properties.getTopics().getResultBase()).isEqualTo("kosmos/analyses/");
			assertThat(properties.getTopics().getTemporaryKeyword()).isEqualTo("temporary");
			assertThat(properties.getTopics().getExtraRequestTopics()).isEmpty();
			assertThat(properties.determineDeadLetterTopic()).isEqualTo("kosmos/dead-letter/wear/v1");
			assertThat(properties.getExecutor().getConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(properties.getExecutor().getQueueCapacity()).isEqualTo(100);
			assertThat(properties.getExecutor().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getLimits().getMaxTriggerSize()).isEqualTo(DataSize.ofMegabytes(32));
			assertThat(properties.getValidation().isOutgoing()).isTrue();
			assertThat(properties.getEmbeddedBroker().isEnabled()).isFalse();
			assertThat(properties.getEmbeddedBroker().getPort()).isZero();
			assertThat(context.getBean(MqttPahoMessageDrivenChannelAdapter.class).getTopic())
				.containsExactly("kosmos/analytics/wear/v1");
			assertThat(context.getBean(MqttPahoMessageDrivenChannelAdapter.class).getQos()).containsExactly(2);
		});
	}

	@Test
	void everyPropertyBinds() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.broker.url=ssl://127.0.0.1:8883,tcp://127.0.0.1:9",
					"kosmos.mqtt.broker.client-id=wear-client", "kosmos.mqtt.broker.username=tool",
					"kosmos.mqtt.broker.password=secret", "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.broker.keep-alive=15s", "kosmos.mqtt.broker.connection-timeout=5s",
					"kosmos.mqtt.broker.completion-timeout=7s", "kosmos.mqtt.broker.disconnect-timeout=250ms",
					"kosmos.mqtt.broker.automatic-reconnect=false", "kosmos.mqtt.broker.max-inflight=50",
					"kosmos.mqtt.qos=1", "kosmos.mqtt.trigger.qos=0", "kosmos.mqtt.result.qos=2",
					"kosmos.mqtt.result.temporary=true", "kosmos.mqtt.status.qos=0", "kosmos.mqtt.status.retained=false",
					"kosmos.mqtt.topics.trigger-base=plant/analytics", "kosmos.mqtt.topics.result-base=plant/analyses",
					"kosmos.mqtt.topics.temporary-keyword=scratch", "kosmos.mqtt.topics.status=plant/status",
					"kosmos.mqtt.topics.dead-letter=plant/dead", "kosmos.mqtt.topics.extra-request-topics=plant/a/+,plant/b/#",
					"kosmos.mqtt.executor.concurrency=3", "kosmos.mqtt.executor.queue-capacity=7",
					"kosmos.mqtt.executor.shutdown-timeout=2s", "kosmos.mqtt.limits.max-trigger-size=1MB",
					"kosmos.mqtt.validation.outgoing=false", "kosmos.mqtt.embedded-broker.port=1884")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KosmosMqttProperties properties = context.getBean(KosmosMqttProperties.class);
				KosmosMqttProperties.Broker broker = properties.getBroker();
				assertThat(broker.getUrl()).containsExactly("ssl://127.0.0.1:8883", "tcp://127.0.0.1:9");
				assertThat(broker.getClientId()).isEqualTo("wear-client");
				assertThat(broker.getUsername()).isEqualTo("tool");
				assertThat(broker.getPassword()).isEqualTo("secret");
				assertThat(broker.isCleanSession()).isTrue();
				assertThat(broker.getKeepAlive()).isEqualTo(Duration.ofSeconds(15));
				assertThat(broker.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(broker.getCompletionTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(broker.getDisconnectTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(broker.isAutomaticReconnect()).isFalse();
				assertThat(broker.getMaxInflight()).isEqualTo(50);
				assertThat(properties.getQos()).isEqualTo(1);
				assertThat(properties.determineTriggerQos()).isZero();
				assertThat(properties.determineResultQos()).isEqualTo(2);
				assertThat(properties.getResult().getTemporary()).isTrue();
				assertThat(properties.getStatus().getQos()).isZero();
				assertThat(properties.getStatus().isRetained()).isFalse();
				assertThat(properties.getTopics().getStatus()).isEqualTo("plant/status");
				assertThat(properties.determineDeadLetterTopic()).isEqualTo("plant/dead");
				assertThat(properties.getExecutor().getConcurrency()).isEqualTo(3);
				assertThat(properties.getExecutor().getQueueCapacity()).isEqualTo(7);
				assertThat(properties.getExecutor().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getLimits().getMaxTriggerSize()).isEqualTo(DataSize.ofMegabytes(1));
				assertThat(properties.getValidation().isOutgoing()).isFalse();
				assertThat(properties.getEmbeddedBroker().getPort()).isEqualTo(1884);

				KosmosTopics topics = context.getBean(KosmosTopics.class);
				assertThat(topics.triggerTopic()).isEqualTo("plant/analytics/wear/v1");
				assertThat(topics.resultTopic("c1")).isEqualTo("plant/analyses/c1/scratch");
				assertThat(topics.statusTopic()).isEqualTo("plant/status");
				assertThat(topics.deadLetterTopic()).isEqualTo("plant/dead");
				MqttPahoMessageDrivenChannelAdapter adapter = context.getBean(MqttPahoMessageDrivenChannelAdapter.class);
				assertThat(adapter.getTopic()).containsExactly("plant/analytics/wear/v1", "plant/a/+", "plant/b/#");
				assertThat(adapter.getQos()).containsExactly(0, 0, 0);
				assertThat(context.getBean(Mqttv3ClientManager.class).getConnectionInfo().getKeepAliveInterval())
					.isEqualTo(15);
			});
	}

	@Test
	void tcpNoDelayTurnedOff() {
		this.withHandler.withPropertyValues(this.validModel).withPropertyValues("kosmos.mqtt.broker.tcp-no-delay=false")
			.run((context) -> assertThat(
					context.getBean(Mqttv3ClientManager.class).getConnectionInfo().getSocketFactory())
				.isNull());
	}

	@Test
	void sslBundleMustExist() {
		this.withHandler.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.broker.url=ssl://127.0.0.1:9", "kosmos.mqtt.broker.ssl.bundle=broker")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("kosmos.mqtt.broker.ssl.bundle 'broker' names no SSL bundle"));
	}

	@Test
	void sslBundleNeedsSslBundles() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.broker.url=ssl://127.0.0.1:9", "kosmos.mqtt.broker.ssl.bundle=broker")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("kosmos.mqtt.broker.ssl.bundle is 'broker', but the application has no SslBundles bean"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSettings")
	void invalidSettingFailsStartup(String setting, String expectedMessage) {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues(setting.split(";"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(expectedMessage);
			});
	}

	static Stream<Arguments> invalidSettings() {
		return Stream.of(
				Arguments.of("kosmos.mqtt.model.url=wear+", "kosmos.mqtt.model.url 'wear+' contains '+'"),
				Arguments.of("kosmos.mqtt.model.url=wear#", "kosmos.mqtt.model.url 'wear#' contains '#'"),
				Arguments.of("kosmos.mqtt.model.tag=", "kosmos.mqtt.model.tag is missing or empty"),
				Arguments.of("kosmos.mqtt.model.from= ", "kosmos.mqtt.model.from is missing"),
				Arguments.of("kosmos.mqtt.status.qos=5", "kosmos.mqtt.status.qos must be 0, 1 or 2, got 5"),
				Arguments.of("kosmos.mqtt.trigger.qos=-1", "kosmos.mqtt.trigger.qos must be 0, 1 or 2, got -1"),
				Arguments.of("kosmos.mqtt.result.qos=3", "kosmos.mqtt.result.qos must be 0, 1 or 2, got 3"),
				Arguments.of("kosmos.mqtt.broker.url=", "kosmos.mqtt.broker.url is empty"),
				Arguments.of("kosmos.mqtt.broker.url=http://127.0.0.1:1883",
						"kosmos.mqtt.broker.url 'http://127.0.0.1:1883' has no supported scheme"),
				Arguments.of("kosmos.mqtt.broker.url=tcp:///path", "kosmos.mqtt.broker.url 'tcp:///path' has no host"),
				Arguments.of("kosmos.mqtt.broker.url=tcp://127.0.0.1:1883 x",
						"kosmos.mqtt.broker.url 'tcp://127.0.0.1:1883 x' is not a valid URI"),
				Arguments.of("kosmos.mqtt.topics.status=kosmos/#",
						"kosmos.mqtt.topics.status 'kosmos/#' contains an MQTT wildcard"),
				Arguments.of("kosmos.mqtt.topics.result-base=kosmos/+/",
						"kosmos.mqtt.topics.result-base 'kosmos/+/' contains an MQTT wildcard"),
				Arguments.of("kosmos.mqtt.topics.trigger-base=", "kosmos.mqtt.topics.trigger-base is missing or empty"),
				Arguments.of("kosmos.mqtt.topics.temporary-keyword=tmp/x",
						"kosmos.mqtt.topics.temporary-keyword 'tmp/x' contains '/'"),
				Arguments.of("kosmos.mqtt.topics.dead-letter=dead/+",
						"kosmos.mqtt.topics.dead-letter 'dead/+' contains an MQTT wildcard"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=plant/#/x",
						"kosmos.mqtt.topics.extra-request-topics entry 'plant/#/x' uses '#' other than as the whole last level"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=plant/a+",
						"kosmos.mqtt.topics.extra-request-topics entry 'plant/a+' uses '+' inside a level"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics[0]=",
						"kosmos.mqtt.topics.extra-request-topics entry '' is empty"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=kosmos/analytics/wear/v1",
						"kosmos.mqtt.topics.extra-request-topics entry 'kosmos/analytics/wear/v1' is subscribed already"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=plant/a,plant/a",
						"kosmos.mqtt.topics.extra-request-topics entry 'plant/a' is subscribed already"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=kosmos/analyses/#",
						"entry 'kosmos/analyses/#' matches the tool's own result topics 'kosmos/analyses/+'"),
				Arguments.of("kosmos.mqtt.result.temporary=true;kosmos.mqtt.topics.extra-request-topics=kosmos/+/+/temporary",
						"entry 'kosmos/+/+/temporary' matches the tool's own result topics 'kosmos/analyses/+/temporary'"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=kosmos/+",
						"entry 'kosmos/+' matches the tool's own status topic 'kosmos/status'"),
				Arguments.of("kosmos.mqtt.topics.extra-request-topics=kosmos/dead-letter/#",
						"entry 'kosmos/dead-letter/#' matches the tool's own dead-letter topic 'kosmos/dead-letter/wear/v1'"),
				Arguments.of("kosmos.mqtt.executor.concurrency=0", "kosmos.mqtt.executor.concurrency must be at least 1, got 0"),
				Arguments.of("kosmos.mqtt.executor.queue-capacity=-1",
						"kosmos.mqtt.executor.queue-capacity must be 0 or more, got -1"),
				Arguments.of("kosmos.mqtt.executor.payload-limit=10B",
						"kosmos.mqtt.executor.payload-limit must be at least 1KB, got 10B"),
				Arguments.of("kosmos.mqtt.broker.max-inflight=0", "kosmos.mqtt.broker.max-inflight must be at least 1, got 0"),
				Arguments.of("kosmos.mqtt.broker.protocol-version=4",
						"kosmos.mqtt.broker.protocol-version must be 3.1.1 or 5, got '4'"),
				Arguments.of("kosmos.mqtt.broker.protocol-version=3.1",
						"kosmos.mqtt.broker.protocol-version must be 3.1.1 or 5, got '3.1'"),
				Arguments.of("kosmos.mqtt.broker.session-expiry=-1s",
						"kosmos.mqtt.broker.session-expiry must be between 0s and 4294967295s"),
				Arguments.of("kosmos.mqtt.broker.session-expiry=50000d",
						"kosmos.mqtt.broker.session-expiry must be between 0s and 4294967295s (the MQTT 5 maximum), got PT1200000H"),
				Arguments.of("kosmos.mqtt.embedded-broker.port=70000",
						"kosmos.mqtt.embedded-broker.port must be between 0 and 65535, got 70000"),
				Arguments.of("kosmos.mqtt.broker.keep-alive=-1s", "kosmos.mqtt.broker.keep-alive must be 0 or more, got PT-1S"),
				Arguments.of("kosmos.mqtt.broker.connection-timeout=-1s",
						"kosmos.mqtt.broker.connection-timeout must be 0 or more"),
				Arguments.of("kosmos.mqtt.broker.completion-timeout=-1s",
						"kosmos.mqtt.broker.completion-timeout must be 0 or more"),
				Arguments.of("kosmos.mqtt.broker.disconnect-timeout=-1s",
						"kosmos.mqtt.broker.disconnect-timeout must be 0 or more"),
				Arguments.of("kosmos.mqtt.executor.shutdown-timeout=-1s",
						"kosmos.mqtt.executor.shutdown-timeout must be 0 or more"),
				Arguments.of("kosmos.mqtt.limits.max-trigger-size=0B",
						"kosmos.mqtt.limits.max-trigger-size must be at least 1 byte, got 0B"),
				Arguments.of("kosmos.mqtt.embedded-broker.enabled=true;kosmos.mqtt.broker.url=tcp://127.0.0.1:9",
						"kosmos.mqtt.embedded-broker.enabled is true, but kosmos.mqtt.broker.url is set to [tcp://127.0.0.1:9]"),
				Arguments.of("kosmos.mqtt.broker.ssl.bundle=broker",
						"kosmos.mqtt.broker.ssl.bundle is 'broker', but no kosmos.mqtt.broker.url uses ssl:// or wss://"),
				Arguments.of("kosmos.mqtt.shared-subscription.group=a/b",
						"kosmos.mqtt.shared-subscription.group 'a/b' contains '/'"),
				Arguments.of("kosmos.mqtt.shared-subscription.group=a+",
						"kosmos.mqtt.shared-subscription.group 'a+' contains '+'"),
				Arguments.of("kosmos.mqtt.shared-subscription.group=#",
						"kosmos.mqtt.shared-subscription.group '#' contains '#'"),
				Arguments.of("kosmos.mqtt.shared-subscription.group= ",
						"kosmos.mqtt.shared-subscription.group '' is empty"),
				Arguments.of("kosmos.mqtt.executor.concurrency=8;kosmos.mqtt.broker.max-inflight=8",
						"kosmos.mqtt.broker.max-inflight (8) must be greater than kosmos.mqtt.executor.concurrency (8)"));
	}

	@Test
	void maxInflightMayEqualConcurrencyAtQosZero() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.executor.concurrency=8", "kosmos.mqtt.broker.max-inflight=8",
					"kosmos.mqtt.qos=0", "kosmos.mqtt.status.qos=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void embeddedBrokerWithDefaultUrlIsAccepted() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.broker.url=tcp://127.0.0.1:1883", "kosmos.mqtt.embedded-broker.enabled=true")
			.withBean("kosmosEmbeddedMqttBroker", EmbeddedMqttBroker.class, KosmosMqttAutoConfigurationTests::stoppedBroker)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userBeans")
	void userBeanReplacesAutoConfiguredOne(String beanName, Class<?> type, Supplier<Object> userBean) {
		Object bean = userBean.get();
		this.withHandler.withPropertyValues(this.validModel)
			.withBean(beanName, (Class<Object>) type, () -> bean)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBeans(type).hasSize(1);
				assertThat(context.getBean(type)).isSameAs(bean);
			});
	}

	static Stream<Arguments> userBeans() {
		return Stream.of(userBean("kosmosTopics", KosmosTopics.class, () -> new KosmosTopics(customTopicsProperties())),
				userBean("kosmosMqttClientManager", Mqttv3ClientManager.class,
						() -> new Mqttv3ClientManager("tcp://127.0.0.1:9", "user-client")),
				userBean("kosmosSchemaValidator", SchemaValidator.class, SchemaValidator::new),
				userBean("kosmosTriggerReader", TriggerReader.class,
						() -> new TriggerReader(JsonMapper.builder().build(), new SchemaValidator())),
				userBean("kosmosResultMessageWriter", ResultMessageWriter.class,
						() -> new ResultMessageWriter("user-tool", "user", "v1")),
				userBean("kosmosMqttOutboundHandler", MqttPahoMessageHandler.class,
						() -> new MqttPahoMessageHandler("tcp://127.0.0.1:9", "user-publisher")),
				userBean("kosmosMqttPublisher", MqttPublisher.class, () -> mock(MqttPublisher.class)),
				userBean("kosmosMqttResultConnection", MqttResultConnection.class,
						() -> MqttResultConnection.shared(mock(MqttPublisher.class))),
				userBean("kosmosStatusPublisher", StatusPublisher.class, () -> mock(StatusPublisher.class)),
				userBean("kosmosTriggerStatistics", TriggerStatistics.class, TriggerStatistics::new),
				userBean("kosmosTriggerListener", CompositeTriggerListener.class,
						() -> new CompositeTriggerListener(List.of())),
				userBean("kosmosAnalysisExecutor", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new),
				userBean("kosmosTriggerProcessor", TriggerProcessor.class, () -> mock(TriggerProcessor.class)),
				userBean("kosmosTriggerDispatcher", TriggerDispatcher.class, () -> mock(TriggerDispatcher.class)),
				userBean("kosmosTriggerAdapter", MqttPahoMessageDrivenChannelAdapter.class, () -> {
					MqttPahoMessageDrivenChannelAdapter adapter = new MqttPahoMessageDrivenChannelAdapter(
							"tcp://127.0.0.1:9", "user-subscriber", "user/topic");
					adapter.setOutputChannel(new NullChannel());
					adapter.setAutoStartup(false);
					return adapter;
				}));
	}

	private static Arguments userBean(String name, Class<?> type, Supplier<Object> supplier) {
		return Arguments.of(name, type, supplier);
	}

	@Test
	void userBrokerReplacesEmbeddedOne() {
		EmbeddedMqttBroker broker = stoppedBroker();
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.broker.url=tcp://127.0.0.1:1883", "kosmos.mqtt.embedded-broker.enabled=true")
			.withBean("userBroker", EmbeddedMqttBroker.class, () -> broker)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBeans(EmbeddedMqttBroker.class).hasSize(1);
				assertThat(context.getBean(MqttConnectionDetails.class).getUrls()).containsExactly("tcp://127.0.0.1:7");
			});
	}

	@Test
	void userConnectionDetailsWinOverEmbeddedBroker() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.embedded-broker.enabled=true", "kosmos.mqtt.broker.url=tcp://127.0.0.1:1883")
			.withBean("userBroker", EmbeddedMqttBroker.class, KosmosMqttAutoConfigurationTests::stoppedBroker)
			.withBean(MqttConnectionDetails.class, () -> () -> List.of("tcp://127.0.0.1:6"))
			.run((context) -> {
				assertThat(context).getBeans(MqttConnectionDetails.class).hasSize(1);
				assertThat(context.getBean(Mqttv3ClientManager.class).getUrl()).isEqualTo("tcp://127.0.0.1:6");
			});
	}

	/** A broker bean that is never started, so that the tests need no HiveMQ. */
	private static EmbeddedMqttBroker stoppedBroker() {
		EmbeddedMqttBroker broker = mock(EmbeddedMqttBroker.class);
		given(broker.url()).willReturn("tcp://127.0.0.1:7");
		return broker;
	}

	@Test
	void sharedGroupPrefixesSubscriptionsOnly() {
		this.withHandler.withPropertyValues(this.validModel)
			.withPropertyValues("kosmos.mqtt.shared-subscription.group=wear-tools",
					"kosmos.mqtt.topics.extra-request-topics=plant/a/+")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KosmosTopics topics = context.getBean(KosmosTopics.class);
				assertThat(topics.isShared()).isTrue();
				assertThat(topics.requestTopics()).containsExactly("kosmos/analytics/wear/v1", "plant/a/+");
				assertThat(topics.subscriptionFilters()).containsExactly("$share/wear-tools/kosmos/analytics/wear/v1",
						"$share/wear-tools/plant/a/+");
				MqttPahoMessageDrivenChannelAdapter adapter = context.getBean(MqttPahoMessageDrivenChannelAdapter.class);
				assertThat(adapter.getTopic()).containsExactly("$share/wear-tools/kosmos/analytics/wear/v1",
						"$share/wear-tools/plant/a/+");
			});
	}

	@Test
	void noGroupSubscribesPlainFilters() {
		this.withHandler.withPropertyValues(this.validModel).run((context) -> {
			KosmosTopics topics = context.getBean(KosmosTopics.class);
			assertThat(topics.isShared()).isFalse();
			assertThat(topics.subscriptionFilters()).isEqualTo(topics.requestTopics());
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
			.withBean(io.kosmos.mqtt.runtime.MqttPublisher.class, () -> new io.kosmos.mqtt.runtime.MqttPublisher(Duration.ofSeconds(1)) {
				@Override
				public java.util.concurrent.CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos,
						boolean retained) {
					if (topic.startsWith("kosmos/analyses/")) {
						published.add(payload);
					}
					return java.util.concurrent.CompletableFuture.completedFuture(null);
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
