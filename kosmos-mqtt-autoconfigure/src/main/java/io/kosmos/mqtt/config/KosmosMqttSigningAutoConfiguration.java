package io.kosmos.mqtt.config;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.signature.KosmosSignatures;
import io.kosmos.mqtt.signature.MessageSigner;
import io.kosmos.mqtt.signature.RsaPssMessageSigner;
import io.kosmos.mqtt.signature.SslBundleKeys;
import io.kosmos.mqtt.signature.TriggerSignatureVerifier;
import io.kosmos.mqtt.signature.TriggerSignatureVerifier.Verification;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Signatures of KOSMoS messages from SSL bundles. Registers, each only when the
 * application has no bean of that type:
 * <ul>
 * <li>a {@link MessageSigner} from the key of {@code kosmos.mqtt.signing.bundle}, which
 * the {@link KosmosMqttAutoConfiguration} applies to results and status messages;</li>
 * <li>a {@link TriggerSignatureVerifier} trusting the certificates of
 * {@code kosmos.mqtt.signing.trust-bundle}, when {@code kosmos.mqtt.signing.verification}
 * is not {@code off}; the trigger reader runs it on every trigger.</li>
 * </ul>
 */
@AutoConfiguration(after = SslAutoConfiguration.class, before = KosmosMqttAutoConfiguration.class)
@ConditionalOnBean(AnalysisHandler.class)
@EnableConfigurationProperties(KosmosMqttProperties.class)
public class KosmosMqttSigningAutoConfiguration {

	private static final Log logger = LogFactory.getLog(KosmosMqttSigningAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("kosmos.mqtt.signing.bundle")
	MessageSigner kosmosMessageSigner(KosmosMqttProperties properties, ObjectProvider<SslBundles> sslBundles) {
		String name = properties.getSigning().getBundle();
		String description = "SSL bundle '" + name + "' (kosmos.mqtt.signing.bundle)";
		SslBundleKeys.SigningKey key = SslBundleKeys.signingKey(bundle(name, description, sslBundles), description);
		logger.info("Signing results and status messages with " + KosmosSignatures.ALGORITHM + " and certificate '"
				+ key.certificate().getSubjectX500Principal().getName() + "', serial number "
				+ KosmosSignatures.formatSerialNumber(key.certificate().getSerialNumber()) + ", from " + description);
		return new RsaPssMessageSigner(key.privateKey(), key.certificate(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnExpression("'${kosmos.mqtt.signing.verification:off}'.toLowerCase() != 'off'")
	TriggerSignatureVerifier kosmosTriggerSignatureVerifier(KosmosMqttProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		KosmosMqttProperties.Signing signing = properties.getSigning();
		String name = signing.getTrustBundle();
		String description = "SSL bundle '" + name + "' (kosmos.mqtt.signing.trust-bundle)";
		List<X509Certificate> certificates = SslBundleKeys
			.trustedCertificates(bundle(name, description, sslBundles), description);
		logger.info("Verifying trigger signatures (" + wireName(signing.getVerification()) + ") against "
				+ certificates.size() + " certificates of " + description);
		return new TriggerSignatureVerifier(signing.getVerification(), certificates, description, Clock.systemUTC());
	}

	private static SslBundle bundle(String name, String description, ObjectProvider<SslBundles> sslBundles) {
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException(description + " is set, but the application has no SslBundles bean; "
					+ "add spring-boot-autoconfigure's SSL support");
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException(description + " names no SSL bundle; declare it under "
					+ "spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name, ex);
		}
	}

	private static String wireName(Verification verification) {
		return verification.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
