package io.kosmos.mqtt.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A Mosquitto process that a test owns: started from the {@code PATH} on a free port of
 * 127.0.0.1 with persistence on, and stopped with SIGTERM (which saves its sessions) and
 * started again on the same port.
 *
 * <p>Mosquitto started as root drops privileges to the {@code mosquitto} user, so the
 * broker's folder is made writable for every user.
 */
public final class MosquittoBroker implements AutoCloseable {

	private final Path executable;

	private final Path directory;

	private final int port;

	private Process process;

	private MosquittoBroker(Path executable) {
		this.executable = executable;
		try {
			this.directory = Files.createTempDirectory("kosmos-mosquitto-");
			Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxrwxrwx"));
			this.port = freePort();
			Files.writeString(this.directory.resolve("mosquitto.conf"), config(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a broker, or skips the calling test when Mosquitto is not installed.
	 * @return the running broker
	 */
	public static MosquittoBroker start() {
		Path executable = findExecutable();
		Assumptions.assumeTrue(executable != null,
				"Mosquitto is not installed (no 'mosquitto' on the PATH or in /usr/sbin): "
						+ "install it (apt-get install mosquitto) to run this test");
		MosquittoBroker broker = new MosquittoBroker(executable);
		broker.startProcess();
		return broker;
	}

	/**
	 * Returns the broker's URL.
	 * @return for example {@code tcp://127.0.0.1:41234}
	 */
	public String url() {
		return "tcp://127.0.0.1:" + this.port;
	}

	/**
	 * Stops the broker with SIGTERM and waits until the process has ended.
	 */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.process = null;
	}

	/**
	 * Starts the stopped broker again on the same port, with the sessions it saved.
	 */
	public synchronized void restart() {
		stop();
		startProcess();
	}

	@Override
	public void close() {
		stop();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// A leftover temporary folder does not fail the test.
		}
	}

	private synchronized void startProcess() {
		try {
			this.process = new ProcessBuilder(this.executable.toString(), "-c",
					this.directory.resolve("mosquitto.conf").toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("output.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start " + this.executable, ex);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Mosquitto exited with " + this.process.exitValue() + ": " + output());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				return;
			}
			catch (IOException ex) {
				// Not listening yet: try again.
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new IllegalStateException("Mosquitto did not listen on port " + this.port + " within 20 s: " + output());
	}

	private String output() {
		try {
			return Files.readString(this.directory.resolve("output.log"));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	private String config() {
		return """
				listener %d 127.0.0.1
				allow_anonymous true
				persistence true
				persistence_location %s/
				autosave_interval 1
				max_inflight_messages 1000
				max_queued_messages 100000
				log_type error
				log_type warning
				""".formatted(this.port, this.directory);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static Path findExecutable() {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String folder : path.split(File.pathSeparator)) {
				Path candidate = Path.of(folder, "mosquitto");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		Path sbin = Path.of("/usr/sbin/mosquitto");
		return Files.isExecutable(sbin) ? sbin : null;
	}

}
