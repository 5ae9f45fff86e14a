package io.kosmos.mqtt.runtime;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PersistenceLockTests {

	@TempDir
	Path directory;

	@Test
	void secondLockOnSameClientIdFails() {
		PersistenceLock first = new PersistenceLock(this.directory, "tool-1");
		PersistenceLock second = new PersistenceLock(this.directory, "tool-1");
		first.acquire();

		assertThatIllegalStateException().isThrownBy(second::acquire)
			.withMessageContaining("MQTT client id 'tool-1' is already in use by another tool on this host")
			.withMessageContaining(first.file().toString())
			.withMessageContaining("kosmos.mqtt.broker.client-id");
		first.release();
	}

	@Test
	void lockIsFreeAgainAfterRelease() {
		PersistenceLock first = new PersistenceLock(this.directory, "tool-1");
		PersistenceLock second = new PersistenceLock(this.directory, "tool-1");
		first.acquire();
		first.release();

		second.acquire();

		second.release();
	}

	@Test
	void differentClientIdsDoNotConflict() {
		PersistenceLock first = new PersistenceLock(this.directory, "tool/1");
		PersistenceLock second = new PersistenceLock(this.directory, "tool_1");

		first.acquire();
		second.acquire();

		assertThat(first.file()).isNotEqualTo(second.file());
		assertThat(first.file().getFileName().toString()).startsWith("tool_1-").endsWith(".lock");
		assertThat(second.file().getFileName().toString()).isEqualTo("tool_1.lock");
		first.release();
		second.release();
	}

	@Test
	void otherBrokerGetsOwnLock() {
		PersistenceLock first = new PersistenceLock(this.directory, "tool-1", List.of("tcp://127.0.0.1:1883"));
		PersistenceLock second = new PersistenceLock(this.directory, "tool-1", List.of("tcp://127.0.0.1:1884"));
		PersistenceLock sameBroker = new PersistenceLock(this.directory, "tool-1", List.of("tcp://127.0.0.1:1883"));
		first.acquire();

		second.acquire();

		assertThatIllegalStateException().isThrownBy(sameBroker::acquire)
			.withMessageContaining("MQTT client id 'tool-1' is already in use by another tool on this host");
		first.release();
		second.release();
	}

	@Test
	void lockCreatesMissingDirectory() {
		PersistenceLock lock = new PersistenceLock(this.directory.resolve("a/b"), "tool-1");

		lock.acquire();

		assertThat(lock.file()).exists();
		lock.release();
	}

	@Test
	void unwritableDirectoryFailsWithHint() throws Exception {
		Path file = this.directory.resolve("not-a-folder");
		java.nio.file.Files.writeString(file, "x");
		PersistenceLock lock = new PersistenceLock(file, "tool-1");

		assertThatIllegalStateException().isThrownBy(lock::acquire)
			.withMessageContaining("Could not lock the persistence directory of MQTT client 'tool-1'")
			.withMessageContaining("kosmos.mqtt.broker.persistence-directory");
	}

}
