package io.kosmos.mqtt.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.ssl.SslBundle;

/**
 * Reads signing keys and trusted certificates from Spring Boot SSL bundles.
 */
public final class SslBundleKeys {

	private SslBundleKeys() {
	}

	/**
	 * A private key with its certificate.
	 *
	 * @param privateKey the private key
	 * @param certificate the certificate of its public key
	 */
	public record SigningKey(PrivateKey privateKey, X509Certificate certificate) {
	}

	/**
	 * Reads the signing key from a bundle's key store: the entry named by the bundle's
	 * {@code key.alias}, or the only private key entry when no alias is set.
	 * @param bundle the bundle
	 * @param description the bundle as messages name it, for example
	 * {@code SSL bundle 'kosmos-signing' (kosmos.mqtt.signing.bundle)}
	 * @return the key and its certificate
	 * @throws IllegalStateException when the key store has no such RSA key or several
	 * keys and no alias
	 */
	public static SigningKey signingKey(SslBundle bundle, String description) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			throw new IllegalStateException(description + " has no key store; configure its keystore with the "
					+ "signing certificate and private key");
		}
		try {
			String alias = bundle.getKey().getAlias();
			if (alias == null) {
				alias = onlyKeyAlias(keyStore, description);
			}
			Key key = keyStore.getKey(alias, keyPassword(bundle));
			Certificate certificate = keyStore.getCertificate(alias);
			if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
				throw new IllegalStateException(description + " has no private key with an X.509 certificate "
						+ "under alias '" + alias + "'; check its key.alias");
			}
			if (!"RSA".equals(privateKey.getAlgorithm())) {
				throw new IllegalStateException(description + " contains a " + privateKey.getAlgorithm()
						+ " key under alias '" + alias + "', but KOSMoS signatures need an RSA key");
			}
			return new SigningKey(privateKey, x509);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the signing key of " + description + ": " + ex.getMessage()
					+ "; check its key password", ex);
		}
	}

	/**
	 * Reads every X.509 certificate of a bundle's trust store.
	 * @param bundle the bundle
	 * @param description the bundle as messages name it
	 * @return the certificates, at least one
	 * @throws IllegalStateException when the bundle has no trust store or it is empty
	 */
	public static List<X509Certificate> trustedCertificates(SslBundle bundle, String description) {
		KeyStore trustStore = bundle.getStores().getTrustStore();
		if (trustStore == null) {
			throw new IllegalStateException(description + " has no trust store; configure its truststore with the "
					+ "certificates whose keys sign triggers");
		}
		List<X509Certificate> certificates = new ArrayList<>();
		try {
			for (String alias : Collections.list(trustStore.aliases())) {
				if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
					certificates.add(certificate);
				}
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the trust store of " + description + ": " + ex.getMessage(),
					ex);
		}
		if (certificates.isEmpty()) {
			throw new IllegalStateException(description + " has an empty trust store; add the certificates whose "
					+ "keys sign triggers");
		}
		return certificates;
	}

	private static String onlyKeyAlias(KeyStore keyStore, String description) throws GeneralSecurityException {
		List<String> keyAliases = new ArrayList<>();
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				keyAliases.add(alias);
			}
		}
		if (keyAliases.size() != 1) {
			throw new IllegalStateException(description + " contains " + keyAliases.size() + " private keys "
					+ keyAliases + "; set its key.alias to the signing key");
		}
		return keyAliases.get(0);
	}

	private static char[] keyPassword(SslBundle bundle) {
		String password = bundle.getKey().getPassword();
		if (password == null) {
			password = bundle.getStores().getKeyStorePassword();
		}
		return (password != null) ? password.toCharArray() : new char[0];
	}

}
