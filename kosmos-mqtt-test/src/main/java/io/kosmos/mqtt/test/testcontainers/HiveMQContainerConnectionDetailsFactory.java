package io.kosmos.mqtt.test.testcontainers;

import java.util.List;

import io.kosmos.mqtt.config.MqttConnectionDetails;
import org.testcontainers.hivemq.HiveMQContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link MqttConnectionDetails} for a {@link HiveMQContainer} field annotated with
 * {@code @ServiceConnection}, so that the tool connects to the container's broker:
 *
 * <pre class="code">
 * &#64;Container
 * &#64;ServiceConnection
 * static HiveMQContainer broker = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));
 * </pre>
 *
 * <p>Registered in {@code META-INF/spring.factories}. It needs
 * {@code org.springframework.boot:spring-boot-testcontainers} and
 * {@code org.testcontainers:testcontainers-hivemq} on the test class path, which
 * {@code kosmos-mqtt-test} declares as optional dependencies.
 */
class HiveMQContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<HiveMQContainer, MqttConnectionDetails> {

	HiveMQContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "org.testcontainers.hivemq.HiveMQContainer");
	}

	@Override
	protected MqttConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<HiveMQContainer> source) {
		return new HiveMQContainerConnectionDetails(source);
	}

	/**
	 * The URL of the container's MQTT listener, read once the container has started.
	 */
	static final class HiveMQContainerConnectionDetails extends ContainerConnectionDetails<HiveMQContainer>
			implements MqttConnectionDetails {

		HiveMQContainerConnectionDetails(ContainerConnectionSource<HiveMQContainer> source) {
			super(source);
		}

		@Override
		public List<String> getUrls() {
			HiveMQContainer container = getContainer();
			return List.of("tcp://" + container.getHost() + ":" + container.getMqttPort());
		}

	}

}
