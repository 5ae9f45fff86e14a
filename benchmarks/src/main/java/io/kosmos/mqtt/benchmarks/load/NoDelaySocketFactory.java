package io.kosmos.mqtt.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets with {@code TCP_NODELAY} set. Paho v3 1.2.5 and Mosquitto 2.0 leave
 * Nagle's algorithm on, which holds back a small publish until the previous segment is
 * acknowledged and, with delayed acknowledgements, adds tens of milliseconds on loopback.
 */
final class NoDelaySocketFactory extends SocketFactory {

	@Override
	public Socket createSocket() throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		return socket;
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(new Socket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(new Socket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(new Socket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return noDelay(new Socket(address, port, localAddress, localPort));
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}
