package io.kosmos.mqtt.signature;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.signature.TriggerSignatureVerifier.Verification;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.ssl.pem.PemContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing with {@link RsaPssMessageSigner} and verifying with
 * {@link TriggerSignatureVerifier}, with the fixed test keys under {@code signing/}.
 */
class MessageSignatureTests {

	/**
	 * Signature of {"from":"kosmos-test","status":"alive"} by signing/signer.key, made once
	 * with OpenSSL 3: {@code openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt
	 * rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256 -sign signer.key}.
	 */
	private static final String OPENSSL_SIGNATURE = "0+fNgQMs94xyJFzn7rK2+poU3/JEgnGxmGt7zx4B9QYN2EgaNtl+IlhQjEdJ0k8/"
			+ "JDyMrhEshrY2a2ZnZmlVitNvkeSjdMjFg9TYLLqiXUxRsLEx6YEjgKSwuZZt9uUvffti064lIWWeRgDPXUq2LmH9VZDeHBu3+82XHW6pNfBJ"
			+ "pSCF5y9Q36a0A1D3mRcRPfT5Yu2w1zHZjdrx9CjWOXb7gmue82uYRhuIatQs2vDneHYwxAMw+aKMYx1Ljk25ef1aMiI/jdn1Q142uaPrDlXi"
			+ "nvj/qycjdfCy1rDnuCqH05L+O1LgTahkWo7FPc7vl4bd7Ml5Vod6hLv7ymT2EA==";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-03-01T10:00:00Z"), ZoneOffset.UTC);

	private final JsonMapper json = JsonMapper.builder().build();

	private final X509Certificate signerCertificate = certificate("signer");

	private final RsaPssMessageSigner signer = new RsaPssMessageSigner(privateKey("signer"), this.signerCertificate,
			CLOCK);

	private final TriggerSignatureVerifier required = verifier(Verification.REQUIRED, this.signerCertificate);

	@Test
	void signatureMetaWritten() {
		ObjectNode message = trigger();

		this.signer.sign(message);

		JsonNode meta = message.get("signature").get("meta");
		assertThat(meta.get("algorithm").stringValue()).isEqualTo("RSASSA-PSS-SHA256");
		assertThat(meta.get("date").stringValue()).isEqualTo("2030-03-01T10:00:00Z");
		assertThat(meta.get("serialNumber").stringValue()).isEqualTo("72-4E-15-2D-3F-68-A9-9C");
		assertThat(message.get("signature").get("signature").stringValue()).isNotEmpty();
	}

	@Test
	void signVerifyRoundTrip() {
		ObjectNode message = trigger();
		this.signer.sign(message);

		JsonNode received = this.json.readTree(this.json.writeValueAsBytes(message));

		assertThatNoException().isThrownBy(() -> this.required.check(received));
	}

	@Test
	void bodyChangedByOneCharacterFails() {
		ObjectNode message = trigger();
		this.signer.sign(message);
		String text = this.json.writeValueAsString(message);
		assertThat(text).contains("\"k2301\"");

		JsonNode tampered = this.json.readTree(text.replace("\"k2301\"", "\"k2302\""));

		assertRejected(() -> this.required.check(tampered), RejectionReason.SIGNATURE_INVALID,
				"Trigger signature is invalid: the signature does not match the body for certificate "
						+ "'CN=kosmos-test-signer'; the body was changed after signing, or signed differently");
	}

	@Test
	void keyOrderAndWhitespaceDoNotMatter() {
		ObjectNode message = trigger();
		this.signer.sign(message);
		JsonNode signature = message.get("signature");
		String reordered = """
				{ "signature" : %s,
				  "body" : {
				    "type" : "sensor_update",   "sensor" : "belt-motor",
				    "payload" : { "body" : { "values" : [ "1.5", "Störung" ] } },
				    "machine" : "conveyor-3",
				    "contract" : "k2301"
				  }
				}
				""".formatted(signature.toString());

		JsonNode received = this.json.readTree(reordered);

		assertThatNoException().isThrownBy(() -> this.required.check(received));
	}

	@Test
	void fixedOpensslSignatureVerifies() {
		JsonNode received = this.json.readTree("""
				{ "body": { "status": "alive", "from": "kosmos-test" },
				  "signature": { "signature": "%s",
				    "meta": { "date": "2030-03-01T10:00:00Z", "algorithm": "RSASSA-PSS-SHA256",
				              "serialNumber": "72-4e-15-2d-3f-68-a9-9c" } } }
				""".formatted(OPENSSL_SIGNATURE));

		assertThatNoException().isThrownBy(() -> this.required.check(received));
	}

	@Test
	void untrustedSerialNumberFails() {
		TriggerSignatureVerifier otherOnly = verifier(Verification.REQUIRED, certificate("other-signer"));
		ObjectNode message = trigger();
		this.signer.sign(message);

		assertRejected(() -> otherOnly.check(message), RejectionReason.SIGNATURE_INVALID,
				"Trigger signature is invalid: no certificate with serial number 72-4E-15-2D-3F-68-A9-9C is trusted "
						+ "in test trust store; add the signer's certificate to its trust store");
	}

	@Test
	void expiredCertificateFails() {
		TriggerSignatureVerifier later = new TriggerSignatureVerifier(Verification.REQUIRED,
				List.of(this.signerCertificate), "test trust store",
				Clock.fixed(Instant.parse("2200-01-01T00:00:00Z"), ZoneOffset.UTC));
		ObjectNode message = trigger();
		this.signer.sign(message);

		assertThatThrownBy(() -> later.check(message)).isInstanceOfSatisfying(InvalidTriggerException.class,
				(ex) -> assertThat(ex.getReason()).isEqualTo(RejectionReason.SIGNATURE_INVALID))
			.hasMessageStartingWith("Trigger signature is invalid: certificate 'CN=kosmos-test-signer' is not valid now");
	}

	@Test
	void placeholderSignatureFails() {
		ObjectNode message = trigger();
		ObjectNode signature = message.putObject("signature");
		signature.put("signature", "TestSignature");
		signature.putObject("meta")
			.put("algorithm", "TestAlgo")
			.put("date", "2020-08-15T15:47:55.789Z")
			.put("serialNumber", "72-4E-15-2D-3F-68-A9-9C");

		assertRejected(() -> verifier(Verification.IF_PRESENT, this.signerCertificate).check(message),
				RejectionReason.SIGNATURE_INVALID,
				"Trigger signature is invalid: algorithm 'TestAlgo' is not supported; sign with RSASSA-PSS-SHA256");
		assertThatNoException().isThrownBy(() -> verifier(Verification.OFF, this.signerCertificate).check(message));
	}

	@Test
	void unsignedTriggerByMode() {
		ObjectNode unsigned = trigger();
		ObjectNode emptySignature = trigger();
		emptySignature.putObject("signature").put("signature", "").putObject("meta");
		ObjectNode placeholder = trigger();
		placeholder.put("signature", "");

		for (ObjectNode message : List.of(unsigned, emptySignature, placeholder)) {
			assertThatNoException()
				.isThrownBy(() -> verifier(Verification.IF_PRESENT, this.signerCertificate).check(message));
			assertRejected(() -> this.required.check(message), RejectionReason.SIGNATURE_MISSING,
					"Trigger is not signed, but kosmos.mqtt.signing.verification is 'required'; sign the trigger's "
							+ "body, or set the verification to 'if-present'");
		}
	}

	@Test
	void serialNumberFormat() {
		assertThat(KosmosSignatures.formatSerialNumber(new BigInteger("724E152D3F68A99C", 16)))
			.isEqualTo("72-4E-15-2D-3F-68-A9-9C");
		assertThat(KosmosSignatures.formatSerialNumber(BigInteger.valueOf(0x1A2))).isEqualTo("01-A2");
		assertThat(KosmosSignatures.parseSerialNumber("01:a2")).isEqualTo(BigInteger.valueOf(0x1A2));
	}

	private static void assertRejected(Runnable check, RejectionReason reason, String message) {
		assertThatThrownBy(check::run).isInstanceOfSatisfying(InvalidTriggerException.class,
				(ex) -> assertThat(ex.getReason()).isEqualTo(reason))
			.hasMessage(message);
	}

	private static TriggerSignatureVerifier verifier(Verification mode, X509Certificate trusted) {
		return new TriggerSignatureVerifier(mode, List.of(trusted), "test trust store", CLOCK);
	}

	private ObjectNode trigger() {
		return (ObjectNode) this.json.readTree("""
				{ "body": { "contract": "k2301", "machine": "conveyor-3", "sensor": "belt-motor",
				  "type": "sensor_update", "payload": { "body": { "values": ["1.5", "Störung"] } } } }
				""");
	}

	private static X509Certificate certificate(String name) {
		return PemContent.of(resource(name + ".crt")).getCertificates().get(0);
	}

	private static PrivateKey privateKey(String name) {
		return PemContent.of(resource(name + ".key")).getPrivateKey();
	}

	private static String resource(String name) {
		try (InputStream in = MessageSignatureTests.class.getClassLoader().getResourceAsStream("signing/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
