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
 * A Mosquitto process on a free port of 127.0.0.1 that a test can stop and start again on
 * the same port. Needs {@code mosquitto} on the PATH; see {@link #isInstalled()}.
 */
public final class MosquittoBroker implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final Path config;

	private final Path log;

	private Process process;

	/**
	 * Writes a configuration for a free port; call {@link #start()} to run it.
	 * @throws IOException when the configuration cannot be written
	 */
	public MosquittoBroker() throws IOException {
		this.port = freePort();
		Path folder = Files.createTempDirectory("kosmos-mosquitto");
		this.config = folder.resolve("mosquitto.conf");
		this.log = folder.resolve("mosquitto.log");
		Files.writeString(this.config, "listener " + this.port + " 127.0.0.1\nallow_anonymous true\npersistence false\n",
				StandardCharsets.UTF_8);
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
		await().atMost(START_TIMEOUT).ignoreExceptions().until(this::accepts);
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
