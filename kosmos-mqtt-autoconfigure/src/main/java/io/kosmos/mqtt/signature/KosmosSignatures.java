package io.kosmos.mqtt.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The signature scheme of KOSMoS messages: RSASSA-PSS with SHA-256, MGF1 with SHA-256, a
 * 32-byte salt and trailer field 1 (RFC 8017), over the {@link CanonicalJson canonical
 * bytes} of the message's {@code body}. The salt length equals the hash length, the
 * usual choice for PSS; a verifier must use the same.
 */
public final class KosmosSignatures {

	/** Value of {@code signature.meta.algorithm}. */
	public static final String ALGORITHM = "RSASSA-PSS-SHA256";

	/** Salt length in bytes. */
	public static final int SALT_LENGTH = 32;

	private static final PSSParameterSpec PARAMETERS = new PSSParameterSpec("SHA-256", "MGF1",
			MGF1ParameterSpec.SHA256, SALT_LENGTH, PSSParameterSpec.TRAILER_FIELD_BC);

	private KosmosSignatures() {
	}

	/**
	 * Creates an uninitialised signature object with the KOSMoS parameters.
	 * @return the signature object
	 * @throws IllegalStateException when the JDK lacks RSASSA-PSS, which every JDK 11 or
	 * later has
	 */
	static Signature newSignature() {
		try {
			Signature signature = Signature.getInstance("RSASSA-PSS");
			signature.setParameter(PARAMETERS);
			return signature;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK does not support RSASSA-PSS with SHA-256", ex);
		}
	}

	/**
	 * Formats a certificate serial number as KOSMoS writes it: upper-case hex pairs joined
	 * by {@code -}, for example {@code 72-4E-15}. A leading zero nibble is padded to a
	 * whole byte.
	 * @param serialNumber the certificate's serial number
	 * @return the formatted serial number
	 */
	public static String formatSerialNumber(BigInteger serialNumber) {
		String hex = serialNumber.toString(16).toUpperCase(Locale.ROOT);
		if (hex.length() % 2 == 1) {
			hex = "0" + hex;
		}
		StringJoiner pairs = new StringJoiner("-");
		for (int i = 0; i < hex.length(); i += 2) {
			pairs.add(hex.substring(i, i + 2));
		}
		return pairs.toString();
	}

	/**
	 * Parses a serial number written as hex pairs, with or without {@code -} or {@code :}
	 * between them, in either case.
	 * @param text the serial number as sent
	 * @return the serial number
	 * @throws IllegalArgumentException when the text is not hex
	 */
	public static BigInteger parseSerialNumber(String text) {
		String hex = text.replace("-", "").replace(":", "").trim();
		if (!hex.matches("[0-9A-Fa-f]{1,128}")) {
			throw new IllegalArgumentException("Serial number '" + text + "' is not hex pairs such as 72-4E-15");
		}
		return new BigInteger(hex, 16);
	}

}
