package io.kosmos.mqtt.test;

/**
 * Entry point of the AssertJ assertions on KOSMoS results.
 *
 * <pre class="code">
 * assertThat(client.awaitResult(contract, Duration.ofSeconds(20)))
 *     .hasType("time_series")
 *     .column("mean").containsExactly(2.0);
 * </pre>
 */
public final class KosmosAssertions {

	private KosmosAssertions() {
	}

	/**
	 * Starts assertions on a received result, which is first read as a KOSMoS analysis
	 * message.
	 * @param message a message from a result topic
	 * @return the assertion
	 * @throws AssertionError when the message is not a valid analysis message
	 */
	public static ResultMessageAssert assertThat(KosmosTestClient.ReceivedMessage message) {
		return new ResultMessageAssert(ResultMessage.of(message));
	}

	/**
	 * Starts assertions on a result.
	 * @param result the result
	 * @return the assertion
	 */
	public static ResultMessageAssert assertThat(ResultMessage result) {
		return new ResultMessageAssert(result);
	}

}
