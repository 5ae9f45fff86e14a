package io.kosmos.mqtt.config;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TcpNoDelaySocketFactoryTests {

	@Test
	void unconnectedSocketHasNoDelay() throws Exception {
		try (Socket socket = new TcpNoDelaySocketFactory().createSocket()) {
			assertThat(socket.getTcpNoDelay()).isTrue();
		}
	}

	@Test
	void connectedSocketHasNoDelay() throws Exception {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket server = new ServerSocket(0, 1, loopback);
				Socket socket = new TcpNoDelaySocketFactory().createSocket(loopback, server.getLocalPort())) {
			assertThat(socket.isConnected()).isTrue();
			assertThat(socket.getTcpNoDelay()).isTrue();
		}
	}

}
