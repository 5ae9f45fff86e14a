package io.kosmos.mqtt.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.RejectionReason;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedTriggerLogTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void longTopicAndReasonCut() {
		String topic = "kosmos/analytics/extra/" + "x".repeat(5000) + "\nforged line";
		ReceivedTrigger received = new ReceivedTrigger(7, topic, "{}".getBytes(StandardCharsets.UTF_8), Instant.now(),
				() -> {
				});
		InvalidTriggerException error = new InvalidTriggerException(RejectionReason.INVALID_DATA, "y".repeat(5000));

		String line = RejectedTriggerLog.message(received, error, this.json);

		assertThat(line).hasSizeLessThan(700);
		assertThat(line).doesNotContain("\n");
		assertThat(line).startsWith("Rejected trigger 7 on topic 'kosmos/analytics/extra/xxx");
		assertThat(line).contains("...' (2 bytes, invalid-data): yyy");
	}

	@Test
	void oversizedPayloadNotParsedForContract() {
		byte[] payload = "{\"body\":{\"contract\":\"k2301\"}}".getBytes(StandardCharsets.UTF_8);
		ReceivedTrigger received = new ReceivedTrigger(8, "kosmos/analytics/m/v1", payload, Instant.now(), () -> {
		});

		String tooLarge = RejectedTriggerLog.message(received,
				new InvalidTriggerException(RejectionReason.TOO_LARGE, "too large"), this.json);
		String invalid = RejectedTriggerLog.message(received,
				new InvalidTriggerException(RejectionReason.INVALID_DATA, "invalid"), this.json);

		assertThat(tooLarge).doesNotContain("k2301");
		assertThat(invalid).contains("for contract 'k2301'");
	}

}
