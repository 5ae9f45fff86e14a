package io.kosmos.mqtt.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.runtime.ReceivedTrigger;
import io.kosmos.mqtt.runtime.TriggerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records the tool's Micrometer metrics, all named {@code kosmos.mqtt.*} and tagged with
 * {@code model.url} and {@code model.tag}. Tags take only values from a small fixed set
 * (result type, rejection reason, failure kind), never a contract, machine or sensor id,
 * so the number of time series stays bounded.
 *
 * <p>Counters: {@code kosmos.mqtt.triggers.received}, {@code .processed},
 * {@code .rejected} (tag {@code reason}), {@code .filtered}, {@code .failed} (tag
 * {@code failure}), {@code kosmos.mqtt.results.published} (tag {@code result.type}) and,
 * from the first dead letter on, {@code kosmos.mqtt.dead.letters} (tag {@code reason}).
 * Timers:
 * {@code kosmos.mqtt.analysis.duration} (the handler alone) and
 * {@code kosmos.mqtt.trigger.duration} (from receiving a trigger to publishing its
 * result, queue wait included), both tagged {@code result.type}. Gauges are bound by
 * {@link #bindGauges}.
 */
public class KosmosMqttMetrics implements TriggerListener {

	/** The KOSMoS result types, the values of the {@code result.type} tag. */
	static final List<String> RESULT_TYPES = List.of("time_series", "multiple_time_series", "text");

	private final MeterRegistry registry;

	private final Tags modelTags;

	private final Clock clock;

	private final Counter received;

	private final Counter processed;

	private final Counter filtered;

	private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);

	private final Map<AnalysisFailure, Counter> failed = new EnumMap<>(AnalysisFailure.class);

	private final Map<String, Counter> published = new HashMap<>();

	private final Map<String, Timer> analysisDurations = new HashMap<>();

	private final Map<String, Timer> triggerDurations = new HashMap<>();

	/**
	 * Registers the counters and timers. Every tag combination is registered at zero, so
	 * dashboards and alerts see each series before its first event.
	 * @param registry the registry to record to
	 * @param modelUrl the model url tag
	 * @param modelTag the model tag tag
	 * @param timerSettings percentiles of the two timers
	 * @param clock the time source of the end-to-end duration; the dispatcher stamps
	 * receive times with the system UTC clock
	 */
	public KosmosMqttMetrics(MeterRegistry registry, String modelUrl, String modelTag, TimerSettings timerSettings,
			Clock clock) {
		this.registry = registry;
		this.modelTags = Tags.of("model.url", modelUrl, "model.tag", modelTag);
		this.clock = clock;
		this.received = counter("kosmos.mqtt.triggers.received", "Triggers received from the broker", Tags.empty());
		this.processed = counter("kosmos.mqtt.triggers.processed", "Triggers whose result was published",
				Tags.empty());
		this.filtered = counter("kosmos.mqtt.triggers.filtered", "Triggers skipped by a filter", Tags.empty());
		for (RejectionReason reason : RejectionReason.values()) {
			this.rejected.put(reason, counter("kosmos.mqtt.triggers.rejected",
					"Triggers rejected as invalid before the handler ran", Tags.of("reason", reason.tag())));
		}
		for (AnalysisFailure failure : AnalysisFailure.values()) {
			this.failed.put(failure, counter("kosmos.mqtt.triggers.failed", "Valid triggers that got no result",
					Tags.of("failure", failure.tag())));
		}
		for (String type : RESULT_TYPES) {
			Tags typeTag = Tags.of("result.type", type);
			this.published.put(type, counter("kosmos.mqtt.results.published", "Results published", typeTag));
			this.analysisDurations.put(type, timer("kosmos.mqtt.analysis.duration",
					"Time the analysis handler ran for a trigger", typeTag, timerSettings));
			this.triggerDurations.put(type, timer("kosmos.mqtt.trigger.duration",
					"Time from receiving a trigger to publishing its result", typeTag, timerSettings));
		}
	}

	/**
	 * Registers the gauges: analyses waiting and running, and the connection state.
	 * @param queued the number of triggers waiting for a worker
	 * @param active the number of analyses running
	 * @param connected whether the MQTT client is connected
	 */
	public void bindGauges(Supplier<Number> queued, Supplier<Number> active, Supplier<Boolean> connected) {
		Gauge.builder("kosmos.mqtt.executor.queued", queued)
			.description("Triggers waiting for a free analysis worker")
			.tags(this.modelTags)
			.register(this.registry);
		Gauge.builder("kosmos.mqtt.executor.active", active)
			.description("Analyses running")
			.tags(this.modelTags)
			.register(this.registry);
		Gauge.builder("kosmos.mqtt.connected", () -> Boolean.TRUE.equals(connected.get()) ? 1 : 0)
			.description("1 while the MQTT client is connected to the broker, 0 otherwise")
			.tags(this.modelTags)
			.register(this.registry);
	}

	/**
	 * Registers the connection counters: reconnects, and eviction loops caused by another
	 * client with the same client id.
	 * @param reconnects the number of reconnects after a lost connection
	 * @param evictionLoops the number of eviction loops detected
	 */
	public void bindConnectionCounters(Supplier<Number> reconnects, Supplier<Number> evictionLoops) {
		FunctionCounter.builder("kosmos.mqtt.reconnects", reconnects, (count) -> count.get().doubleValue())
			.description("Reconnects to the broker after a lost connection, each followed by a new subscription")
			.tags(this.modelTags)
			.register(this.registry);
		FunctionCounter.builder("kosmos.mqtt.client-id.eviction-loops", evictionLoops,
				(count) -> count.get().doubleValue())
			.description("Times another client with the same client id kept taking the connection over")
			.tags(this.modelTags)
			.register(this.registry);
	}

	@Override
	public void triggerReceived(ReceivedTrigger trigger) {
		this.received.increment();
	}

	@Override
	public void triggerRejected(ReceivedTrigger trigger, InvalidTriggerException error) {
		this.rejected.get(error.getReason()).increment();
	}

	@Override
	public void analysisFailed(ReceivedTrigger received, Trigger trigger, AnalysisFailure failure, Throwable error) {
		this.failed.get(failure).increment();
	}

	@Override
	public void resultPublished(ReceivedTrigger received, Trigger trigger, String type, String resultTopic,
			Duration analysisDuration) {
		this.processed.increment();
		this.published.get(type).increment();
		this.analysisDurations.get(type).record(analysisDuration);
		Duration endToEnd = Duration.between(received.receivedAt(), Instant.now(this.clock));
		if (!endToEnd.isNegative()) {
			this.triggerDurations.get(type).record(endToEnd);
		}
	}

	@Override
	public void triggerFiltered(ReceivedTrigger received, Trigger trigger, String reason) {
		this.filtered.increment();
	}

	@Override
	public void triggerDeadLettered(ReceivedTrigger received, String reason) {
		counter("kosmos.mqtt.dead.letters", "Triggers moved to the dead-letter topic", Tags.of("reason", reason))
			.increment();
	}

	private Counter counter(String name, String description, Tags tags) {
		return Counter.builder(name).description(description).tags(this.modelTags).tags(tags).register(this.registry);
	}

	private Timer timer(String name, String description, Tags tags, TimerSettings settings) {
		Timer.Builder builder = Timer.builder(name).description(description).tags(this.modelTags).tags(tags);
		if (!settings.percentiles().isEmpty()) {
			builder.publishPercentiles(settings.percentiles().stream().mapToDouble(Double::doubleValue).toArray());
		}
		if (settings.percentilesHistogram()) {
			builder.publishPercentileHistogram();
		}
		return builder.register(this.registry);
	}

	/**
	 * Percentile settings of the timers.
	 *
	 * @param percentiles percentiles computed in the application, each between 0 and 1
	 * @param percentilesHistogram whether a histogram is published for the monitoring
	 * system to compute percentiles
	 */
	public record TimerSettings(List<Double> percentiles, boolean percentilesHistogram) {

		public TimerSettings {
			percentiles = List.copyOf(percentiles);
		}

	}

}
