package io.kosmos.mqtt.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test client without Spring, injected by {@link KosmosTestClientExtension}, against
 * the {@link KosmosTestBroker}.
 */
@ExtendWith(KosmosTestClientExtension.class)
class KosmosTestClientIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void timeoutListsReceivedMessages(KosmosTestClient client) {
		String status = "{\"body\": {\"from\": \"client-test\", \"status\": \"alive\"}}";
		client.publishTrigger("kosmos/analyses/other", status.getBytes(StandardCharsets.UTF_8));
		client.awaitResult("other", TIMEOUT);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> client.awaitResult("missing", Duration.ofMillis(200)))
			.withMessageStartingWith("Timed out after 200 ms waiting for a result on kosmos/analyses/missing "
					+ "or kosmos/analyses/missing/temporary; the test client received ")
			.withMessageContaining("\n  kosmos/analyses/other " + status);
	}

	@Test
	void statusTimeoutNamesTool() {
		// Status messages are retained, so other tools' statuses may arrive at once.
		try (KosmosTestClient client = KosmosTestClient.connect()) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> client.awaitStatus("nobody", "alive", Duration.ofMillis(100)))
				.withMessageStartingWith("Timed out after 100 ms waiting for status 'alive' from 'nobody' on "
						+ "kosmos/status; the test client received ");
		}
	}

	@Test
	void deadLetterFoundByContract(KosmosTestClient client) {
		String record = "{\"contract\": \"dl42\", \"reason\": \"invalid\"}";
		client.publishTrigger("kosmos/dead-letter/sample/v1", "{\"contract\": \"dl4\"}".getBytes(StandardCharsets.UTF_8));
		client.publishTrigger("kosmos/dead-letter/sample/v1", record.getBytes(StandardCharsets.UTF_8));

		KosmosTestClient.ReceivedMessage deadLetter = client.awaitDeadLetter("dl42", TIMEOUT);

		assertThat(deadLetter.topic()).isEqualTo("kosmos/dead-letter/sample/v1");
		assertThat(deadLetter.json().get("reason").asString()).isEqualTo("invalid");
	}

	@Test
	void sameClientForWholeTest(KosmosTestClient first, KosmosTestClient second) {
		assertThat(first).isSameAs(second);
	}

}
