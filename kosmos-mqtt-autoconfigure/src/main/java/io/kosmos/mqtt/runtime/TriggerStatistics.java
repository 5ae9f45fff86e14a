package io.kosmos.mqtt.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of triggers by outcome since the tool started.
 */
public class TriggerStatistics {

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	void recordReceived() {
		this.received.incrementAndGet();
	}

	void recordProcessed() {
		this.processed.incrementAndGet();
	}

	void recordRejected() {
		this.rejected.incrementAndGet();
	}

	void recordFailed() {
		this.failed.incrementAndGet();
	}

	/**
	 * Returns the number of triggers received.
	 * @return the count
	 */
	public long received() {
		return this.received.get();
	}

	/**
	 * Returns the number of triggers whose result was published.
	 * @return the count
	 */
	public long processed() {
		return this.processed.get();
	}

	/**
	 * Returns the number of triggers rejected as invalid before the handler ran.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.get();
	}

	/**
	 * Returns the number of triggers whose handler failed or whose result could not be
	 * written or published.
	 * @return the count
	 */
	public long failed() {
		return this.failed.get();
	}

}
