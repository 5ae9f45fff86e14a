package io.kosmos.mqtt.test.testcontainers;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory is registered where Spring Boot's service connections look for it; this
 * part needs no Docker.
 */
class HiveMQContainerConnectionDetailsFactoryTests {

	@Test
	void registeredInSpringFactories() {
		assertThat(SpringFactoriesLoader.loadFactories(ConnectionDetailsFactory.class, getClass().getClassLoader()))
			.hasAtLeastOneElementOfType(HiveMQContainerConnectionDetailsFactory.class);
	}

}
