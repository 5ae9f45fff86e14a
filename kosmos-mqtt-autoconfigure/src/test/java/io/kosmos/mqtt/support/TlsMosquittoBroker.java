package io.kosmos.mqtt.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Mosquitto process on free ports of 127.0.0.1 with a plain listener and, when made by
 * {@link #withTlsListener}, a TLS listener that requires a client certificate. Needs
 * {@code mosquitto} on the PATH; see {@link #isInstalled()}.
 */
public final class TlsMosquittoBroker implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final int tlsPort;

	private final Path config;

	private final Path log;

	private Process process;

	/**
	 * Writes a configuration for a free port; call {@link #start()} to run it.
	 * @throws IOException when the configuration cannot be written
	 */
	public TlsMosquittoBroker() throws IOException {
		this(null);
	}

	private TlsMosquittoBroker(TlsFiles tls) throws IOException {
		this.port = freePort();
		this.tlsPort = (tls != null) ? freePort() : -1;
		Path folder = Files.createTempDirectory("kosmos-mosquitto");
		this.config = folder.resolve("mosquitto.conf");
		this.log = folder.resolve("mosquitto.log");
		StringBuilder config = new StringBuilder();
		config.append("listener ").append(this.port).append(" 127.0.0.1\nallow_anonymous true\npersistence false\n");
		if (tls != null) {
			config.append("listener ").append(this.tlsPort).append(" 127.0.0.1\n");
			config.append("cafile ").append(tls.caCertificate()).append('\n');
			config.append("certfile ").append(tls.certificate()).append('\n');
			config.append("keyfile ").append(tls.privateKey()).append('\n');
			config.append("require_certificate true\n");
		}
		Files.writeString(this.config, config.toString(), StandardCharsets.UTF_8);
	}

	/**
	 * Writes a configuration with a plain listener and a TLS listener that requires a
	 * client certificate signed by the given CA. Mosquitto drops its privileges to the
	 * {@code mosquitto} user when started as root, so the files must be readable for it.
	 * @param tls the PEM files of the TLS listener
	 * @return the broker, not started
	 * @throws IOException when the configuration cannot be written
	 */
	public static TlsMosquittoBroker withTlsListener(TlsFiles tls) throws IOException {
		return new TlsMosquittoBroker(tls);
	}

	/**
	 * PEM files of a TLS listener.
	 *
	 * @param caCertificate the CA that client certificates must be signed by
	 * @param certificate the broker's certificate
	 * @param privateKey the broker's private key
	 */
	public record TlsFiles(Path caCertificate, Path certificate, Path privateKey) {
	}

	/**
	 * Returns whether the {@code mosquitto} executable is on the PATH.
	 * @return {@code true} when found
	 */
	public static boolean isInstalled() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String folder : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(folder, "mosquitto"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Starts the broker and waits until it accepts connections.
	 * @throws IOException when the process cannot be started
	 */
	public void start() throws IOException {
		this.process = new ProcessBuilder("mosquitto", "-c", this.config.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		try {
			await().atMost(START_TIMEOUT).ignoreExceptions().until(this::accepts);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new IllegalStateException("Mosquitto did not accept connections on port " + this.port
					+ " within " + START_TIMEOUT + "; its log: " + Files.readString(this.log), ex);
		}
	}

	/**
	 * Stops the broker and waits for the process to end.
	 * @throws InterruptedException when interrupted while waiting
	 */
	public void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * Returns the broker URL.
	 * @return for example {@code tcp://127.0.0.1:41234}
	 */
	public String url() {
		return "tcp://127.0.0.1:" + this.port;
	}

	/**
	 * Returns the URL of the TLS listener.
	 * @return for example {@code ssl://127.0.0.1:41235}
	 * @throws IllegalStateException when the broker has no TLS listener
	 */
	public String tlsUrl() {
		if (this.tlsPort < 0) {
			throw new IllegalStateException("This broker has no TLS listener; create it with withTlsListener");
		}
		return "ssl://127.0.0.1:" + this.tlsPort;
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private boolean accepts() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			return true;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
