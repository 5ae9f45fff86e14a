package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.Trigger;

/**
 * Counts of triggers by outcome since the tool started.
 */
public class TriggerStatistics implements TriggerListener {

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong filtered = new AtomicLong();

	@Override
	public void triggerReceived(ReceivedTrigger trigger) {
		this.received.incrementAndGet();
	}

	@Override
	public void triggerRejected(ReceivedTrigger trigger, InvalidTriggerException error) {
		this.rejected.incrementAndGet();
	}

	@Override
	public void triggerFiltered(ReceivedTrigger received, Trigger trigger, String reason) {
		this.filtered.incrementAndGet();
	}

	@Override
	public void analysisFailed(ReceivedTrigger received, Trigger trigger, AnalysisFailure failure, Throwable error) {
		this.failed.incrementAndGet();
	}

	@Override
	public void resultPublished(ReceivedTrigger received, Trigger trigger, String resultTopic,
			Duration analysisDuration) {
		this.processed.incrementAndGet();
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
	 * Returns the number of valid triggers that got no result.
	 * @return the count
	 */
	public long failed() {
		return this.failed.get();
	}

	/**
	 * Returns the number of valid triggers skipped by {@code kosmos.mqtt.filter.*}.
	 * @return the count
	 */
	public long filtered() {
		return this.filtered.get();
	}

}
