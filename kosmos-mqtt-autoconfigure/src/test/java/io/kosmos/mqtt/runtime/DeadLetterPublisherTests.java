package io.kosmos.mqtt.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterPublisherTests {

	private final DeadLetterPublisher deadLetters = new DeadLetterPublisher(null, JsonMapper.builder().build(),
			"kosmos/dead-letter/wear/v1", "wear-tool");

	private ObjectNode record(byte[] payload) {
		ReceivedTrigger received = new ReceivedTrigger(1, "kosmos/analytics/wear/v1", payload,
				Instant.parse("2024-01-01T00:00:00Z"), () -> {
				});
		return this.deadLetters.record(received, null, "too-large", "too large", 0);
	}

	@Test
	void smallPayloadKeptWhole() {
		ObjectNode record = record("{\"body\": {}}".getBytes(StandardCharsets.UTF_8));

		assertThat(record.get("payload").stringValue()).isEqualTo("{\"body\": {}}");
		assertThat(record.get("payloadEncoding").stringValue()).isEqualTo("utf-8");
		assertThat(record.has("payloadTruncated")).isFalse();
		assertThat(record.has("payloadSize")).isFalse();
	}

	@Test
	void largePayloadTruncated() {
		byte[] payload = new byte[100_000];
		Arrays.fill(payload, (byte) 'a');

		ObjectNode record = record(payload);

		assertThat(record.get("payload").stringValue()).hasSize(DeadLetterPublisher.MAX_PAYLOAD_BYTES);
		assertThat(record.get("payloadEncoding").stringValue()).isEqualTo("utf-8");
		assertThat(record.get("payloadTruncated").booleanValue()).isTrue();
		assertThat(record.get("payloadSize").intValue()).isEqualTo(100_000);
	}

	@Test
	void truncationInsideCharacterStaysText() {
		byte[] payload = "é".repeat(40_000).getBytes(StandardCharsets.UTF_8);

		ObjectNode record = record(payload);

		assertThat(record.get("payloadEncoding").stringValue()).isEqualTo("utf-8");
		assertThat(record.get("payload").stringValue()).hasSize(DeadLetterPublisher.MAX_PAYLOAD_BYTES / 2);
		assertThat(record.get("payloadTruncated").booleanValue()).isTrue();
	}

	@Test
	void binaryPayloadTruncatedAsBase64() {
		byte[] payload = new byte[70_000];
		Arrays.fill(payload, (byte) 0xFF);

		ObjectNode record = record(payload);

		assertThat(record.get("payloadEncoding").stringValue()).isEqualTo("base64");
		assertThat(Base64.getDecoder().decode(record.get("payload").stringValue()))
			.hasSize(DeadLetterPublisher.MAX_PAYLOAD_BYTES);
		assertThat(record.get("payloadSize").intValue()).isEqualTo(70_000);
	}

}
