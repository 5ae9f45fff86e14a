package io.kosmos.mqtt.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestCertificates;
import io.kosmos.mqtt.support.TlsMosquittoBroker;
import io.kosmos.mqtt.support.ToolClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Connects the tool over TLS with a client certificate to a Mosquitto it starts itself on
 * 127.0.0.1, with certificates made by openssl. Skipped when mosquitto or openssl is not
 * on the PATH. The system property {@code kosmos.test.broker} does not apply, because the
 * test needs a broker with its own TLS listener.
 */
@Tag("own-broker")
class BrokerTlsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	static Path folder;

	private static TestCertificates certificates;

	private static TlsMosquittoBroker broker;

	/** A broker whose certificate names another host than 127.0.0.1. */
	private static TlsMosquittoBroker otherHostBroker;

	@BeforeAll
	static void startBroker() throws Exception {
		assumeTrue(TlsMosquittoBroker.isInstalled(), "mosquitto is not on the PATH, so the TLS tests are skipped; "
				+ "install it (Debian: apt-get install mosquitto) to run them");
		assumeTrue(TestCertificates.isOpensslInstalled(),
				"openssl is not on the PATH, so the TLS tests cannot make certificates and are skipped");
		certificates = TestCertificates.create(folder);
		broker = TlsMosquittoBroker.withTlsListener(new TlsMosquittoBroker.TlsFiles(certificates.certificate("ca"),
				certificates.certificate("broker"), certificates.privateKey("broker")));
		broker.start();
		otherHostBroker = TlsMosquittoBroker.withTlsListener(new TlsMosquittoBroker.TlsFiles(certificates.certificate("ca"),
				certificates.certificate("other-host"), certificates.privateKey("other-host")));
		otherHostBroker.start();
	}

	@AfterAll
	static void stopBroker() throws InterruptedException {
		if (broker != null) {
			broker.close();
		}
		if (otherHostBroker != null) {
			otherHostBroker.close();
		}
	}

	@Test
	void triggerRoundTripsWithClientCertificate() throws Exception {
		String modelUrl = "tls-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(broker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl, "ca").run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ToolClient.of(context).hostnameVerification()).isTrue();
				StatusPublisher status = context.getBean(StatusPublisher.class);
				await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);

				probe.publish("kosmos/analytics/" + modelUrl + "/v1", fixture());

				MqttProbe.Received result = probe.next("kosmos/analyses/k2301", TIMEOUT);
				assertThat(result.payload()).contains("\"from\":\"tls-tool\"").contains("\"k2301\"");
			});
		}
	}

	@Test
	void wrongCaFailsStartupNamingBundle() {
		toolRunner("tls-wrong-ca", "other-ca").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("unable to find valid certification path");
			assertThat(context.getStartupFailure()).hasStackTraceContaining("TLS handshake with broker "
					+ broker.tlsUrl() + " failed with SSL bundle 'kosmos-broker' (kosmos.mqtt.broker.ssl.bundle)");
		});
	}

	@Test
	void withoutClientCertificateBrokerRefuses() {
		toolRunner("tls-no-client-cert", "ca")
			.withPropertyValues("spring.ssl.bundle.pem.kosmos-broker.keystore.certificate=",
					"spring.ssl.bundle.pem.kosmos-broker.keystore.private-key=")
			.run((context) -> {
				// TLS 1.3 ends the client's handshake before the broker checks the client
				// certificate, so the startup check passes and the connection never comes up.
				assertThat(context).hasNotFailed();
				assertThat(ToolClient.of(context).isConnected()).isFalse();
			});
	}

	@Test
	void bundleProtocolsApplied() {
		toolRunner("tls-v12", "ca").withPropertyValues("spring.ssl.bundle.pem.kosmos-broker.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ToolClient client = ToolClient.of(context);
				await().atMost(TIMEOUT).until(client::isConnected);
			});
	}

	@Test
	void disabledBundleProtocolFailsStartup() {
		// The JDK disables TLS 1.0, so a bundle that allows nothing else cannot connect.
		toolRunner("tls-v10", "ca").withPropertyValues("spring.ssl.bundle.pem.kosmos-broker.options.enabled-protocols=TLSv1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("TLS handshake with broker "
						+ broker.tlsUrl() + " failed with SSL bundle 'kosmos-broker'");
			});
	}

	@Test
	void hostnameMismatchFailsStartup() {
		toolRunner("tls-other-host", "ca").withPropertyValues("kosmos.mqtt.broker.url=" + otherHostBroker.tlsUrl())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
				assertThat(context.getStartupFailure()).hasStackTraceContaining("TLS handshake with broker "
						+ otherHostBroker.tlsUrl() + " failed with SSL bundle 'kosmos-broker'");
			});
	}

	@Test
	void hostnameVerificationCanBeSwitchedOff() {
		toolRunner("tls-no-hostname", "ca")
			.withPropertyValues("kosmos.mqtt.broker.url=" + otherHostBroker.tlsUrl(),
					"kosmos.mqtt.broker.ssl.verify-hostname=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ToolClient client = ToolClient.of(context);
				assertThat(client.hostnameVerification()).isFalse();
				await().atMost(TIMEOUT).until(client::isConnected);
			});
	}

	private ApplicationContextRunner toolRunner(String modelUrl, String trustedCa) {
		AnalysisHandler handler = (request) -> AnalysisResult
			.timeSeries(Table.create("echo", StringColumn.create("contract", request.contract())));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, SslAutoConfiguration.class,
					KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> handler)
			.withPropertyValues("kosmos.mqtt.broker.url=" + broker.tlsUrl(),
					"kosmos.mqtt.broker.ssl.bundle=kosmos-broker",
					"spring.ssl.bundle.pem.kosmos-broker.truststore.certificate=file:"
							+ certificates.certificate(trustedCa),
					"spring.ssl.bundle.pem.kosmos-broker.keystore.certificate=file:" + certificates.certificate("client"),
					"spring.ssl.bundle.pem.kosmos-broker.keystore.private-key=file:" + certificates.privateKey("client"),
					"kosmos.mqtt.broker.client-id=tls-" + UUID.randomUUID(), "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.broker.connection-timeout=10s", "kosmos.mqtt.model.url=" + modelUrl,
					"kosmos.mqtt.model.tag=v1", "kosmos.mqtt.model.from=tls-tool", "kosmos.mqtt.result.temporary=false");
	}

	private static byte[] fixture() throws IOException {
		try (InputStream in = BrokerTlsIntegrationTests.class.getClassLoader()
			.getResourceAsStream("triggers/conveyor-trigger.json")) {
			return in.readAllBytes();
		}
	}

}
