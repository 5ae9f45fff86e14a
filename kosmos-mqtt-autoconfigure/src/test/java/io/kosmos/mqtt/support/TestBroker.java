package io.kosmos.mqtt.support;

import io.kosmos.mqtt.broker.EmbeddedMqttBroker;

/**
 * The broker of this module's broker-facing tests: one embedded broker per test JVM, or
 * the external broker named by the system property {@code kosmos.test.broker}.
 */
public final class TestBroker {

	/** System property selecting the broker: {@code embedded} (default) or an MQTT URL. */
	public static final String PROPERTY = "kosmos.test.broker";

	private static EmbeddedMqttBroker embedded;

	private TestBroker() {
	}

	/**
	 * Returns the URL of the test broker, starting the embedded one on first use.
	 * @return for example {@code tcp://127.0.0.1:1883}
	 */
	public static synchronized String url() {
		String selected = System.getProperty(PROPERTY, "embedded").trim();
		if (!selected.isEmpty() && !selected.equals("embedded")) {
			return selected;
		}
		if (embedded == null) {
			embedded = new EmbeddedMqttBroker(0);
			embedded.start();
			// HiveMQ takes about 4 s to stop, so the broker lives as long as the test JVM.
			Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop, "embedded-broker-stop"));
		}
		return embedded.url();
	}

}
