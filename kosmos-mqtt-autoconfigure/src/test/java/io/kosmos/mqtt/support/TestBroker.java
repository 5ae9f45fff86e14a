package io.kosmos.mqtt.support;

import io.kosmos.mqtt.broker.EmbeddedMqttBroker;

/**
 * The broker of this module's broker-facing tests: one embedded broker per test JVM, or
 * the external broker named by the system property {@code kosmos.test.broker}.
 *
 * <p>The MQTT protocol version of the tools under test comes from the system property
 * {@code kosmos.test.protocol-version} ({@code 3.1.1} by default, or {@code 5}). The
 * build passes it on as {@code kosmos.mqtt.broker.protocol-version}, which every Spring
 * context of the test JVM binds; tools in child JVMs get it through
 * {@link #protocolVersionArgument()}.
 */
public final class TestBroker {

	/** System property selecting the broker: {@code embedded} (default) or an MQTT URL. */
	public static final String PROPERTY = "kosmos.test.broker";

	/** System property selecting the protocol version of the tools: {@code 3.1.1} (default) or {@code 5}. */
	public static final String PROTOCOL_VERSION_PROPERTY = "kosmos.test.protocol-version";

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

	/**
	 * Returns the protocol version the tools under test use.
	 * @return {@code 3.1.1} or {@code 5}
	 */
	public static String protocolVersion() {
		String selected = System.getProperty(PROTOCOL_VERSION_PROPERTY, "3.1.1").trim();
		return selected.isEmpty() ? "3.1.1" : selected;
	}

	/**
	 * Returns whether the tools under test use MQTT 5.
	 * @return {@code true} with {@code -Dkosmos.test.protocol-version=5}
	 */
	public static boolean isMqtt5() {
		return protocolVersion().equals("5");
	}

	/**
	 * Returns the command-line property that gives a tool in a child JVM the protocol version.
	 * @return for example {@code --kosmos.mqtt.broker.protocol-version=5}
	 */
	public static String protocolVersionArgument() {
		return "--kosmos.mqtt.broker.protocol-version=" + protocolVersion();
	}

}
