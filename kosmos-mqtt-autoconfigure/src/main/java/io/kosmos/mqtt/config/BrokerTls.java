package io.kosmos.mqtt.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * TLS of the broker connection from a Spring Boot SSL bundle
 * ({@code kosmos.mqtt.broker.ssl.bundle}). The bundle's trust store decides which broker
 * certificates are trusted, and its key store, when it has one, supplies the client
 * certificate. Its {@code options}, when set, restrict the cipher suites and protocols.
 * Paho checks the broker's host name against its certificate unless
 * {@code kosmos.mqtt.broker.ssl.verify-hostname=false}.
 */
final class BrokerTls {

	private static final Log logger = LogFactory.getLog(BrokerTls.class);

	private final String bundleName;

	private final SSLSocketFactory socketFactory;

	private final boolean verifyHostname;

	private BrokerTls(String bundleName, SSLSocketFactory socketFactory, boolean verifyHostname) {
		this.bundleName = bundleName;
		this.socketFactory = socketFactory;
		this.verifyHostname = verifyHostname;
	}

	/**
	 * Looks up the configured bundle and builds its SSL context.
	 * @param ssl the broker's TLS settings
	 * @param sslBundles Spring Boot's bundles, or {@code null} when the application has none
	 * @return the TLS settings, or {@code null} when no bundle is configured
	 * @throws IllegalStateException when the bundle does not exist or cannot be loaded
	 */
	static BrokerTls resolve(KosmosMqttProperties.Broker.Ssl ssl, SslBundles sslBundles) {
		String name = ssl.getBundle();
		if (name == null || name.isBlank()) {
			return null;
		}
		if (sslBundles == null) {
			throw new IllegalStateException("kosmos.mqtt.broker.ssl.bundle is '" + name
					+ "', but the application has no SslBundles bean; add spring-boot-autoconfigure's SSL support "
					+ "or remove the property");
		}
		SslBundle bundle;
		try {
			bundle = sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException("kosmos.mqtt.broker.ssl.bundle '" + name
					+ "' names no SSL bundle; declare it under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem."
					+ name + ", or remove the property", ex);
		}
		try {
			SSLSocketFactory socketFactory = bundle.createSslContext().getSocketFactory();
			if (bundle.getOptions().isSpecified()) {
				socketFactory = new SslOptionsSocketFactory(socketFactory, bundle.getOptions());
			}
			return new BrokerTls(name, socketFactory, ssl.isVerifyHostname());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("SSL bundle '" + name + "' of kosmos.mqtt.broker.ssl.bundle cannot be "
					+ "loaded: " + ex.getMessage() + "; check its spring.ssl.bundle.* key store and trust store", ex);
		}
	}

	/**
	 * Makes Paho open its {@code ssl://} and {@code wss://} connections with the bundle's SSL context.
	 * @param options the connection options
	 */
	void applyTo(MqttConnectOptions options) {
		options.setSocketFactory(this.socketFactory);
		options.setHttpsHostnameVerificationEnabled(this.verifyHostname);
		warnWithoutHostnameVerification();
	}

	/**
	 * Makes Paho's MQTT 5 client open its {@code ssl://} and {@code wss://} connections with the bundle's SSL
	 * context.
	 * @param options the MQTT 5 connection options
	 */
	void applyTo(org.eclipse.paho.mqttv5.client.MqttConnectionOptions options) {
		options.setSocketFactory(this.socketFactory);
		options.setHttpsHostnameVerificationEnabled(this.verifyHostname);
		warnWithoutHostnameVerification();
	}

	private void warnWithoutHostnameVerification() {
		if (!this.verifyHostname) {
			logger.warn("kosmos.mqtt.broker.ssl.verify-hostname is false: the broker's certificate is checked "
					+ "against SSL bundle '" + this.bundleName + "', but not its host name");
		}
	}

	/**
	 * Runs one TLS handshake with every reachable {@code ssl://} and {@code wss://} broker, so that a broker
	 * certificate the bundle does not trust stops the startup with a message naming the
	 * bundle. Paho would otherwise retry the connection forever. A broker that cannot be
	 * reached is skipped: the tool starts and connects once it is up, as without TLS.
	 * @param urls the broker URLs
	 * @param timeout the maximum time to connect and to complete the handshake
	 * @throws IllegalStateException when a handshake fails
	 */
	void checkHandshakes(List<String> urls, Duration timeout) {
		for (String url : urls) {
			URI uri = URI.create(url.trim());
			if ("ssl".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) {
				int defaultPort = "ssl".equals(uri.getScheme()) ? 8883 : 443;
				checkHandshake(url, uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : defaultPort, timeout);
			}
		}
	}

	private void checkHandshake(String url, String host, int port, Duration timeout) {
		int timeoutMillis = (int) Math.min(Math.max(timeout.toMillis(), 1000), Integer.MAX_VALUE);
		try (SSLSocket socket = (SSLSocket) this.socketFactory.createSocket()) {
			socket.connect(new InetSocketAddress(host, port), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			if (this.verifyHostname) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
			}
			socket.startHandshake();
			logger.debug("TLS handshake with broker " + url + " succeeded with SSL bundle '" + this.bundleName + "'");
		}
		catch (SSLException ex) {
			throw new IllegalStateException("TLS handshake with broker " + url + " failed with SSL bundle '"
					+ this.bundleName + "' (kosmos.mqtt.broker.ssl.bundle): " + ex.getMessage()
					+ "; check that the bundle's trust store contains the CA of the broker's certificate, that the "
					+ "certificate names the host" + (this.verifyHostname ? " (or set kosmos.mqtt.broker.ssl"
							+ ".verify-hostname=false)" : "")
					+ ", and that the broker accepts the bundle's client certificate", ex);
		}
		catch (IOException ex) {
			logger.info("Broker " + url + " cannot be reached to check its TLS certificate (" + ex.getMessage()
					+ "); the tool starts and connects once the broker is up");
		}
	}

}
