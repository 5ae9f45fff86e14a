package io.kosmos.mqtt.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An MQTT broker (HiveMQ Community Edition, MQTT 3.1.1 and 5) inside the JVM, for tests
 * and demos.
 *
 * <p>It listens on 127.0.0.1 only, keeps its state in memory, and has HiveMQ's usage
 * statistics switched off, so it opens no outbound connection. Its configuration, data
 * and extension folders are temporary and removed at {@link #stop()}.
 */
public class EmbeddedMqttBroker {

	private static final Log logger = LogFactory.getLog(EmbeddedMqttBroker.class);

	private static final String HOST = "127.0.0.1";

	private static final long START_TIMEOUT_SECONDS = 60;

	private final int requestedPort;

	private Path home;

	private EmbeddedHiveMQ hivemq;

	private int port;

	/**
	 * Creates a broker that is not started yet.
	 * @param port the port on 127.0.0.1, or 0 for a free one
	 */
	public EmbeddedMqttBroker(int port) {
		this.requestedPort = port;
	}

	/**
	 * Starts the broker and waits until it accepts connections.
	 * @throws IllegalStateException when it does not start within 60 seconds
	 */
	public synchronized void start() {
		if (this.hivemq != null) {
			return;
		}
		if (System.getProperty("jna.tmpdir") == null) {
			// OSHI, which HiveMQ uses, unpacks a native library; keep it out of the home folder.
			System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
		}
		this.port = (this.requestedPort != 0) ? this.requestedPort : findFreePort();
		try {
			this.home = Files.createTempDirectory("kosmos-embedded-broker-");
			Path config = Files.createDirectories(this.home.resolve("conf"));
			Files.writeString(config.resolve("config.xml"), configXml(this.port), StandardCharsets.UTF_8);
			this.hivemq = EmbeddedHiveMQ.builder()
				.withConfigurationFolder(config)
				.withDataFolder(Files.createDirectories(this.home.resolve("data")))
				.withExtensionsFolder(Files.createDirectories(this.home.resolve("extensions")))
				.withoutLoggingBootstrap()
				.build();
			this.hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to prepare the embedded MQTT broker's folders", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			// HiveMQ's non-daemon threads would keep the JVM alive after the failed start.
			stop();
			throw new IllegalStateException("Embedded MQTT broker failed to start on " + HOST + ":" + this.port
					+ "; set kosmos.mqtt.embedded-broker.port to a free port, or 0 to pick one", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IllegalStateException("Interrupted while starting the embedded MQTT broker", ex);
		}
		logger.info("Embedded MQTT broker listening on " + url());
	}

	/**
	 * Stops the broker and deletes its temporary folders. HiveMQ takes about four seconds
	 * to stop.
	 */
	public synchronized void stop() {
		if (this.hivemq == null) {
			return;
		}
		try {
			this.hivemq.close();
			logger.info("Embedded MQTT broker on " + url() + " stopped");
		}
		catch (ExecutionException ex) {
			logger.warn("Embedded MQTT broker on " + url() + " failed to stop cleanly", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.hivemq = null;
			deleteQuietly(this.home);
		}
	}

	/**
	 * Returns whether the broker is started.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public synchronized boolean isRunning() {
		return this.hivemq != null;
	}

	/**
	 * Returns the port the broker listens on.
	 * @return the port, known once started
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Returns the URL clients connect to.
	 * @return for example {@code tcp://127.0.0.1:41883}
	 */
	public String url() {
		return "tcp://" + HOST + ":" + this.port;
	}

	static String configXml(int port) {
		return """
				<?xml version="1.0"?>
				<hivemq>
				    <listeners>
				        <tcp-listener>
				            <port>%d</port>
				            <bind-address>%s</bind-address>
				        </tcp-listener>
				    </listeners>
				    <persistence>
				        <mode>in-memory</mode>
				    </persistence>
				    <anonymous-usage-statistics>
				        <enabled>false</enabled>
				    </anonymous-usage-statistics>
				</hivemq>
				""".formatted(port, HOST);
	}

	private static int findFreePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find a free port on " + HOST + " for the embedded MQTT broker", ex);
		}
	}

	private static void deleteQuietly(Path folder) {
		if (folder == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			logger.debug("Failed to delete " + folder, ex);
		}
	}

}
