package io.kosmos.mqtt.runtime;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.Trigger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls several {@link TriggerListener}s in order; one that throws is logged and does not
 * stop the others.
 */
public class CompositeTriggerListener implements TriggerListener {

	private static final Log logger = LogFactory.getLog(CompositeTriggerListener.class);

	private final List<TriggerListener> listeners;

	/**
	 * Creates a listener that calls every given listener.
	 * @param listeners the listeners, in call order
	 */
	public CompositeTriggerListener(List<TriggerListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void triggerReceived(ReceivedTrigger received) {
		forEach((listener) -> listener.triggerReceived(received));
	}

	@Override
	public void triggerRejected(ReceivedTrigger received, InvalidTriggerException error) {
		forEach((listener) -> listener.triggerRejected(received, error));
	}

	@Override
	public void triggerFiltered(ReceivedTrigger received, Trigger trigger, String reason) {
		forEach((listener) -> listener.triggerFiltered(received, trigger, reason));
	}

	@Override
	public void analysisFailed(ReceivedTrigger received, Trigger trigger, AnalysisFailure failure, Throwable error) {
		forEach((listener) -> listener.analysisFailed(received, trigger, failure, error));
	}

	@Override
	public void resultPublished(ReceivedTrigger received, Trigger trigger, String resultTopic,
			Duration analysisDuration) {
		forEach((listener) -> listener.resultPublished(received, trigger, resultTopic, analysisDuration));
	}

	@Override
	public void resultPublished(ReceivedTrigger received, Trigger trigger, String resultType, String resultTopic,
			Duration analysisDuration) {
		forEach((listener) -> listener.resultPublished(received, trigger, resultType, resultTopic, analysisDuration));
	}

	@Override
	public void triggerDeadLettered(ReceivedTrigger received, String reason) {
		forEach((listener) -> listener.triggerDeadLettered(received, reason));
	}

	private void forEach(Consumer<TriggerListener> call) {
		for (TriggerListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Trigger listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
