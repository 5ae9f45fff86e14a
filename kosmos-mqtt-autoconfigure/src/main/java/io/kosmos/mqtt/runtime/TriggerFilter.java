package io.kosmos.mqtt.runtime;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.kosmos.mqtt.message.ResultType;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerType;

/**
 * Decides whether the tool reacts to a valid trigger: only to the configured trigger
 * types, and for {@code analyse_result} triggers only to the configured previous result
 * types. An empty set means every type.
 */
public final class TriggerFilter {

	private final Set<TriggerType> triggerTypes;

	private final Set<ResultType> resultTypes;

	/**
	 * Creates a filter.
	 * @param triggerTypes the trigger types to react to, empty for all
	 * @param resultTypes the previous result types to react to, empty for all; sensor
	 * updates are not affected
	 */
	public TriggerFilter(Collection<TriggerType> triggerTypes, Collection<ResultType> resultTypes) {
		this.triggerTypes = triggerTypes.isEmpty() ? EnumSet.allOf(TriggerType.class) : EnumSet.copyOf(triggerTypes);
		this.resultTypes = resultTypes.isEmpty() ? EnumSet.allOf(ResultType.class) : EnumSet.copyOf(resultTypes);
	}

	/**
	 * Returns a filter that lets every trigger through.
	 * @return the filter
	 */
	public static TriggerFilter acceptAll() {
		return new TriggerFilter(Set.of(), Set.of());
	}

	/**
	 * Tells why a trigger is skipped.
	 * @param trigger the parsed trigger
	 * @return the reason, or {@code null} when the tool reacts to it
	 */
	public String skipReason(Trigger trigger) {
		if (!this.triggerTypes.contains(trigger.type())) {
			return "trigger type " + trigger.type().wireName() + " is not in kosmos.mqtt.filter.trigger-types "
					+ this.triggerTypes.stream().map(TriggerType::wireName).collect(Collectors.toList());
		}
		ResultType previous = trigger.previousResultType();
		if (previous != null && !this.resultTypes.contains(previous)) {
			return "previous result type " + previous.wireName() + " is not in kosmos.mqtt.filter.result-types "
					+ this.resultTypes.stream().map(ResultType::wireName).collect(Collectors.toList());
		}
		return null;
	}

}
