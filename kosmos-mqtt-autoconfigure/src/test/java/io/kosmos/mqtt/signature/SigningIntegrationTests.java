package io.kosmos.mqtt.signature;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kosmos.mqtt.config.EmbeddedBrokerAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttAutoConfiguration;
import io.kosmos.mqtt.config.KosmosMqttSigningAutoConfiguration;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.runtime.ReceivedTrigger;
import io.kosmos.mqtt.runtime.TriggerListener;
import io.kosmos.mqtt.signature.TriggerSignatureVerifier.Verification;
import io.kosmos.mqtt.status.StatusPublisher;
import io.kosmos.mqtt.status.ToolStatus;
import io.kosmos.mqtt.support.MqttProbe;
import io.kosmos.mqtt.support.TestBroker;
import io.kosmos.mqtt.support.ToolClient;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Runs the tool with signing and verification configured from PEM SSL bundles, against
 * the test broker: results, status messages and the last will carry signatures that
 * verify, and with verification required an unsigned or changed trigger is rejected
 * while a signed one is served.
 */
class SigningIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<RejectionReason> rejections = new CopyOnWriteArrayList<>();

	private final List<String> handledContracts = new CopyOnWriteArrayList<>();

	@Test
	void resultAndStatusSigned() throws Exception {
		String modelUrl = "signed-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#", "kosmos/status")) {
			toolRunner(modelUrl).withPropertyValues("kosmos.mqtt.signing.bundle=kosmos-signing").run((context) -> {
				assertThat(context).hasNotFailed();
				awaitAlive(context);
				TriggerSignatureVerifier verifier = signerVerifier(context.getBean(SslBundles.class));
				JsonNode status = nextStatusOf(probe, modelUrl);
				assertThat(status.has("signature")).isTrue();
				assertThatNoException().isThrownBy(() -> verifier.check(status));
				JsonNode lastWill = this.json.readTree(ToolClient.of(context).willPayload());
				assertThat(lastWill.get("body").get("status").stringValue()).isEqualTo("error");
				assertThatNoException().isThrownBy(() -> verifier.check(lastWill));

				probe.publish("kosmos/analytics/" + modelUrl + "/v1", fixture());

				JsonNode result = this.json.readTree(probe.next("kosmos/analyses/k2301", TIMEOUT).payload());
				assertThat(result.get("signature").get("meta").get("serialNumber").stringValue())
					.isEqualTo("72-4E-15-2D-3F-68-A9-9C");
				assertThatNoException().isThrownBy(() -> verifier.check(result));
			});
		}
	}

	@Test
	void requiredVerificationRejectsUnsigned() throws Exception {
		String modelUrl = "verify-" + UUID.randomUUID().toString().substring(0, 8);
		try (MqttProbe probe = new MqttProbe(TestBroker.url(), "kosmos/analyses/#")) {
			toolRunner(modelUrl)
				.withPropertyValues("kosmos.mqtt.signing.verification=required",
						"kosmos.mqtt.signing.trust-bundle=kosmos-trust")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					awaitAlive(context);
					String topic = "kosmos/analytics/" + modelUrl + "/v1";
					ObjectNode signed = (ObjectNode) this.json.readTree(fixture());
					signerOf(context.getBean(SslBundles.class)).sign(signed);
					ObjectNode tampered = signed.deepCopy();
					((ObjectNode) tampered.get("body")).put("machine", "conveyor-4");

					probe.publish(topic, fixture());
					probe.publish(topic, this.json.writeValueAsBytes(tampered));
					probe.publish(topic, this.json.writeValueAsBytes(signed));

					JsonNode result = this.json.readTree(probe.next("kosmos/analyses/k2301", TIMEOUT).payload());
					assertThat(result.get("body").get("calculated").get("message").get("machine").stringValue())
						.isEqualTo("conveyor-3");
					await().atMost(TIMEOUT).until(() -> this.rejections.size() == 2);
					assertThat(this.rejections).containsExactlyInAnyOrder(RejectionReason.SIGNATURE_MISSING,
							RejectionReason.SIGNATURE_INVALID);
					assertThat(this.handledContracts).containsExactly("k2301");
				});
		}
	}

	@Test
	void verificationWithoutTrustBundleFailsStartup() {
		toolRunner("no-trust").withPropertyValues("kosmos.mqtt.signing.verification=if-present").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("kosmos.mqtt.signing.verification is "
					+ "'if-present', but kosmos.mqtt.signing.trust-bundle is missing");
		});
	}

	@Test
	void unknownSigningBundleFailsStartup() {
		toolRunner("no-bundle").withPropertyValues("kosmos.mqtt.signing.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining(
					"SSL bundle 'missing' (kosmos.mqtt.signing.bundle) names no SSL bundle");
		});
	}

	private static RsaPssMessageSigner signerOf(SslBundles bundles) {
		SslBundleKeys.SigningKey key = SslBundleKeys.signingKey(bundles.getBundle("kosmos-signing"), "test bundle");
		return new RsaPssMessageSigner(key.privateKey(), key.certificate(), Clock.systemUTC());
	}

	private static TriggerSignatureVerifier signerVerifier(SslBundles bundles) {
		return new TriggerSignatureVerifier(Verification.REQUIRED,
				SslBundleKeys.trustedCertificates(bundles.getBundle("kosmos-trust"), "test bundle"), "test bundle",
				Clock.systemUTC());
	}

	private JsonNode nextStatusOf(MqttProbe probe, String modelUrl) throws InterruptedException {
		while (true) {
			JsonNode status = this.json.readTree(probe.next("kosmos/status", TIMEOUT).payload());
			if (status.get("body").get("from").stringValue().equals("signing-" + modelUrl)) {
				return status;
			}
		}
	}

	private ApplicationContextRunner toolRunner(String modelUrl) {
		AnalysisHandler handler = (request) -> {
			this.handledContracts.add(request.contract());
			return AnalysisResult.timeSeries(Table.create("echo", StringColumn.create("contract", request.contract())));
		};
		TriggerListener rejectionRecorder = new TriggerListener() {

			@Override
			public void triggerRejected(ReceivedTrigger received, InvalidTriggerException error) {
				SigningIntegrationTests.this.rejections.add(error.getReason());
			}

		};
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, SslAutoConfiguration.class,
					EmbeddedBrokerAutoConfiguration.class, KosmosMqttSigningAutoConfiguration.class,
					KosmosMqttAutoConfiguration.class))
			.withBean(AnalysisHandler.class, () -> handler)
			.withBean("rejectionRecorder", TriggerListener.class, () -> rejectionRecorder)
			.withPropertyValues("kosmos.mqtt.broker.url=" + TestBroker.url(),
					"spring.ssl.bundle.pem.kosmos-signing.keystore.certificate=classpath:signing/signer.crt",
					"spring.ssl.bundle.pem.kosmos-signing.keystore.private-key=classpath:signing/signer.key",
					"spring.ssl.bundle.pem.kosmos-trust.truststore.certificate=classpath:signing/signer.crt",
					"kosmos.mqtt.broker.client-id=it-" + UUID.randomUUID(), "kosmos.mqtt.broker.clean-session=true",
					"kosmos.mqtt.model.url=" + modelUrl, "kosmos.mqtt.model.tag=v1",
					"kosmos.mqtt.model.from=signing-" + modelUrl, "kosmos.mqtt.result.temporary=false");
	}

	private static void awaitAlive(org.springframework.context.ApplicationContext context) {
		StatusPublisher status = context.getBean(StatusPublisher.class);
		await().atMost(TIMEOUT).until(() -> status.currentStatus() == ToolStatus.ALIVE);
	}

	private static byte[] fixture() throws IOException {
		try (InputStream in = SigningIntegrationTests.class.getClassLoader()
			.getResourceAsStream("triggers/conveyor-trigger.json")) {
			return in.readAllBytes();
		}
	}

}
