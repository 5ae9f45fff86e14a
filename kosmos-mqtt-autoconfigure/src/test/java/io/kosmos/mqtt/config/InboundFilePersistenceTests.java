package io.kosmos.mqtt.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.MqttPersistable;
import org.eclipse.paho.client.mqttv3.internal.MqttPersistentData;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InboundFilePersistenceTests {

	private static final String CLIENT_ID = "tool-1";

	private static final String SERVER = "tcp://127.0.0.1:1883";

	@TempDir
	Path directory;

	private InboundFilePersistence open() throws Exception {
		InboundFilePersistence persistence = new InboundFilePersistence(
				new MqttDefaultFilePersistence(this.directory.toString()));
		persistence.open(CLIENT_ID, SERVER);
		return persistence;
	}

	private static MqttPersistable data(String key, String payload) {
		byte[] header = { 0x30, 0x00 };
		byte[] body = payload.getBytes();
		return new MqttPersistentData(key, header, 0, header.length, body, 0, body.length);
	}

	private static List<Object> keys(InboundFilePersistence persistence) throws Exception {
		return Collections.list(persistence.keys()).stream().map(Object.class::cast).toList();
	}

	/** Returns header and payload as text; the file store returns both in the header bytes. */
	private static String text(MqttPersistable data) throws Exception {
		String header = new String(data.getHeaderBytes(), data.getHeaderOffset(), data.getHeaderLength());
		byte[] payload = data.getPayloadBytes();
		return (payload != null) ? header + new String(payload, data.getPayloadOffset(), data.getPayloadLength())
				: header;
	}

	private long filesOnDisk() throws Exception {
		try (Stream<Path> files = Files.walk(this.directory)) {
			return files.filter((path) -> path.getFileName().toString().endsWith(".msg")).count();
		}
	}

	@Test
	void onlyReceivedMessagesWrittenToFiles() throws Exception {
		InboundFilePersistence persistence = open();

		persistence.put("r-7", data("r-7", "trigger"));
		persistence.put("s-8", data("s-8", "result"));
		persistence.put("sc-8", data("sc-8", "pubrel"));

		assertThat(filesOnDisk()).isEqualTo(1);
		assertThat(persistence.containsKey("r-7")).isTrue();
		assertThat(persistence.containsKey("s-8")).isTrue();
		assertThat(keys(persistence)).containsExactlyInAnyOrder((Object) "r-7", "s-8", "sc-8");
		assertThat(text(persistence.get("s-8"))).endsWith("result");
		persistence.remove("s-8");
		assertThat(persistence.containsKey("s-8")).isFalse();
		persistence.close();
	}

	@Test
	void onlyReceivedMessagesSurviveRestart() throws Exception {
		InboundFilePersistence first = open();
		first.put("r-7", data("r-7", "trigger"));
		first.put("s-8", data("s-8", "result"));
		first.close();

		InboundFilePersistence second = open();

		assertThat(keys(second)).containsExactly((Object) "r-7");
		assertThat(text(second.get("r-7"))).endsWith("trigger");
		second.clear();
		assertThat(keys(second)).isEmpty();
		second.close();
	}

}
