package io.kosmos.mqtt.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.runtime.EventPublishingMqttv5ClientManager;
import io.kosmos.mqtt.runtime.MqttConnectionMonitor;
import io.kosmos.mqtt.runtime.MqttPublisher;
import io.kosmos.mqtt.runtime.MqttResultConnection;
import io.kosmos.mqtt.runtime.Mqttv5Publisher;
import io.kosmos.mqtt.runtime.ReconnectTracker;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.NullChannel;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.inbound.MqttPahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.MqttPahoMessageHandler;
import org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The beans of {@code kosmos.mqtt.broker.protocol-version=5}, checked without a broker.
 */
class Mqttv5AutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, KosmosMqttAutoConfiguration.class,
				KosmosMqttMonitorAutoConfiguration.class))
		.withBean(AnalysisHandler.class, () -> (request) -> AnalysisResult
			.timeSeries(Table.create("t", DoubleColumn.create("v", new double[] { 1 }))))
		// Unreachable on purpose: these tests look at beans and never connect.
		.withPropertyValues("kosmos.mqtt.broker.url=tcp://127.0.0.1:9", "kosmos.mqtt.broker.protocol-version=5",
				"kosmos.mqtt.model.url=wear", "kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=wear-tool",
				"kosmos.mqtt.result.temporary=false");

	@Test
	void mqtt5CreatesOnlyV5ConnectionBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Mqttv5ClientManager.class);
			assertThat(context.getBean("kosmosMqttClientManager")).isInstanceOf(EventPublishingMqttv5ClientManager.class);
			assertThat(context).hasSingleBean(Mqttv5PahoMessageDrivenChannelAdapter.class);
			assertThat(context).hasSingleBean(Mqttv5PahoMessageHandler.class);
			assertThat(context.getBean(MqttPublisher.class)).isInstanceOf(Mqttv5Publisher.class);
			MqttResultConnection results = context.getBean(MqttResultConnection.class);
			assertThat(results.isSeparate()).isTrue();
			assertThat(results.publisher()).isInstanceOf(Mqttv5Publisher.class);
			assertThat(context).hasSingleBean(ReconnectTracker.class);
			assertThat(context).hasSingleBean(MqttConnectionMonitor.class);
			assertThat(context).doesNotHaveBean(Mqttv3ClientManager.class);
			assertThat(context).doesNotHaveBean(MqttPahoMessageDrivenChannelAdapter.class);
			assertThat(context).doesNotHaveBean(MqttPahoMessageHandler.class);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "5, V5", "V5, V5", "v5, V5", "3.1.1, V3_1_1", "V3_1_1, V3_1_1", "v3-1-1, V3_1_1" })
	void protocolVersionBoundFromNumberOrName(String configured, MqttProtocolVersion expected) {
		this.contextRunner.withPropertyValues("kosmos.mqtt.broker.protocol-version=" + configured).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(KosmosMqttProperties.class).getBroker().getProtocolVersion()).isEqualTo(expected);
			Class<?> managerType = (expected == MqttProtocolVersion.V5) ? Mqttv5ClientManager.class
					: Mqttv3ClientManager.class;
			assertThat(context).hasSingleBean(managerType);
		});
	}

	@Test
	void persistentSessionBecomesSessionExpiry() {
		this.contextRunner.withPropertyValues("kosmos.mqtt.broker.username=tool", "kosmos.mqtt.broker.password=secret")
			.run((context) -> {
				MqttConnectionOptions options = context.getBean(Mqttv5ClientManager.class).getConnectionInfo();
				assertThat(options.isCleanStart()).isFalse();
				assertThat(options.getSessionExpiryInterval()).isEqualTo(Duration.ofDays(1).toSeconds());
				assertThat(options.getReceiveMaximum()).isEqualTo(1000);
				assertThat(options.getKeepAliveInterval()).isEqualTo(60);
				assertThat(options.isAutomaticReconnect()).isTrue();
				assertThat(options.getSocketFactory()).isInstanceOf(TcpNoDelaySocketFactory.class);
				assertThat(options.getUserName()).isEqualTo("tool");
				assertThat(new String(options.getPassword(), StandardCharsets.UTF_8)).isEqualTo("secret");
			});
	}

	@Test
	void cleanSessionBecomesCleanStartWithoutExpiry() {
		this.contextRunner
			.withPropertyValues("kosmos.mqtt.broker.clean-session=true", "kosmos.mqtt.broker.session-expiry=2h",
					"kosmos.mqtt.broker.max-inflight=100000", "kosmos.mqtt.broker.tcp-no-delay=false")
			.run((context) -> {
				MqttConnectionOptions options = context.getBean(Mqttv5ClientManager.class).getConnectionInfo();
				assertThat(options.isCleanStart()).isTrue();
				assertThat(options.getSessionExpiryInterval()).isZero();
				assertThat(options.getReceiveMaximum()).isEqualTo(65535);
				assertThat(options.getSocketFactory()).isNull();
			});
	}

	@Test
	void sessionExpiryBoundInWholeSeconds() {
		this.contextRunner.withPropertyValues("kosmos.mqtt.broker.session-expiry=90m").run((context) -> {
			MqttConnectionOptions options = context.getBean(Mqttv5ClientManager.class).getConnectionInfo();
			assertThat(options.getSessionExpiryInterval()).isEqualTo(5400);
		});
	}

	@Test
	void lastWillIsErrorStatus() {
		this.contextRunner.withPropertyValues("kosmos.mqtt.topics.status=plant/status").run((context) -> {
			MqttConnectionOptions options = context.getBean(Mqttv5ClientManager.class).getConnectionInfo();
			assertThat(options.getWillDestination()).isEqualTo("plant/status");
			assertThat(options.getWillMessage().getQos()).isEqualTo(1);
			assertThat(options.getWillMessage().isRetained()).isTrue();
			JsonNode will = JsonMapper.builder().build().readTree(options.getWillMessage().getPayload());
			assertThat(will.get("body").get("from").stringValue()).isEqualTo("wear-tool");
			assertThat(will.get("body").get("status").stringValue()).isEqualTo("error");
		});
	}

	@Test
	void customizersChangeOptionsAfterProperties() {
		this.contextRunner
			.withBean(Mqttv5ConnectionOptionsCustomizer.class,
					() -> (options) -> options.setTopicAliasMaximum(options.getReceiveMaximum() / 10))
			.withBean(MqttConnectOptionsCustomizer.class, () -> (options) -> {
				throw new AssertionError("The MQTT 3.1.1 customizer must not run with MQTT 5");
			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MqttConnectionOptions options = context.getBean(Mqttv5ClientManager.class).getConnectionInfo();
				assertThat(options.getTopicAliasMaximum()).isEqualTo(100);
			});
	}

	@Test
	void sharedGroupPrefixesV5Subscriptions() {
		this.contextRunner.withPropertyValues("kosmos.mqtt.shared-subscription.group=wear-tools").run((context) -> {
			Mqttv5PahoMessageDrivenChannelAdapter adapter = context.getBean(Mqttv5PahoMessageDrivenChannelAdapter.class);
			assertThat(adapter.getTopic()).containsExactly("$share/wear-tools/kosmos/analytics/wear/v1");
		});
	}

	@ParameterizedTest(name = "configured {0}")
	@CsvSource({ "0, 0", "1, 1", "2, 1" })
	void triggerQosCappedAtOne(int configured, int subscribed) {
		this.contextRunner.withPropertyValues("kosmos.mqtt.trigger.qos=" + configured).run((context) -> {
			Mqttv5PahoMessageDrivenChannelAdapter adapter = context.getBean(Mqttv5PahoMessageDrivenChannelAdapter.class);
			assertThat(adapter.getQos()).containsExactly(subscribed);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userBeans")
	void userBeanReplacesMqtt5One(String beanName, Class<?> type, Supplier<Object> userBean) {
		Object bean = userBean.get();
		this.contextRunner.withBean(beanName, (Class<Object>) type, () -> bean).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBeans(type).hasSize(1);
			assertThat(context.getBean(type)).isSameAs(bean);
		});
	}

	static Stream<Arguments> userBeans() {
		return Stream.of(
				Arguments.of("kosmosMqttClientManager", Mqttv5ClientManager.class,
						(Supplier<Object>) () -> new Mqttv5ClientManager("tcp://127.0.0.1:9", "user-client")),
				Arguments.of("kosmosMqttOutboundHandler", Mqttv5PahoMessageHandler.class,
						(Supplier<Object>) () -> new Mqttv5PahoMessageHandler("tcp://127.0.0.1:9", "user-publisher")),
				Arguments.of("kosmosMqttPublisher", MqttPublisher.class,
						(Supplier<Object>) () -> mock(MqttPublisher.class)),
				Arguments.of("kosmosMqttResultConnection", MqttResultConnection.class,
						(Supplier<Object>) () -> MqttResultConnection.shared(mock(MqttPublisher.class))),
				Arguments.of("kosmosTriggerAdapter", Mqttv5PahoMessageDrivenChannelAdapter.class,
						(Supplier<Object>) () -> {
							Mqttv5PahoMessageDrivenChannelAdapter adapter = new Mqttv5PahoMessageDrivenChannelAdapter(
									"tcp://127.0.0.1:9", "user-subscriber", "user/topic");
							adapter.setOutputChannel(new NullChannel());
							adapter.setAutoStartup(false);
							return adapter;
						}));
	}

}
