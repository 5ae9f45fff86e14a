package io.kosmos.mqtt.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.kosmos.mqtt.support.TestBroker;

/**
 * A {@link ReliabilityToolMain} running in its own JVM on this JVM's class path, with
 * its output in a log file.
 */
final class ToolProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ToolProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a tool JVM.
	 * @param log the file its output is appended to
	 * @param maxHeap the {@code -Xmx} value, for example {@code 128m}
	 * @param arguments Spring Boot command-line properties
	 * @return the running tool
	 */
	static ToolProcess start(Path log, String maxHeap, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + maxHeap);
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ReliabilityToolMain.class.getName());
		command.add(TestBroker.protocolVersionArgument());
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new ToolProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start the tool JVM", ex);
		}
	}

	/** Returns whether the JVM is still running. */
	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Returns the JVM's exit code; only valid once it has ended. */
	int exitValue() {
		return this.process.exitValue();
	}

	/** Kills the JVM with SIGKILL and waits for it to end. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** Returns the JVM's output so far. */
	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			kill();
		}
	}

}
