package io.kosmos.mqtt.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.LogText;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.message.TriggerCheck;
import tools.jackson.databind.JsonNode;

/**
 * Verifies the {@code signature} of incoming triggers against trusted certificates.
 *
 * <p>The certificate is picked by {@code signature.meta.serialNumber} among the trusted
 * ones, must be valid now, and its public key must verify the signature over the
 * {@link CanonicalJson canonical bytes} of the trigger's {@code body}, with the scheme of
 * {@link KosmosSignatures}. {@code signature.meta.algorithm} must be
 * {@value KosmosSignatures#ALGORITHM}, in any case.
 *
 * <p>A trigger counts as unsigned when it has no {@code signature}, when
 * {@code signature} is an empty string, or when {@code signature.signature} is one, as
 * real KOSMoS messages from senders that do not sign carry. In
 * {@link Verification#IF_PRESENT} mode such a trigger passes; in
 * {@link Verification#REQUIRED} mode it is rejected as {@link RejectionReason#SIGNATURE_MISSING}.
 * Any other signature that does not verify is rejected as
 * {@link RejectionReason#SIGNATURE_INVALID}, placeholders such as {@code "TestSignature"}
 * included.
 */
public class TriggerSignatureVerifier implements TriggerCheck {

	// NOTE: only the trigger's own signature is verified; a signature inside
	// body.payload (of the forwarded sensor update) is covered by it but not checked.

	private final Verification mode;

	private final Map<BigInteger, List<X509Certificate>> trusted = new HashMap<>();

	private final String trustSource;

	private final Clock clock;

	/**
	 * When incoming triggers are verified.
	 */
	public enum Verification {

		/** Signatures are not checked. */
		OFF,

		/** A non-empty signature is checked; an unsigned trigger passes. */
		IF_PRESENT,

		/** Every trigger must carry a signature that verifies. */
		REQUIRED

	}

	/**
	 * Creates a verifier.
	 * @param mode when to verify
	 * @param trustedCertificates the certificates whose keys may sign triggers
	 * @param trustSource where the certificates come from, for messages, for example
	 * {@code SSL bundle 'kosmos-trust'}
	 * @param clock the time source of the validity check
	 */
	public TriggerSignatureVerifier(Verification mode, List<X509Certificate> trustedCertificates, String trustSource,
			Clock clock) {
		this.mode = mode;
		for (X509Certificate certificate : trustedCertificates) {
			this.trusted.computeIfAbsent(certificate.getSerialNumber(), (serial) -> new ArrayList<>())
				.add(certificate);
		}
		this.trustSource = trustSource;
		this.clock = clock;
	}

	@Override
	public void check(JsonNode trigger) {
		if (this.mode == Verification.OFF) {
			return;
		}
		JsonNode signature = trigger.get("signature");
		boolean unsigned = signature == null || signature.isNull() || isEmptyString(signature)
				|| isEmptyString(signature.path("signature"));
		if (unsigned) {
			if (this.mode == Verification.REQUIRED) {
				throw new InvalidTriggerException(RejectionReason.SIGNATURE_MISSING, "Trigger is not signed, but "
						+ "kosmos.mqtt.signing.verification is 'required'; sign the trigger's body, or set the "
						+ "verification to 'if-present'");
			}
			return;
		}
		verify(trigger.get("body"), signature);
	}

	private static boolean isEmptyString(JsonNode node) {
		return node.isString() && node.stringValue().isEmpty();
	}

	private void verify(JsonNode body, JsonNode signature) {
		String algorithm = signature.path("meta").path("algorithm").asString("");
		if (!KosmosSignatures.ALGORITHM.equalsIgnoreCase(algorithm)) {
			throw invalid("algorithm '" + LogText.printable(algorithm) + "' is not supported; sign with "
					+ KosmosSignatures.ALGORITHM);
		}

		String serialText = signature.path("meta").path("serialNumber").asString("");
		BigInteger serial;
		try {
			serial = KosmosSignatures.parseSerialNumber(serialText);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("serial number '" + LogText.printable(serialText) + "' is not hex pairs such as 72-4E-15");
		}
		List<X509Certificate> candidates = this.trusted.get(serial);
		if (candidates == null) {
			throw invalid("no certificate with serial number " + KosmosSignatures.formatSerialNumber(serial)
					+ " is trusted in " + this.trustSource + "; add the signer's certificate to its trust store");
		}

		byte[] signatureBytes;
		try {
			signatureBytes = Base64.getDecoder().decode(signature.path("signature").asString(""));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("signature.signature is not base64");
		}

		byte[] canonicalBody = CanonicalJson.toBytes(body);
		String lastProblem = null;
		for (X509Certificate certificate : candidates) {
			String problem = verifyWith(certificate, canonicalBody, signatureBytes);
			if (problem == null) {
				return;
			}
			lastProblem = problem;
		}
		throw invalid(lastProblem);
	}

	/** Returns {@code null} when the certificate verifies the signature, else why not. */
	private String verifyWith(X509Certificate certificate, byte[] canonicalBody, byte[] signatureBytes) {
		String subject = certificate.getSubjectX500Principal().getName();
		try {
			certificate.checkValidity(Date.from(this.clock.instant()));
		}
		catch (CertificateExpiredException | CertificateNotYetValidException ex) {
			return "certificate '" + subject + "' is not valid now (" + ex.getMessage() + ")";
		}
		try {
			Signature verifier = KosmosSignatures.newSignature();
			verifier.initVerify(certificate.getPublicKey());
			verifier.update(canonicalBody);
			if (verifier.verify(signatureBytes)) {
				return null;
			}
			return "the signature does not match the body for certificate '" + subject
					+ "'; the body was changed after signing, or signed differently";
		}
		catch (GeneralSecurityException ex) {
			return "the signature cannot be checked with certificate '" + subject + "': " + ex.getMessage();
		}
	}

	private static InvalidTriggerException invalid(String problem) {
		return new InvalidTriggerException(RejectionReason.SIGNATURE_INVALID,
				"Trigger signature is invalid: " + problem);
	}

}
