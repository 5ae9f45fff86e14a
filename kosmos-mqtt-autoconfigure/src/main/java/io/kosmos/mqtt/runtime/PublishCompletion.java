package io.kosmos.mqtt.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of one publish through a Paho client, which can also be awaited on Paho's
 * delivery token.
 *
 * <p>Paho runs action listeners, which complete this future, on its callback thread, the
 * thread that also delivers messages and connect notifications. A caller on that thread,
 * such as the status publisher reacting to a renewed subscription, would wait for itself
 * until the timeout. Paho's communication thread completes the token itself, so waiting
 * on the token works from any thread.
 */
final class PublishCompletion extends CompletableFuture<Void> {

	private volatile TokenWait tokenWait;

	/**
	 * Records that the message was handed to the client.
	 * @param tokenWait waits on the client's token
	 */
	void handedToClient(TokenWait tokenWait) {
		this.tokenWait = tokenWait;
	}

	/**
	 * Waits for the broker to complete the QoS handshake: on the token once the message is
	 * handed to the client, else on this future.
	 * @param timeoutMillis the maximum wait
	 * @throws ExecutionException when the publish failed
	 * @throws TimeoutException when it did not complete in time
	 * @throws InterruptedException when interrupted
	 */
	void await(long timeoutMillis) throws ExecutionException, TimeoutException, InterruptedException {
		TokenWait wait = this.tokenWait;
		if (wait == null) {
			get(timeoutMillis, TimeUnit.MILLISECONDS);
			return;
		}
		try {
			wait.await(timeoutMillis);
		}
		catch (TimeoutException | InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ExecutionException(ex);
		}
	}

	/**
	 * Waits on a Paho token.
	 */
	@FunctionalInterface
	interface TokenWait {

		/**
		 * Waits until the token completes.
		 * @param timeoutMillis the maximum wait
		 * @throws TimeoutException when the token did not complete in time
		 * @throws Exception when the publish failed
		 */
		void await(long timeoutMillis) throws Exception;

	}

}
