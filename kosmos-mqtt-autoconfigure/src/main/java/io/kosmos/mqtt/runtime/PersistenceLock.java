package io.kosmos.mqtt.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An exclusive lock on the client's persistence directory, held while the client runs, so
 * that two tools on one host cannot share the store of one client id.
 *
 * <p>Paho 1.2.5's file persistence does not enforce its own lock: a second process opens
 * the same folder without an error, and each client then reads, resends and deletes the
 * other's in-flight messages. The broker would also keep evicting one of the two
 * connections. This lock makes the second tool fail at startup instead.
 */
public class PersistenceLock {

	private static final Log logger = LogFactory.getLog(PersistenceLock.class);

	private final Path file;

	private final String clientId;

	private FileChannel channel;

	private FileLock lock;

	/**
	 * Creates a lock for a client id in a persistence directory.
	 * @param directory the persistence directory, created when missing
	 * @param clientId the client id, which names the lock file
	 */
	public PersistenceLock(Path directory, String clientId) {
		this(directory, clientId, null);
	}

	/**
	 * Creates a lock for a client id on a broker in a persistence directory. Tools with
	 * the same client id on different brokers do not share a session, so they get
	 * different locks.
	 * @param directory the persistence directory, created when missing
	 * @param clientId the client id, which names the lock file
	 * @param brokers the broker URLs, or {@code null} for a lock on the client id alone
	 */
	public PersistenceLock(Path directory, String clientId, List<String> brokers) {
		String key = (brokers != null) ? clientId + "@" + String.join(",", brokers) : clientId;
		this.file = directory.resolve(fileName(key));
		this.clientId = clientId;
	}

	/**
	 * Returns the lock file.
	 * @return the path of the lock file
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * Takes the lock, or fails when another tool holds it.
	 * @throws IllegalStateException when another process, or another client in this JVM,
	 * holds the lock, or when the lock file cannot be created
	 */
	public synchronized void acquire() {
		if (this.lock != null) {
			return;
		}
		FileChannel opened = null;
		try {
			Files.createDirectories(this.file.getParent());
			opened = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock acquired = opened.tryLock();
			if (acquired == null) {
				throw alreadyInUse();
			}
			this.channel = opened;
			this.lock = acquired;
		}
		catch (OverlappingFileLockException ex) {
			// Another client in this JVM holds the lock; the exception has no message to keep.
			throw alreadyInUse();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not lock the persistence directory of MQTT client '" + this.clientId
					+ "' (" + this.file + "): " + ex.getMessage() + ". Check that the tool may write there, or set "
					+ "kosmos.mqtt.broker.persistence-directory to a writable folder", ex);
		}
		finally {
			if (this.lock == null) {
				closeQuietly(opened);
			}
		}
	}

	/**
	 * Releases the lock; does nothing when it is not held. The lock file stays, since
	 * deleting it could race with a tool that is opening it.
	 */
	public synchronized void release() {
		if (this.lock == null) {
			return;
		}
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			logger.warn("Could not release the lock " + this.file + " of MQTT client '" + this.clientId + "'", ex);
		}
		closeQuietly(this.channel);
		this.lock = null;
		this.channel = null;
	}

	private IllegalStateException alreadyInUse() {
		return new IllegalStateException("MQTT client id '" + this.clientId + "' is already in use by another tool "
				+ "on this host: its persistence lock " + this.file + " is held. Give every instance its own "
				+ "kosmos.mqtt.broker.client-id");
	}

	private void closeQuietly(FileChannel opened) {
		if (opened == null) {
			return;
		}
		try {
			opened.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close the lock file " + this.file, ex);
		}
	}

	private static String fileName(String clientId) {
		StringBuilder name = new StringBuilder(clientId.length() + 16);
		clientId.codePoints()
			.forEach((c) -> name.appendCodePoint(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'
					? c : '_'));
		if (!name.toString().equals(clientId)) {
			// Keeps ids that differ only in replaced characters apart.
			name.append('-').append(Integer.toHexString(clientId.hashCode()));
		}
		return name.append(".lock").toString();
	}

}
