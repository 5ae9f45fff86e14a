package io.kosmos.mqtt.test;

import io.kosmos.mqtt.broker.EmbeddedMqttBroker;

/**
 * The MQTT broker of a test JVM.
 *
 * <p>By default it is an embedded HiveMQ broker on 127.0.0.1 and a free port, started on
 * first use and stopped when the JVM exits (it takes about four seconds to stop, so one
 * broker serves every test of the JVM). Set the system property
 * {@value #PROPERTY} (or the environment variable {@code KOSMOS_TEST_BROKER}) to an MQTT
 * URL such as {@code tcp://127.0.0.1:1883} to run the same tests against an external
 * broker.
 */
public final class KosmosTestBroker {

	/** System property selecting the broker: {@code embedded} (default) or an MQTT URL. */
	public static final String PROPERTY = "kosmos.test.broker";

	private static EmbeddedMqttBroker embedded;

	private KosmosTestBroker() {
	}

	/**
	 * Returns the URL of the test broker, starting the embedded one on first use.
	 * @return for example {@code tcp://127.0.0.1:41883}
	 */
	public static synchronized String url() {
		String selected = System.getProperty(PROPERTY);
		if (selected == null) {
			selected = System.getenv("KOSMOS_TEST_BROKER");
		}
		if (selected != null && !selected.isBlank() && !selected.trim().equals("embedded")) {
			return selected.trim();
		}
		if (embedded == null) {
			embedded = new EmbeddedMqttBroker(0);
			embedded.start();
			Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop, "kosmos-test-broker-stop"));
		}
		return embedded.url();
	}

}
