package io.kosmos.mqtt.signature;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import io.kosmos.mqtt.table.Rfc3339;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs messages as {@link KosmosSignatures} describes and writes
 * <pre>
 * "signature": { "signature": base64, "meta": { "date": RFC 3339, "algorithm": "RSASSA-PSS-SHA256",
 *                "serialNumber": "72-4E-15-..." } }
 * </pre>
 * next to the message's {@code body}. RSA-PSS signatures are randomised by the salt, so
 * signing the same body twice gives different signatures that both verify.
 */
public class RsaPssMessageSigner implements MessageSigner {

	private final PrivateKey privateKey;

	private final String serialNumber;

	private final Clock clock;

	/**
	 * Creates a signer.
	 * @param privateKey the RSA private key
	 * @param certificate the certificate of the key's public half, named in every signature
	 * @param clock the time source of {@code signature.meta.date}
	 */
	public RsaPssMessageSigner(PrivateKey privateKey, X509Certificate certificate, Clock clock) {
		this.privateKey = privateKey;
		this.serialNumber = KosmosSignatures.formatSerialNumber(certificate.getSerialNumber());
		this.clock = clock;
	}

	@Override
	public void sign(ObjectNode message) {
		JsonNode body = message.get("body");
		if (body == null) {
			throw new IllegalArgumentException("Message has no 'body' to sign");
		}
		byte[] signatureBytes;
		try {
			Signature signature = KosmosSignatures.newSignature();
			signature.initSign(this.privateKey);
			signature.update(CanonicalJson.toBytes(body));
			signatureBytes = signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Signing with RSASSA-PSS failed: " + ex.getMessage(), ex);
		}
		ObjectNode signatureNode = message.putObject("signature");
		signatureNode.put("signature", Base64.getEncoder().encodeToString(signatureBytes));
		ObjectNode meta = signatureNode.putObject("meta");
		meta.put("date", Rfc3339.format(Instant.now(this.clock)));
		meta.put("algorithm", KosmosSignatures.ALGORITHM);
		meta.put("serialNumber", this.serialNumber);
	}

}
