package io.kosmos.mqtt.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.ssl.SslOptions;

/**
 * An {@link SSLSocketFactory} that restricts every socket it creates to the cipher suites
 * and protocols of an SSL bundle's {@code options}. Paho sets no protocols and, without
 * its own SSL properties, no cipher suites, so these settings stay in force.
 */
final class SslOptionsSocketFactory extends SSLSocketFactory {

	private final SSLSocketFactory delegate;

	private final SslOptions options;

	SslOptionsSocketFactory(SSLSocketFactory delegate, SslOptions options) {
		this.delegate = delegate;
		this.options = options;
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return (this.options.getCiphers() != null) ? this.options.getCiphers().clone()
				: this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket() throws IOException {
		return restrict(this.delegate.createSocket());
	}

	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return restrict(this.delegate.createSocket(socket, host, port, autoClose));
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return restrict(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return restrict(this.delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return restrict(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return restrict(this.delegate.createSocket(address, port, localAddress, localPort));
	}

	private Socket restrict(Socket socket) {
		if (socket instanceof SSLSocket sslSocket) {
			if (this.options.getCiphers() != null) {
				sslSocket.setEnabledCipherSuites(this.options.getCiphers());
			}
			if (this.options.getEnabledProtocols() != null) {
				sslSocket.setEnabledProtocols(this.options.getEnabledProtocols());
			}
		}
		return socket;
	}

}
